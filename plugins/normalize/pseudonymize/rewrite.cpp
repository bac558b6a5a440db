#include "rewrite.hpp"

#include <stdexcept>
#include <string_view>
#include <vector>

namespace chorus::normalize_pseudonymize {

Kind kind_of(const Config& o, const Schema& s) {
  auto has = [&](const char* n) {
    for (const auto& f : s)
      if (f.name == n) return true;
    return false;
  };
  if (o.dataset == Dataset::Posts) return Kind::Posts;
  if (o.dataset == Dataset::Accounts) return Kind::Accounts;
  if (has("post_id")) return Kind::Posts;
  if (has("author_id")) return Kind::Accounts;
  throw std::invalid_argument("the input is neither posts (no post_id column) nor accounts (no author_id column)");
}

Batch rewrite_batch(const Config& o, const Batch& in, Pseudonymizer& p) {
  const Kind kind = kind_of(o, in.schema());
  enum class Role { Copy, Id, Handle, Display, Mentions, Text };
  std::vector<Role> roles;
  for (const auto& f : in.schema()) {
    const std::string& n = f.name;
    Role r = Role::Copy;
    if (n == "author_id" || (kind == Kind::Posts && n == "target_author_id"))
      r = Role::Id;
    else if (n == "author_handle")
      r = Role::Handle;
    else if ((kind == Kind::Posts && n == "author_display_name") || (kind == Kind::Accounts && n == "display_name"))
      r = Role::Display;
    else if (kind == Kind::Posts && n == "mentions")
      r = Role::Mentions;
    else if (o.text_mentions &&
             ((kind == Kind::Posts && n == "text") || (kind == Kind::Accounts && n == "description")))
      r = Role::Text;
    const TypeId want = r == Role::Mentions ? TypeId::ListUtf8 : TypeId::Utf8;
    if (r != Role::Copy && f.type.id != want)
      throw std::runtime_error("normalize/pseudonymize: column '" + n + "' is " + f.type.name() + ", expected " +
                               DataType{want}.name());
    roles.push_back(r);
  }
  const int pf = in.index_of("platform");
  const int mk = in.index_of("mentions_kind");
  auto platform = [&](int64_t i) -> std::string_view {
    if (pf < 0 || in.schema()[pf].type.id != TypeId::Utf8 || in.column(pf).is_null(i)) return {};
    return in.column(pf).str(i);
  };
  Batch out(in.schema());
  std::vector<std::string> items;
  for (size_t c = 0; c < in.num_columns(); ++c) {
    const Column& src = in.column(c);
    Column& dst = out.column(c);
    dst.reserve(static_cast<size_t>(in.rows()));
    for (int64_t i = 0; i < in.rows(); ++i) {
      if (roles[c] == Role::Copy || src.is_null(i)) {
        dst.append_from(src, i);
        continue;
      }
      switch (roles[c]) {
        case Role::Id:
          dst.append_string(p.id(platform(i), src.str(i)));
          break;
        case Role::Handle:
          dst.append_string(p.handle(platform(i), src.str(i)));
          break;
        case Role::Display:
          if (o.display_names == DisplayNames::Drop)
            dst.append_null();
          else if (o.display_names == DisplayNames::Keep)
            dst.append_from(src, i);
          else
            dst.append_string(p.display_name(platform(i), src.str(i)));
          break;
        case Role::Mentions: {
          const bool handles = mk >= 0 && in.schema()[mk].type.id == TypeId::Utf8 && !in.column(mk).is_null(i) &&
                               in.column(mk).str(i) == "handle";
          items.clear();
          for (int64_t j = 0; j < src.list_size(i); ++j)
            items.push_back(handles ? p.handle(platform(i), src.list_item(i, j))
                                    : p.id(platform(i), src.list_item(i, j)));
          dst.append_list(items);
          break;
        }
        case Role::Text:
          dst.append_string(replace_text_mentions(src.str(i), platform(i), p));
          break;
        case Role::Copy:
          break;
      }
    }
  }
  if (in.num_columns() == 0) out.set_empty_rows(in.rows());
  return out;
}

}  // namespace chorus::normalize_pseudonymize
