// YAML text -> nlohmann::json, remembering where every key and value came
// from (so later checks can report file:line:col) and the original order of
// every map's keys (nlohmann::json sorts them).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/diagnostics.hpp"

namespace chorus {

struct LocatedJson {
  nlohmann::json value;
  std::string file;  // used for the fallback location
  // Keyed by JSON pointer ("" is the document root, "/stages/posts/with/path").
  // value_marks: where the value starts; key_marks: where the map key starts
  // (only for pointers that name a map entry).
  std::map<std::string, SourceLocation> value_marks, key_marks;
  // Keys of every map in document order, keyed by the map's JSON pointer.
  std::map<std::string, std::vector<std::string>> key_order;

  // Mark of the key if `pointer` names a map entry, else of the value; when
  // neither is known, that of the nearest ancestor; finally {file, 0, 0}.
  SourceLocation at(const std::string& pointer) const;
  // Mark of the value; when unknown, falls back like at() (starting with the
  // key of the same pointer).
  SourceLocation value_at(const std::string& pointer) const;
  // Keys of the map at `pointer` in document order; for a map that was not
  // built from YAML (e.g. defaults filled in later) the keys of
  // value.at(pointer) that are not listed come after, in sorted order.
  std::vector<std::string> ordered_keys(const std::string& pointer) const;
};

// JSON pointer helpers: escape one reference token (~ -> ~0, / -> ~1),
// append a token to a pointer, and undo the escaping.
std::string json_pointer_escape(const std::string& token);
std::string json_pointer_unescape(const std::string& token);
std::string json_pointer_join(const std::string& pointer, const std::string& token);
std::string json_pointer_join(const std::string& pointer, std::size_t index);

// Parses the first YAML document of `text` (`file` names it in diagnostics).
// A syntax error adds one diagnostic at its position and returns nullopt.
// Otherwise returns the converted document; semantic problems (duplicate
// keys, non-scalar keys, integers out of range, recursive aliases, bad tags)
// are added to `diags` as errors and the value is converted best-effort, so
// callers must check diags.has_errors().
//
// Scalars follow the YAML 1.2 core schema: quoted and block scalars are
// strings; plain null/Null/NULL/~/empty are null; true/True/TRUE/false/...
// booleans; [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ int64; decimal/exponent
// floats and [-+]?.inf/.nan forms numbers; everything else (including the
// YAML 1.1 yes/no/on/off/y/n) stays a string. Tags !!str, !!int, !!float,
// !!bool and !!null are honoured. In a map, the first of duplicate keys wins.
std::optional<LocatedJson> yaml_to_json(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace chorus
