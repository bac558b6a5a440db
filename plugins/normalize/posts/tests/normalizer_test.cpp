// normalize/posts, the Normalizer against a row-by-row model of its
// definition (first row of each (platform, post_id) kept, nulls filled from
// the first later copy that has a value, derived columns from
// fold_hashtag_icu and normalize_url), over random batches with duplicates,
// nulls and small output batches, in both fill modes, through the stage.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hashtag_fold.hpp"
#include "posts_stage.hpp"
#include "random_text.hpp"
#include "url_normalize.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::sdk::SplitMix64;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using namespace chorus::normalize_posts;
using chorus::normalize_posts::test::random_text;

namespace {

const std::string kRoot = CHORUS_TEST_SOURCE_DIR;

Schema full_schema() {
  return chorus::sdk::schema_from_json(Json::parse(read_file(kRoot + "/schemas/datasets/posts.json")).at("columns"));
}

// One posts row as the model sees it: nullopt for null.
using Cell = std::optional<std::vector<std::string>>;  // utf8/int64/bool as one string, lists as items

Cell cell(const Column& c, int64_t i) {
  if (c.is_null(i)) return std::nullopt;
  switch (c.type().id) {
    case TypeId::Utf8:
      return std::vector<std::string>{std::string(c.str(i))};
    case TypeId::ListUtf8: {
      std::vector<std::string> v;
      for (int64_t j = 0; j < c.list_size(i); ++j) v.emplace_back(c.list_item(i, j));
      return v;
    }
    case TypeId::Float64:
      return std::vector<std::string>{std::to_string(c.float64(i))};
    default:
      return std::vector<std::string>{std::to_string(c.int64(i))};
  }
}

}  // namespace

