// The expansions of one twarc2 line: includes.users and includes.tweets of a
// raw page or streaming line, by id (users also by username, exact, as
// twarc's flatten() resolves mentions), and how a tweet's author and
// referenced tweets are found in them or inlined (flattened lines).
#pragma once

#include <simdjson.h>

#include <optional>
#include <string_view>
#include <unordered_map>

namespace chorus::ingest_twarc2 {

namespace dom = simdjson::dom;
using osv = std::optional<std::string_view>;

// Empty for flattened lines, whose expansions are inlined.
struct Expansions {
  std::unordered_map<std::string_view, dom::object> users_by_id, users_by_name, tweets_by_id;
  void clear();
  void load(dom::object includes);
  bool user(osv id, dom::object& out) const;
  bool user_by_username(osv name, dom::object& out) const;
  bool tweet(osv id, dom::object& out) const;
};

// A referenced_tweets[] element is a full tweet when flattened (merged with
// the referenced tweet); otherwise look it up in includes.tweets.
bool resolve_ref(dom::object ref, const Expansions& x, dom::object& out);

// The author's user object: inlined `author`, else includes.users by author_id.
bool resolve_author(dom::object tweet, const Expansions& x, dom::object& out);

// A user object as flatten() inlines it or includes.users holds it.
bool is_user_object(dom::object o);

}  // namespace chorus::ingest_twarc2
