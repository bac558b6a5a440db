// normalize/posts: the fast paths give the same bytes as the definitions.
//  - fold_hashtag / HashtagFolder (ASCII fast path, memo) against
//    fold_hashtag_icu on many generated ASCII and non-ASCII strings;
//  - append_range / append_nulls against Column::append_from / append_null,
//    buffer for buffer, also with text under null cells;
//  - KeyIndex against std::unordered_map, also with every key on one hash;
//  - the whole stage against a row-by-row model of its definition (first
//    row of each (platform, post_id) kept, nulls filled from the first later
//    copy that has a value, derived columns from fold_hashtag_icu and
//    normalize_url), over random batches with duplicates, nulls and small
//    output batches, in both fill modes.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "normalize/posts/normalize_posts.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::sdk::SplitMix64;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using namespace chorus::normalize::posts;

namespace {

const std::string kRoot = CHORUS_TEST_SOURCE_DIR;

// Pieces for generated text: ASCII of every kind (letters of both cases,
// digits, punctuation, controls, NUL, the Turkic I) and non-ASCII that case
// folding or NFC change (ß, sigma, İ, ı, combining marks, ligatures, Greek
// and Cyrillic capitals, CJK, Arabic, emoji), plus ill-formed UTF-8.
const char* const kPieces[] = {"A", "z", "I", "i", "Q", "_", "0", "9", "-", "#", " ", "\t", "~", "\x7f",
                               "ABC", "Xinjiang", "HONGKONG", "Covid19", "DIYARBAKIR",
                               "\xC3\x9F", "\xCE\xA3", "\xCF\x82", "\xC4\xB0", "\xC4\xB1", "\xCC\x81", "\xCC\x8A",
                               "\xEF\xAC\x81", "\xD0\x9F", "\xD0\xBF", "\xE6\x96\xB0", "\xD8\xA7", "\xF0\x9F\x98\x80",
                               "\xC3\x85", "\xE1\xBA\x9E", "\xC7\x85", "\xFF", "\xC3", "\xE2\x82"};

std::string random_text(SplitMix64& r, bool ascii_only) {
  std::string s;
  const size_t n = r.below(8);
  for (size_t k = 0; k < n; ++k) {
    if (ascii_only || r.below(2) == 0) {
      const int kind = static_cast<int>(r.below(4));
      if (kind == 0) s.push_back(static_cast<char>(r.below(128)));  // any ASCII byte, NUL included
      else s += kPieces[r.below(19)];                               // the ASCII pieces
    } else {
      s += kPieces[19 + r.below(std::size(kPieces) - 19)];
    }
  }
  return s;
}

// Every buffer of a column, for comparing two columns exactly.
std::string buffers(const Column& c) {
  std::string out;
  auto add = [&](const void* p, size_t n) {
    out.append(std::to_string(n)).push_back(':');
    out.append(static_cast<const char*>(p), n);
  };
  add(c.valid().data(), c.valid().size());
  add(c.ints().data(), c.ints().size() * sizeof(int64_t));
  add(c.doubles().data(), c.doubles().size() * sizeof(double));
  add(c.offsets().data(), c.offsets().size() * sizeof(int32_t));
  add(c.list_offsets().data(), c.list_offsets().size() * sizeof(int32_t));
  add(c.chars().data(), c.chars().size());
  return out;
}

Column random_column(SplitMix64& r, DataType t, int64_t rows) {
  Column c(t);
  for (int64_t i = 0; i < rows; ++i) {
    if (r.below(4) == 0) { c.append_null(); continue; }
    switch (t.id) {
      case TypeId::Bool: c.append_bool(r.below(2) == 1); break;
      case TypeId::Int64:
      case TypeId::Timestamp: c.append_int(static_cast<int64_t>(r.next())); break;
      case TypeId::Float64: c.append_double(r.unit() - 0.5); break;
      case TypeId::Utf8: c.append_string(random_text(r, false)); break;
      case TypeId::ListUtf8: {
        std::vector<std::string> items(r.below(4));
        for (auto& s : items) s = random_text(r, false);
        c.append_list(items);
        break;
      }
    }
  }
  return c;
}

// What a host may hand over under null cells: values, text, list items.
void dirty_nulls(Column& c) {
  for (int64_t i = 0; i < c.size(); ++i) {
    if (!c.is_null(i)) continue;
    if (c.type().id == TypeId::Float64) c.doubles()[i] = 2.5;
    else if (c.type().id != TypeId::Utf8 && c.type().id != TypeId::ListUtf8) c.ints()[i] = 7;
  }
  if (c.type().id == TypeId::Utf8) {  // rebuild with "junk" under every null
    Column d(c.type());
    for (int64_t i = 0; i < c.size(); ++i) {
      d.append_string(c.is_null(i) ? std::string_view("junk") : c.str(i));
      d.valid().back() = c.valid()[i];
    }
    c = d;
  }
  if (c.type().id == TypeId::ListUtf8) {  // one item under every null
    Column d(c.type());
    for (int64_t i = 0; i < c.size(); ++i) {
      std::vector<std::string_view> items;
      if (c.is_null(i)) items.push_back("junk");
      else for (int64_t j = 0; j < c.list_size(i); ++j) items.push_back(c.list_item(i, j));
      d.append_list(items);
      d.valid().back() = c.valid()[i];
    }
    c = d;
  }
}

}  // namespace

