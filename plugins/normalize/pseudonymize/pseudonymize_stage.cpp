#include "pseudonymize_stage.hpp"

#include <stdexcept>
#include <string>

#include "hmac.hpp"
#include "key.hpp"

namespace chorus::normalize_pseudonymize {

// Replaces account identifiers of posts (author_id, author_handle,
// author_display_name, target_author_id, mentions, @handles in text) or
// accounts (author_id, author_handle, display_name, @handles in description)
// by 'ps_' + 32 hex digits of HMAC-SHA256(key, '<platform>\0<value>'). The
// same value gives the same pseudonym in every file and run with the same
// key. The key comes from a file or an environment variable, never from the
// pipeline: no option can hold it.
const sdk::OptionTable<Config>& PseudonymizeStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .string("key_file", &C::key_file,
                  "File holding the key (at least 16 bytes; one trailing line end is ignored); relative to the "
                  "pipeline file's folder. Its content keys the cache. Give this or key_env.")
          .optional()
          .min_length(1)
          .string("key_env", &C::key_env,
                  "Name of the environment variable holding the key (at least 16 bytes). An identifier derived from "
                  "the key (HMAC(key, 'chorus-key-id'), never the key) keys the cache. Give this or key_file.")
          .optional()
          .min_length(1)
          .choice("display_names", &C::display_names,
                  {{"drop", DisplayNames::Drop},
                   {"keep", DisplayNames::Keep},
                   {"pseudonymize", DisplayNames::Pseudonymize}},
                  "pseudonymize",
                  "Display names: drop (null), keep as written, or pseudonymize (same name, same pseudonym).")
          .choice("text_mentions", &C::text_mentions, {{"replace", true}, {"keep", false}}, "replace",
                  "@handles inside posts.text and accounts.description: replace by '@' + the handle's pseudonym, "
                  "or keep.")
          .choice("dataset", &C::dataset,
                  {{"auto", Dataset::Auto}, {"posts", Dataset::Posts}, {"accounts", Dataset::Accounts}}, "auto",
                  "What the input is; auto: posts if it has post_id, else accounts if it has author_id.")
          // The schema said oneOf [{required: [key_file]}, {required: [key_env]}],
          // which an option table cannot state: the rule is checked here.
          .check([](const C& c) {
            if (c.key_file.empty() && c.key_env.empty())
              throw sdk::ConfigError(
                  "with.key_file: give exactly one of 'key_file' and 'key_env' (the key itself never goes in the "
                  "pipeline)");
            if (!c.key_file.empty() && !c.key_env.empty())
              throw sdk::ConfigError("with.key_env: give exactly one of 'key_file' and 'key_env', not both");
          });
  return table;
}

std::optional<sdk::PortTypes> PseudonymizeStage::infer(const Config& config, const sdk::PortTypes& inputs,
                                                       sdk::Context&) {
  auto it = inputs.find("in");
  if (it == inputs.end()) return std::nullopt;
  kind_of(config, it->second.columns);
  return sdk::PortTypes{{"out", it->second}};  // same type, same columns
}

void PseudonymizeStage::fingerprint(const Config& config, sdk::Context& ctx) {
  if (!config.key_file.empty()) {
    ctx.add_input_file(ctx.resolve_path(config.key_file));
    return;
  }
  // An identifier of the key, never the key: a new key gives new pseudonyms,
  // so it must give a new cache key.
  const Key k = load_key(config.key_file, config.key_env, ctx);
  ctx.add_input_value("key_id", key_id(k.bytes));
}

void PseudonymizeStage::run(const Config& config, sdk::Context& ctx) {
  const Key key = load_key(config.key_file, config.key_env, ctx);
  Pseudonymizer p(key.bytes);
  int64_t rows = 0;
  Batch b;
  while (ctx.read("in", b)) {
    ctx.emit("out", rewrite_batch(config, b, p));
    rows += b.rows();
    ctx.progress(rows);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
}

}  // namespace chorus::normalize_pseudonymize
