#include "expansions.hpp"

#include "ingest/common/json_access.hpp"

namespace chorus::ingest_twarc2 {

using namespace ingest_common;

void Expansions::clear() {
  users_by_id.clear();
  users_by_name.clear();
  tweets_by_id.clear();
}

void Expansions::load(dom::object includes) {
  dom::array arr;
  if (arr_of(includes, "users", arr))
    for (dom::element e : arr) {
      dom::object u;
      if (e.get_object().get(u)) continue;
      if (auto id = str_of(u, "id")) users_by_id.emplace(*id, u);
      if (auto name = str_of(u, "username")) users_by_name.emplace(*name, u);
    }
  if (arr_of(includes, "tweets", arr))
    for (dom::element e : arr) {
      dom::object t;
      if (e.get_object().get(t)) continue;
      if (auto id = str_of(t, "id")) tweets_by_id.emplace(*id, t);
    }
}

bool Expansions::user(osv id, dom::object& out) const {
  if (!id) return false;
  auto it = users_by_id.find(*id);
  if (it == users_by_id.end()) return false;
  out = it->second;
  return true;
}

bool Expansions::user_by_username(osv name, dom::object& out) const {
  if (!name) return false;
  auto it = users_by_name.find(*name);
  if (it == users_by_name.end()) return false;
  out = it->second;
  return true;
}

bool Expansions::tweet(osv id, dom::object& out) const {
  if (!id) return false;
  auto it = tweets_by_id.find(*id);
  if (it == tweets_by_id.end()) return false;
  out = it->second;
  return true;
}

bool resolve_ref(dom::object ref, const Expansions& x, dom::object& out) {
  if (has(ref, "text") || has(ref, "author_id") || has(ref, "note_tweet")) {
    out = ref;
    return true;
  }
  return x.tweet(str_of(ref, "id"), out);
}

bool resolve_author(dom::object tweet, const Expansions& x, dom::object& out) {
  if (obj_of(tweet, "author", out)) return true;
  return x.user(str_of(tweet, "author_id"), out);
}

bool is_user_object(dom::object o) { return str_of(o, "id") && str_of(o, "username") && has(o, "name"); }

}  // namespace chorus::ingest_twarc2