TEST_CASE("normalize/posts: ASCII fast path and memo fold as ICU does", "[normalize.posts]") {
  SplitMix64 r(7);
  int ascii = 0, other = 0;
  for (bool turkic : {false, true}) {
    HashtagFolder folder(turkic, 16);  // a small memo: most strings fold past it
    HashtagFolder remembering(turkic);
    std::vector<std::string> seen;
    for (int k = 0; k < 20000; ++k) {
      std::string s = k % 3 == 2 && !seen.empty() ? seen[r.below(seen.size())] : random_text(r, k % 2 == 0);
      seen.push_back(s);
      const std::string expected = fold_hashtag_icu(s, turkic);
      bool is_ascii = true;
      for (char c : s) is_ascii = is_ascii && static_cast<unsigned char>(c) < 0x80;
      (is_ascii ? ascii : other)++;
      INFO("text '" << s << "', turkic " << turkic);
      REQUIRE(fold_hashtag(s, turkic) == expected);
      std::string out = "prefix";
      folder.append(s, out);
      REQUIRE(out == "prefix" + expected);
      out.clear();
      remembering.append(s, out);
      REQUIRE(out == expected);
    }
  }
  CHECK(ascii > 10000);
  CHECK(other > 10000);
  // Every ASCII byte alone, both cases of every letter.
  for (int b = 0; b < 128; ++b)
    for (bool turkic : {false, true}) {
      const std::string s(1, static_cast<char>(b));
      CHECK(fold_hashtag(s, turkic) == fold_hashtag_icu(s, turkic));
    }
  CHECK(fold_hashtag("DIYARBAKIR", true) == "d\xC4\xB1yarbak\xC4\xB1r");  // the Turkic I is not the fast path's
}

TEST_CASE("normalize/posts: whole-range appends equal row-by-row appends", "[normalize.posts]") {
  SplitMix64 r(11);
  const DataType types[] = {{TypeId::Bool}, {TypeId::Int64}, {TypeId::Float64}, {TypeId::Utf8},
                            {TypeId::Timestamp, chorus::TimeUnit::Milli}, {TypeId::ListUtf8}};
  for (const DataType& t : types) {
    for (int round = 0; round < 40; ++round) {
      Column src = random_column(r, t, 1 + static_cast<int64_t>(r.below(60)));
      if (round % 2 == 1) dirty_nulls(src);
      Column fast = random_column(r, t, static_cast<int64_t>(r.below(5)));  // appended to a non-empty column
      Column slow = fast;
      for (int piece = 0; piece < 4; ++piece) {
        const int64_t begin = static_cast<int64_t>(r.below(static_cast<uint64_t>(src.size())));
        const int64_t n = static_cast<int64_t>(r.below(static_cast<uint64_t>(src.size() - begin) + 1));
        append_range(fast, src, begin, n);
        for (int64_t i = begin; i < begin + n; ++i) slow.append_from(src, i);
        const int64_t nulls = static_cast<int64_t>(r.below(3));
        append_nulls(fast, nulls);
        for (int64_t i = 0; i < nulls; ++i) slow.append_null();
      }
      INFO("type " << t.name() << ", round " << round);
      REQUIRE(buffers(fast) == buffers(slow));
    }
  }
  // A column of nulls with text under one of them still copies as append_from does.
  Column src(DataType{TypeId::Utf8});
  src.append_string("kept");
  src.append_string("junk");
  src.valid()[1] = 0;
  Column dst(DataType{TypeId::Utf8});
  append_range(dst, src, 0, 2);
  CHECK(dst.chars() == "kept");
  CHECK(dst.offsets() == std::vector<int32_t>{0, 4, 4});
  CHECK(dst.valid() == std::vector<uint8_t>{1, 0});
}

