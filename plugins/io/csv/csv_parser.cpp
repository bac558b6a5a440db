#include "csv_parser.hpp"

#include <algorithm>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chorus::io_csv {

CsvReader::CsvReader(ByteSource& src, char delimiter, size_t chunk)
    : src_(src), delim_(delimiter), chunk_(chunk < 16 ? 16 : chunk) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    throw std::invalid_argument("the delimiter cannot be a quote or a line break");
  std::memset(special_, 0, sizeof special_);
  special_[static_cast<unsigned char>(delim_)] = 1;
  special_['\n'] = 1;
  special_['\r'] = 1;
  buf_.resize(chunk_ + kPad);
  // Small chunk sizes exist to test the refill logic: read that much at a time.
  read_size_ = chunk;
  if (read_size_ == 0) read_size_ = 1;
}

// The per-record and per-field loops below are marked inline: next() and
// next_block(), below, are their only callers.

// 1: a record; 0: more input needed (refill); -1: end of input.
inline int CsvReader::try_next(Record& rec) {
  for (;;) {
    if (begin_ == end_) return eof_ ? -1 : 0;
    if (first_) {
      if (end_ - begin_ < 3 && !eof_) return 0;
      if (end_ - begin_ >= 3 && std::memcmp(buf_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
      first_ = false;
      continue;
    }
    const char* b = buf_.data() + begin_;
    const char* e = buf_.data() + end_;
    int64_t newlines = 0;
    const char* next = parse(b, e, rec, newlines);
    if (!next) return 0;
    rec.line = line_;
    line_ += newlines;
    begin_ = static_cast<size_t>(next - buf_.data());
    if (rec.fields.size() == 1 && rec.fields[0].size == 0 && !rec.fields[0].quoted) continue;  // blank line
    return 1;
  }
}

// Parses one record at [p, e). Returns where the next record starts, or
// nullptr when the record may continue past e and more input is needed.
// `newlines` gets the number of line ends consumed (inside quotes and the
// terminator).
inline const char* CsvReader::parse(const char* p, const char* e, Record& rec, int64_t& newlines) {
  rec.fields.clear();
  rec.error = nullptr;
  rec.raw_begin = p;
  const char* q = p;
  newlines = 0;
  for (;;) {
    if (q < e && *q == '"') {
      // Quoted field.
      const char* s = q + 1;
      const char* r = s;
      bool escaped = false;
      const char* close;
      for (;;) {
        close = static_cast<const char*>(std::memchr(r, '"', static_cast<size_t>(e - r)));
        if (!close) {
          if (!eof_) return nullptr;
          // Unterminated quote at the end of the input: the rest is this record.
          newlines += count_newlines(s, e);
          rec.fields.push_back({s, static_cast<uint32_t>(e - s), true, escaped});
          rec.error = "unterminated quoted field at end of file";
          rec.raw_end = e;
          return e;
        }
        if (close + 1 == e && !eof_) return nullptr;  // could be a doubled quote
        if (close + 1 < e && close[1] == '"') {
          escaped = true;
          r = close + 2;
          continue;
        }
        break;
      }
      newlines += count_newlines(s, close);
      rec.fields.push_back({s, static_cast<uint32_t>(close - s), true, escaped});
      q = close + 1;
      if (q == e) {
        rec.raw_end = e;
        return e;  // eof_ is true here
      }
      const char c = *q;
      if (c == delim_) {
        ++q;
        continue;
      }
      if (c == '\n') {
        rec.raw_end = q;
        ++newlines;
        return q + 1;
      }
      if (c == '\r') {
        if (q + 1 == e) {
          if (!eof_) return nullptr;
          rec.raw_end = q;
          return e;
        }
        if (q[1] == '\n') {
          rec.raw_end = q;
          ++newlines;
          return q + 2;
        }
      }
      // Text after the closing quote: malformed. Keep scanning this field as
      // plain text so the record ends where a reader would expect.
      if (!rec.error) rec.error = "unexpected text after a closing quote";
      FieldRef& f = rec.fields.back();
      f.data = s - 1;
      f.escaped = false;
      const char* end_of_field = scan_plain(q, e);
      if (!end_of_field) return nullptr;
      f.size = static_cast<uint32_t>(end_of_field - f.data);
      q = end_of_field;
    } else {
      const char* s = q;
      q = scan_plain(q, e);
      if (!q) return nullptr;
      rec.fields.push_back({s, static_cast<uint32_t>(q - s), false, false});
    }
    // q is at a delimiter, a line end or e.
    if (q == e) {
      rec.raw_end = e;
      return e;
    }
    if (*q == delim_) {
      ++q;
      continue;
    }
    rec.raw_end = q;
    ++newlines;
    if (*q == '\r') return q + 1 == e ? e : q + 2;
    return q + 1;
  }
}

// Scans unquoted text from q to the next delimiter, LF or CRLF (a lone CR
// is data). Returns its end, e only at the end of input, or nullptr when
// more input is needed.
inline const char* CsvReader::scan_plain(const char* q, const char* e) const {
  for (;;) {
    // *e is a sentinel '\n', so these loops need no bounds check; the
    // buffer has kPad readable bytes after it for the 16-byte loads.
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8(delim_), vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
    for (;;) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vn)), _mm_cmpeq_epi8(x, vr));
      const int mask = _mm_movemask_epi8(m);
      if (mask) {
        q += __builtin_ctz(static_cast<unsigned>(mask));
        break;
      }
      q += 16;
    }