TEST_CASE("normalize/posts: the stage equals a row-by-row model on random batches", "[normalize.posts]") {
  const Schema s = full_schema();
  // The inputs leave some columns out (null in the output) and put the others in another order.
  Schema in_schema;
  for (size_t c = s.size(); c-- > 0;)
    if (s[c].name != "views" && s[c].name != "hashtags_folded") in_schema.push_back(s[c]);
  const std::vector<std::string> strip = {"www", "m", "mobile"};
  const char* const urls[] = {"https://www.Example.com/A?x=1", "bad url",
                              "http://m.Facebook.com/p/",      "example[.]com/x",
                              "//cdn.example.com/lib.js",      "https://[2001:DB8::1]:8443/x"};
  SplitMix64 r(2024);
  std::vector<Batch> inputs;
  for (int b = 0; b < 6; ++b) {
    Batch batch(in_schema);
    const int64_t rows = static_cast<int64_t>(r.below(40));
    for (int64_t i = 0; i < rows; ++i) {
      for (size_t c = 0; c < in_schema.size(); ++c) {
        Column& col = batch.column(c);
        const std::string& name = in_schema[c].name;
        const bool null = name == "post_id"    ? r.below(15) == 0
                          : name == "platform" ? r.below(30) == 0
                                               : r.below(3) == 0;
        if (null) {
          col.append_null();
          continue;
        }
        if (name == "platform")
          col.append_string(r.below(4) ? "twitter" : "telegram");
        else if (name == "post_id")
          col.append_string(std::to_string(r.below(25)));
        else if (name == "hashtags") {
          std::vector<std::string> v(r.below(3));
          for (auto& t : v) t = random_text(r, r.below(2) == 0);
          col.append_list(v);
        } else if (name == "urls") {
          std::vector<std::string> v(r.below(3));
          for (auto& u : v) u = urls[r.below(std::size(urls))];
          col.append_list(v);
        } else if (in_schema[c].type.id == TypeId::ListUtf8)
          col.append_list(std::vector<std::string>{random_text(r, true)});
        else if (in_schema[c].type.id == TypeId::Utf8)
          col.append_string(random_text(r, r.below(2) == 0));
        else if (in_schema[c].type.id == TypeId::Bool)
          col.append_bool(r.below(2) == 1);
        else
          col.append_int(static_cast<int64_t>(r.below(100)));
      }
    }
    inputs.push_back(std::move(batch));
  }

  for (bool fill : {true, false}) {
    // The model: rows in input order; the first of each key kept; later copies fill nulls.
    std::vector<std::map<std::string, Cell>> kept;
    std::map<std::string, size_t> first;
    std::vector<std::string> dup_lines;
    int64_t filled = 0;
    for (const Batch& b : inputs)
      for (int64_t i = 0; i < b.rows(); ++i) {
        std::map<std::string, Cell> row;
        for (size_t c = 0; c < b.num_columns(); ++c) row[b.schema()[c].name] = cell(b.column(c), i);
        const Cell& p = row["platform"];
        const Cell& id = row["post_id"];
        if (!p || !id) {
          kept.push_back(row);
          continue;
        }
        const std::string key = (*p)[0] + '\0' + (*id)[0];
        auto [it, fresh] = first.emplace(key, kept.size());
        if (fresh) {
          kept.push_back(row);
          continue;
        }
        auto& k = kept[it->second];
        dup_lines.push_back((*id)[0] + "@" + (row["source_line"] ? (*row["source_line"])[0] : "null") + "<-" +
                            (k["source_line"] ? (*k["source_line"])[0] : "null"));
        if (!fill) continue;
        for (auto& [name, v] : row)
          if (name != "platform" && name != "post_id" && name != "source_file" && name != "source_line" &&
              name != "hashtags_folded" && name != "urls_normalized" && v && !k[name]) {
            k[name] = v;
            ++filled;
          }
      }

    FakeHost host;
    host.dataset_types["posts"] = read_file(kRoot + "/schemas/datasets/posts.json");
    host.inputs["in"] = inputs;
    REQUIRE(host.run<PostsStage>({{"batch_rows", 7}, {"fill_nulls_from_duplicates", fill}}) == 0);
    int64_t total = 0;
    for (const auto& b : host.outputs["posts"]) {
      CHECK(b.rows() <= 7);
      total += b.rows();
    }
    const Batch out = host.collected("posts");
    REQUIRE(out.rows() == static_cast<int64_t>(kept.size()));
    REQUIRE(total == out.rows());
    for (int64_t i = 0; i < out.rows(); ++i) {
      auto& m = kept[static_cast<size_t>(i)];
      for (size_t c = 0; c < s.size(); ++c) {
        const std::string& name = s[c].name;
        Cell expected;
        if (name == "hashtags_folded") {
          if (m["hashtags"]) {
            expected.emplace();
            for (auto& t : *m["hashtags"]) expected->push_back(fold_hashtag_icu(t));
          }
        } else if (name == "urls_normalized") {
          if (m["urls"]) {
            expected.emplace();
            for (auto& u : *m["urls"]) expected->push_back(normalize_url(u, strip));
          }
        } else if (m.count(name)) {
          expected = m[name];
        }
        INFO("fill " << fill << ", row " << i << ", column " << name);
        REQUIRE(cell(out.column(c), i) == expected);
        // A null cell holds nothing under it.
        if (out.column(c).is_null(i)) {
          const Column& oc = out.column(c);
          if (oc.type().id == TypeId::Utf8)
            CHECK(oc.str(i).empty());
          else if (oc.type().id == TypeId::ListUtf8)
            CHECK(oc.list_size(i) == 0);
          else if (oc.type().id != TypeId::Float64)
            CHECK(oc.int64(i) == 0);
        }
      }
    }
    const Batch d = host.collected("duplicates");
    std::vector<std::string> got;
    for (int64_t i = 0; i < d.rows(); ++i) {
      auto line = cell(d.column(3), i), kline = cell(d.column(5), i);
      got.push_back(std::string(d.column(1).str(i)) + "@" + (line ? (*line)[0] : "null") + "<-" +
                    (kline ? (*kline)[0] : "null"));
    }
    CHECK(got == dup_lines);
    CHECK(!dup_lines.empty());
    if (fill) CHECK(host.logged(CHORUS_LOG_INFO, "merged, " + std::to_string(filled) + " null field(s) filled"));
  }
}
