// A streaming RFC 4180 record reader. Host-independent: tests use it directly.
// Shared code (target io_csv_parser): io/csv_read, ingest/tmrc and
// ingest/table read their CSV with it.
//
// Quoted fields may hold delimiters, doubled quotes and newlines; records end
// with LF or CRLF (a lone CR is data); a UTF-8 BOM at the start is skipped;
// blank lines are skipped. The input is read in large chunks and records are
// returned as views into the chunk buffer: no allocation per field, a copy
// only when a quoted field holding doubled quotes is read.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "io/common/input.hpp"

namespace chorus::io_csv {

using io_common::ByteSource;

struct FieldRef {
  const char* data;
  uint32_t size;
  bool quoted;   // was enclosed in quotes
  bool escaped;  // holds doubled quotes still to be collapsed
};

// Field text with quotes removed and doubled quotes collapsed. The view is
// valid until the next call with the same scratch string. Inline: the
// readers call it for every field they convert.
inline std::string_view field_text(const FieldRef& f, std::string& scratch) {
  if (!f.escaped) return std::string_view(f.data, f.size);
  scratch.clear();
  const char* p = f.data;
  const char* e = f.data + f.size;
  while (p < e) {
    const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(e - p)));
    if (!q) {
      scratch.append(p, static_cast<size_t>(e - p));
      break;
    }
    scratch.append(p, static_cast<size_t>(q + 1 - p));  // text and one quote
    p = q + 2;                                          // skip the second quote of the pair
  }
  return scratch;
}

struct Record {
  std::vector<FieldRef> fields;
  const char* raw_begin = nullptr;  // the record's text, without its line end
  const char* raw_end = nullptr;
  int64_t line = 0;             // 1-based line where the record starts
  const char* error = nullptr;  // set when the record is malformed

  std::string_view raw() const { return std::string_view(raw_begin, raw_end - raw_begin); }
  size_t size() const { return fields.size(); }
  std::string_view field(size_t i, std::string& scratch) const { return field_text(fields[i], scratch); }
};

// Many records at once, owning the bytes their views point into, so that one
// thread can parse the next block while another converts this one.
struct RecordBlock {
  struct Info {
    uint32_t first_field, n_fields;
    int64_t line;
    const char* raw_begin;
    const char* raw_end;
    const char* error;
    std::string_view raw() const { return std::string_view(raw_begin, raw_end - raw_begin); }
  };
  std::vector<char> data;
  std::vector<FieldRef> fields;
  std::vector<Info> records;
};

// The scanning loops (parse, scan_plain) are defined in csv_parser.cpp next
// to next() and next_block(), which call them for every record and field:
// the whole hot path is one translation unit, inlined there.
class CsvReader {
 public:
  // Throws std::invalid_argument for a quote or line break as delimiter.
  CsvReader(ByteSource& src, char delimiter, size_t chunk = size_t(1) << 22);

  // Next record; false at the end of input. Views stay valid until the next call.
  bool next(Record& rec);

  // All complete records of the current buffer (false at the end of input).
  // The block takes over the buffer, and gives back the one it held.
  bool next_block(RecordBlock& blk);

  // Bytes read from the source so far (decompressed).
  int64_t bytes_read() const { return bytes_; }

 private:
  int try_next(Record& rec);
  void hand_over(RecordBlock& blk);
  const char* parse(const char* p, const char* e, Record& rec, int64_t& newlines);
  const char* scan_plain(const char* q, const char* e) const;
  static int64_t count_newlines(const char* b, const char* e);
  void refill();

  static constexpr size_t kPad = 64;
  ByteSource& src_;
  char delim_;
  size_t chunk_;
  size_t read_size_;
  unsigned char special_[256];
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  bool first_ = true;
  Record rec_;
  int64_t line_ = 1;
  int64_t bytes_ = 0;
};

}  // namespace chorus::io_csv