#else
    while (!special_[static_cast<unsigned char>(*q)]) ++q;
#endif
    if (q == e) return eof_ ? e : nullptr;
    if (*q != '\r') return q;
    if (q + 1 == e) {
      if (!eof_) return nullptr;
      return q;  // CR at the very end of the input: a line end
    }
    if (q[1] == '\n') return q;
    ++q;  // lone CR: data
  }
}

inline int64_t CsvReader::count_newlines(const char* b, const char* e) {
  int64_t n = 0;
  while (b < e) {
    const char* nl = static_cast<const char*>(std::memchr(b, '\n', static_cast<size_t>(e - b)));
    if (!nl) break;
    ++n;
    b = nl + 1;
  }
  return n;
}

bool CsvReader::next(Record& rec) {
  for (;;) {
    int r = try_next(rec);
    if (r > 0) return true;
    if (r < 0) return false;
    refill();
  }
}

bool CsvReader::next_block(RecordBlock& blk) {
  blk.fields.clear();
  blk.records.clear();
  for (;;) {
    int r = try_next(rec_);
    if (r > 0) {
      blk.records.push_back({static_cast<uint32_t>(blk.fields.size()), static_cast<uint32_t>(rec_.fields.size()),
                             rec_.line, rec_.raw_begin, rec_.raw_end, rec_.error});
      blk.fields.insert(blk.fields.end(), rec_.fields.begin(), rec_.fields.end());
      continue;
    }
    if (!blk.records.empty()) {
      hand_over(blk);
      return true;
    }
    if (r < 0) return false;
    refill();
  }
}

// Gives the current buffer (with the records parsed from it) to blk and
// continues in blk's old buffer, starting with the unparsed rest.
void CsvReader::hand_over(RecordBlock& blk) {
  std::vector<char> next = std::move(blk.data);
  if (next.size() < buf_.size()) next.resize(buf_.size());
  const size_t keep = end_ - begin_;
  std::memcpy(next.data(), buf_.data() + begin_, keep);
  next[keep] = '\n';
  blk.data = std::move(buf_);  // moving keeps the heap block: the views stay valid
  buf_ = std::move(next);
  begin_ = 0;
  end_ = keep;
}

void CsvReader::refill() {
  size_t keep = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, keep);
    begin_ = 0;
    end_ = keep;
  }
  size_t cap = buf_.size() - kPad;  // room for the sentinel and 16-byte loads
  if (cap - end_ < chunk_ / 2 + 1) {
    buf_.resize(std::max(buf_.size() * 2, end_ + chunk_ + kPad));
    cap = buf_.size() - kPad;
  }
  size_t want = std::min(cap - end_, read_size_);
  size_t got = src_.read(buf_.data() + end_, want);
  bytes_ += static_cast<int64_t>(got);
  end_ += got;
  if (got == 0) eof_ = true;
  buf_[end_] = '\n';  // sentinel for scan_plain
}

}  // namespace chorus::io_csv
