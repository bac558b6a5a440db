// JSON pointers (RFC 6901) of io/jsonl_read's columns.
#pragma once

#include <string>

namespace chorus::io_jsonl {

// "/" + name with the RFC 6901 escapes (~ -> ~0, / -> ~1).
std::string default_pointer(const std::string& name);

// Why `pointer` is not a usable JSON pointer, or "" when it is.
std::string pointer_problem(const std::string& pointer);

}  // namespace chorus::io_jsonl
