#include "posts_stage.hpp"

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace chorus::normalize_posts {

namespace {

// The columns of the posts dataset type, which the output has.
Schema posts_schema(const sdk::Context& ctx) {
  auto s = ctx.dataset_type("posts");
  if (!s) throw std::runtime_error("normalize/posts: the host does not know the dataset type 'posts'");
  return *s;
}

// with.strip_subdomains: one host label each, lower-cased.
std::vector<std::string> strip_labels(const sdk::Json& v) {
  if (!v.is_array()) throw sdk::ConfigError("with.strip_subdomains: expected a list, got " + v.dump());
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string key = "with.strip_subdomains[" + std::to_string(i) + "]";
    if (!v[i].is_string()) throw sdk::ConfigError(key + ": expected a string, got " + v[i].dump());
    std::string label = v[i].get<std::string>();
    for (auto& ch : label) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (label.empty() || label.find('.') != std::string::npos)
      throw sdk::ConfigError(key + ": '" + v[i].get<std::string>() + "' is not one label");
    out.push_back(std::move(label));
  }
  return out;
}

}  // namespace

// Reads every upstream of 'in' in order; fills hashtags_folded (Unicode full
// case folding, then NFC, with ICU) and urls_normalized; keeps the first row
// of each (platform, post_id) and lists every later copy in 'duplicates'.
const sdk::OptionTable<Config>& PostsStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          // A list of strings whose items have a minimum length: the SDK's
          // strings() cannot say minLength of the items, so the schema is given whole.
          .json(
              "strip_subdomains", &C::strip_subdomains,
              {{"type", "array"},
               {"items", {{"type", "string"}, {"minLength", 1}, {"description", "One leading host label, e.g. www."}}}},
              sdk::Json::array({"www", "m", "mobile"}),
              "Leading host labels removed by urls_normalized (repeatedly, as long as name.tld remains): "
              "m.facebook.com -> facebook.com.",
              strip_labels)
          .boolean("fill_nulls_from_duplicates", &C::fill_nulls, true,
                   "true: a null field of the kept row takes the value of the first later copy that has one; every "
                   "kept row is then held in memory until the inputs end (output in input order). false: rows stream "
                   "batch by batch and later copies are only listed in duplicates.")
          .boolean("turkic_case_folding", &C::turkic, false,
                   "Fold dotted capital I (U+0130) to i and keep dotless i (U+0131), as for Turkish and Azeri; default "
                   "folding gives i + U+0307 for U+0130.")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch.")
          .at_least(1);
  return table;
}

std::optional<sdk::PortTypes> PostsStage::infer(const Config&, const sdk::PortTypes&, sdk::Context& ctx) {
  return sdk::PortTypes{{"posts", {"posts", posts_schema(ctx)}}, {"duplicates", {"", duplicates_schema()}}};
}

void PostsStage::run(const Config& config, sdk::Context& ctx) {
  Normalizer n(config, posts_schema(ctx), ctx);
  Batch b;
  while (ctx.read("in", b)) {
    n.add(b);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
  n.finish();
}

}  // namespace chorus::normalize_posts
