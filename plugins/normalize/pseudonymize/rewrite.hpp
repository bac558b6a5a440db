// What normalize/pseudonymize does to a batch: every identifier column of
// posts or accounts replaced by its pseudonym, the rest copied.
#pragma once

#include <chorus/sdk.hpp>

#include <string>

#include "pseudonymizer.hpp"

namespace chorus::normalize_pseudonymize {

enum class DisplayNames { Drop, Keep, Pseudonymize };
enum class Dataset { Auto, Posts, Accounts };
enum class Kind { Posts, Accounts };

// with: of normalize/pseudonymize (defaults: PseudonymizeStage::options()).
struct Config {
  std::string key_file;  // empty: not given
  std::string key_env;   // empty: not given
  DisplayNames display_names;
  bool text_mentions;  // true: replace @handles in text
  Dataset dataset;
};

// posts or accounts: as with.dataset says, or (auto) posts if the columns
// have post_id, accounts if they have author_id. Throws otherwise.
Kind kind_of(const Config& c, const Schema& s);

// The batch with identifiers replaced (same schema).
Batch rewrite_batch(const Config& c, const Batch& in, Pseudonymizer& p);

}  // namespace chorus::normalize_pseudonymize
