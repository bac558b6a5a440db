#include "table_reader.hpp"

#include <chorus/sdk/suggest.hpp>
#include <simdjson.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "io/csv/csv_parser.hpp"
#include "io/csv/utf8_check.hpp"
#include "list_text.hpp"

namespace chorus::ingest_table {

static_assert(simdjson::SIMDJSON_PADDING <= io_common::LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

namespace {

// "/" + key with the RFC 6901 escapes, unless it is a pointer already.
std::string json_pointer_of(const std::string& name) {
  if (!name.empty() && name[0] == '/') return name;
  std::string p = "/";
  for (char ch : name) {
    if (ch == '~')
      p += "~0";
    else if (ch == '/')
      p += "~1";
    else
      p.push_back(ch);
  }
  return p;
}

void cell_from_json(simdjson::dom::element el, Cell& c) {
  using T = simdjson::dom::element_type;
  c.null = false;
  c.is_list = false;
  c.text.clear();
  c.items.clear();
  switch (el.type()) {
    case T::NULL_VALUE:
      c.null = true;
      break;
    case T::STRING:
      c.text = std::string(el.get_string().value_unsafe());
      break;
    case T::INT64:
      c.text = std::to_string(el.get_int64().value_unsafe());
      break;
    case T::UINT64:
      c.text = std::to_string(el.get_uint64().value_unsafe());
      break;
    case T::BOOL:
      c.text = el.get_bool().value_unsafe() ? "true" : "false";
      break;
    case T::ARRAY:
      c.is_list = true;
      for (simdjson::dom::element item : simdjson::dom::array(el.get_array().value_unsafe())) {
        if (item.type() == T::NULL_VALUE) continue;
        if (item.type() == T::STRING)
          c.items.emplace_back(item.get_string().value_unsafe());
        else
          c.items.push_back(simdjson::minify(item));
      }
      break;
    default:
      c.text = simdjson::minify(el);
      break;  // double, object
  }
}

}  // namespace

TableReader::TableReader(sdk::Context& ctx, const Options& o, Schema posts)
    : ctx_(ctx), o_(o), rejects_(ctx, o.batch_rows), rows_(o, std::move(posts)), cells_(o.slots.size()) {}

void TableReader::read_file(const std::string& file) {
  const Format fmt = format_of(file, o_.format);
  io_common::FileSource src(file);
  if (fmt == Format::Csv)
    read_csv(file, src);
  else
    read_jsonl(file, src);
}

void TableReader::read_csv(const std::string& file, io_common::ByteSource& src) {
  char delim = o_.delimiter ? *o_.delimiter : ',';
  if (!o_.delimiter) {
    std::string n = file;
    if (ends_with(n, ".gz")) n.resize(n.size() - 3);
    if (ends_with(n, ".tsv") || ends_with(n, ".TSV")) delim = '\t';
  }
  io_csv::CsvReader reader(src, delim);
  io_csv::Record rec;
  std::vector<size_t> field_of(o_.slots.size());
  size_t expected = 0;
  size_t max_pos = 0;
  for (const auto& s : o_.slots)
    if (s.positional) max_pos = std::max(max_pos, s.position + 1);
  std::vector<std::string> names;  // the header's, to name a column in a reject
  if (o_.header) {
    if (!reader.next(rec)) {
      ctx_.warn("ingest/table: '" + file + "' is empty (no header)");
      return;
    }
    if (rec.error) throw std::runtime_error(file + ": cannot read the header: " + rec.error);
    for (size_t i = 0; i < rec.size(); ++i) names.emplace_back(rec.field(i, scratch_));
    expected = names.size();
    for (size_t k = 0; k < o_.slots.size(); ++k) {
      const SourceRef& s = o_.slots[k];
      if (s.positional) {
        if (s.position >= names.size())
          throw std::runtime_error(file + ": column position " + std::to_string(s.position) + " is past the " +
                                   std::to_string(names.size()) + " header columns");
        field_of[k] = s.position;
        continue;
      }
      auto it = std::find(names.begin(), names.end(), s.name);
      if (it == names.end())
        throw std::runtime_error(file + ": no column '" + s.name + "' in the header" +
                                 sdk::did_you_mean(s.name, names, "columns"));
      field_of[k] = static_cast<size_t>(it - names.begin());
    }
  } else {
    for (size_t k = 0; k < o_.slots.size(); ++k) {
      if (!o_.slots[k].positional)
        throw std::invalid_argument("'" + o_.slots[k].name +
                                    "': with header: false, CSV columns are given by position");
      field_of[k] = o_.slots[k].position;
    }
  }
  while (reader.next(rec)) {
    if (rec.error) {
      rejects_.add(file, rec.line, rec.error, rec.raw());
      continue;
    }
    if (o_.header ? rec.size() != expected : rec.size() < max_pos) {
      rejects_.add(file, rec.line,
                   "expected " + std::string(o_.header ? "" : "at least ") +
                       std::to_string(o_.header ? expected : max_pos) + " fields, got " + std::to_string(rec.size()),
                   rec.raw());
      continue;
    }
    if (std::string why = io_csv::invalid_utf8_reason(rec.raw(), rec.fields.data(), rec.size(), names); !why.empty()) {
      rejects_.add(file, rec.line, why, rec.raw());
      continue;
    }
    for (size_t k = 0; k < cells_.size(); ++k) {
      Cell& c = cells_[k];
      const io_csv::FieldRef& f = rec.fields[field_of[k]];
      std::string_view v = io_csv::field_text(f, scratch_);
      c.is_list = false;
      c.items.clear();
      c.text.assign(v.data(), v.size());
      c.null = false;
      if (!f.quoted)
        for (const auto& nv : o_.null_values)
          if (v == nv && !nv.empty()) {
            c.null = true;
            break;
          }
    }
    add(file, rec.line, rec.raw());
  }
}

void TableReader::read_jsonl(const std::string& file, io_common::ByteSource& src) {
  for (const auto& s : o_.slots)
    if (s.positional)
      throw std::invalid_argument("'" + file + "' is JSONL: a position (" + std::to_string(s.position) +
                                  ") cannot name a JSON field");
  std::vector<std::string> pointers;
  for (const auto& s : o_.slots) pointers.push_back(json_pointer_of(s.name));
  io_common::LineReader reader(src);
  simdjson::dom::parser parser;
  std::string_view line;
  while (reader.next(line)) {
    const int64_t lineno = reader.line_number();
    if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
    if (trim_ws(line).empty()) continue;
    simdjson::dom::element doc;
    auto err = parser.parse(line.data(), line.size(), false).get(doc);
    if (err) {
      rejects_.add(file, lineno, std::string("invalid JSON: ") + simdjson::error_message(err), line);
      continue;
    }
    if (doc.type() != simdjson::dom::element_type::OBJECT) {
      rejects_.add(file, lineno, "not a JSON object", line);
      continue;
    }
    for (size_t k = 0; k < cells_.size(); ++k) {
      simdjson::dom::element v;
      if (doc.at_pointer(pointers[k]).get(v)) {
        cells_[k].null = true;
        cells_[k].is_list = false;
        continue;
      }
      cell_from_json(v, cells_[k]);
    }
    add(file, lineno, line);
  }
}

void TableReader::add(const std::string& file, int64_t line, std::string_view raw) {
  if ((++records_ & 0x3FFF) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
  if (!rows_.add(cells_, file, line, reason_)) {
    rejects_.add(file, line, reason_, raw);
    return;
  }
  if (rows_.batch().rows() < o_.batch_rows) return;
  done_ += rows_.batch().rows();
  ctx_.emit("posts", rows_.take());
  ctx_.progress(done_);
  if (ctx_.cancelled()) throw std::runtime_error("cancelled");
}

void TableReader::finish() {
  done_ += rows_.batch().rows();
  if (rows_.batch().rows() > 0) ctx_.emit("posts", rows_.take());
  rejects_.flush();
  ctx_.progress(done_);
  if (rejects_.count() > 0)
    ctx_.warn("ingest/table: " + std::to_string(rejects_.count()) + " record(s) rejected (see the rejects output)");
}

}  // namespace chorus::ingest_table