TEST_CASE("normalize/posts: KeyIndex numbers keys as a map does", "[normalize.posts]") {
  SplitMix64 r(5);
  for (int weak_hash = 0; weak_hash < 2; ++weak_hash) {
    KeyIndex index;
    std::unordered_map<std::string, uint32_t> model;
    for (int k = 0; k < (weak_hash ? 3000 : 200000); ++k) {
      std::string key = std::string(r.below(2) ? "twitter" : "telegram") + '\0' + std::to_string(r.below(50000));
      if (r.below(10) == 0) key.push_back('\0');  // a NUL at the end is part of the key
      // weak_hash: 4 hashes in all, so keys share their slot and tag with many others.
      const uint64_t hash = weak_hash ? (hash_bytes(key) % 4) << 32 : hash_bytes(key);
      const auto [e, fresh] = index.insert(key, hash);
      auto [it, model_fresh] = model.try_emplace(key, static_cast<uint32_t>(model.size()));
      REQUIRE(fresh == model_fresh);
      REQUIRE(e == it->second);
      REQUIRE(index.key_of(e) == key);
    }
    CHECK(index.size() == model.size());
  }
  CHECK(hash_bytes(std::string("a\0b", 3)) != hash_bytes(std::string("a\0c", 3)));
}

namespace {

Schema full_schema() {
  return chorus::sdk::schema_from_json(Json::parse(read_file(kRoot + "/schemas/datasets/posts.json")).at("columns"));
}

// One posts row as the model sees it: nullopt for null.
using Cell = std::optional<std::vector<std::string>>;  // utf8/int64/bool as one string, lists as items

Cell cell(const Column& c, int64_t i) {
  if (c.is_null(i)) return std::nullopt;
  switch (c.type().id) {
    case TypeId::Utf8: return std::vector<std::string>{std::string(c.str(i))};
    case TypeId::ListUtf8: {
      std::vector<std::string> v;
      for (int64_t j = 0; j < c.list_size(i); ++j) v.emplace_back(c.list_item(i, j));
      return v;
    }
    case TypeId::Float64: return std::vector<std::string>{std::to_string(c.float64(i))};
    default: return std::vector<std::string>{std::to_string(c.int64(i))};
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
  const char* const urls[] = {"https://www.Example.com/A?x=1", "bad url", "http://m.Facebook.com/p/",
                              "example[.]com/x", "//cdn.example.com/lib.js", "https://[2001:DB8::1]:8443/x"};
  SplitMix64 r(2024);
  std::vector<Batch> inputs;
  for (int b = 0; b < 6; ++b) {
    Batch batch(in_schema);
    const int64_t rows = static_cast<int64_t>(r.below(40));
    for (int64_t i = 0; i < rows; ++i) {
      for (size_t c = 0; c < in_schema.size(); ++c) {
        Column& col = batch.column(c);
        const std::string& name = in_schema[c].name;
        const bool null = name == "post_id" ? r.below(15) == 0 : name == "platform" ? r.below(30) == 0 : r.below(3) == 0;
        if (null) { col.append_null(); continue; }
        if (name == "platform") col.append_string(r.below(4) ? "twitter" : "telegram");
        else if (name == "post_id") col.append_string(std::to_string(r.below(25)));
        else if (name == "hashtags") {
          std::vector<std::string> v(r.below(3));
          for (auto& t : v) t = random_text(r, r.below(2) == 0);
          col.append_list(v);
        } else if (name == "urls") {
          std::vector<std::string> v(r.below(3));
          for (auto& u : v) u = urls[r.below(std::size(urls))];
          col.append_list(v);
        } else if (in_schema[c].type.id == TypeId::ListUtf8) col.append_list(std::vector<std::string>{random_text(r, true)});
        else if (in_schema[c].type.id == TypeId::Utf8) col.append_string(random_text(r, r.below(2) == 0));
        else if (in_schema[c].type.id == TypeId::Bool) col.append_bool(r.below(2) == 1);
        else col.append_int(static_cast<int64_t>(r.below(100)));
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
        if (!p || !id) { kept.push_back(row); continue; }
        const std::string key = (*p)[0] + '\0' + (*id)[0];
        auto [it, fresh] = first.emplace(key, kept.size());
        if (fresh) { kept.push_back(row); continue; }
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
    REQUIRE(host.run<NormalizePosts>({{"batch_rows", 7}, {"fill_nulls_from_duplicates", fill}}) == 0);
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
          if (m["hashtags"]) { expected.emplace(); for (auto& t : *m["hashtags"]) expected->push_back(fold_hashtag_icu(t)); }
        } else if (name == "urls_normalized") {
          if (m["urls"]) { expected.emplace(); for (auto& u : *m["urls"]) expected->push_back(normalize_url(u, strip)); }
        } else if (m.count(name)) {
          expected = m[name];
        }
        INFO("fill " << fill << ", row " << i << ", column " << name);
        REQUIRE(cell(out.column(c), i) == expected);
        // A null cell holds nothing under it.
        if (out.column(c).is_null(i)) {
          const Column& oc = out.column(c);
          if (oc.type().id == TypeId::Utf8) CHECK(oc.str(i).empty());
          else if (oc.type().id == TypeId::ListUtf8) CHECK(oc.list_size(i) == 0);
          else if (oc.type().id != TypeId::Float64) CHECK(oc.int64(i) == 0);
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
