// Columnar record batches with a runtime schema: the in-memory form of every
// Chorus dataset, on both sides of the plugin boundary.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus {

enum class TypeId { Bool, Int64, Float64, Utf8, Timestamp, ListUtf8 };
enum class TimeUnit { Second, Milli, Micro, Nano };

struct DataType {
  TypeId id = TypeId::Utf8;
  TimeUnit unit = TimeUnit::Micro;  // meaningful for Timestamp only; always UTC

  bool operator==(const DataType& o) const { return id == o.id && (id != TypeId::Timestamp || unit == o.unit); }
  bool operator!=(const DataType& o) const { return !(*this == o); }

  // Names used in YAML, JSON type files and error messages.
  std::string name() const {
    switch (id) {
      case TypeId::Bool:
        return "bool";
      case TypeId::Int64:
        return "int64";
      case TypeId::Float64:
        return "float64";
      case TypeId::Utf8:
        return "utf8";
      case TypeId::ListUtf8:
        return "list<utf8>";
      case TypeId::Timestamp:
        switch (unit) {
          case TimeUnit::Second:
            return "timestamp[s]";
          case TimeUnit::Milli:
            return "timestamp[ms]";
          case TimeUnit::Micro:
            return "timestamp[us]";
          case TimeUnit::Nano:
            return "timestamp[ns]";
        }
    }
    return "?";
  }

  static bool parse(std::string_view s, DataType& out) {
    static const std::pair<const char*, DataType> known[] = {
        {"bool", {TypeId::Bool}},
        {"int64", {TypeId::Int64}},
        {"float64", {TypeId::Float64}},
        {"utf8", {TypeId::Utf8}},
        {"string", {TypeId::Utf8}},
        {"list<utf8>", {TypeId::ListUtf8}},
        {"timestamp", {TypeId::Timestamp, TimeUnit::Micro}},
        {"timestamp[s]", {TypeId::Timestamp, TimeUnit::Second}},
        {"timestamp[ms]", {TypeId::Timestamp, TimeUnit::Milli}},
        {"timestamp[us]", {TypeId::Timestamp, TimeUnit::Micro}},
        {"timestamp[ns]", {TypeId::Timestamp, TimeUnit::Nano}},
    };
    for (const auto& k : known)
      if (s == k.first) {
        out = k.second;
        return true;
      }
    return false;
  }
  static DataType from_name(std::string_view s) {
    DataType t;
    if (!parse(s, t)) throw std::invalid_argument("unknown column type '" + std::string(s) + "'");
    return t;
  }
};

struct Field {
  std::string name;
  DataType type;
  bool operator==(const Field& o) const { return name == o.name && type == o.type; }
  bool operator!=(const Field& o) const { return !(*this == o); }
};

using Schema = std::vector<Field>;

// One nullable column. Storage depends on the type:
//   Bool, Int64, Timestamp -> ints (bool as 0/1, timestamps in their unit since the epoch)
//   Float64                -> doubles
//   Utf8                   -> offsets (size rows+1) into chars
//   ListUtf8               -> list_offsets (size rows+1) into the strings kept as Utf8 above
class Column {
 public:
  explicit Column(DataType type = {}) : type_(type) {
    if (type_.id == TypeId::Utf8 || type_.id == TypeId::ListUtf8) offsets_.push_back(0);
    if (type_.id == TypeId::ListUtf8) list_offsets_.push_back(0);
  }

  const DataType& type() const { return type_; }
  int64_t size() const { return static_cast<int64_t>(valid_.size()); }
  bool is_null(int64_t i) const { return !valid_[i]; }
  int64_t null_count() const {
    int64_t n = 0;
    for (auto v : valid_) n += !v;
    return n;
  }
  void reserve(size_t rows) {
    valid_.reserve(rows);
    switch (type_.id) {
      case TypeId::Float64:
        doubles_.reserve(rows);
        break;
      case TypeId::Utf8:
        offsets_.reserve(rows + 1);
        break;
      case TypeId::ListUtf8:
        list_offsets_.reserve(rows + 1);
        break;
      default:
        ints_.reserve(rows);
    }
  }

  // Reserves text bytes (Utf8, and the items of ListUtf8) for the rows to come.
  void reserve_chars(size_t bytes) { chars_.reserve(bytes); }

  // Keeps the first `rows` rows and drops the rest (no-op if there are not
  // more): undoes the appends of a row that turned out to be bad halfway,
  // e.g. after some of its columns were appended.
  void truncate(int64_t rows) {
    if (rows < 0) rows = 0;
    if (size() <= rows) return;
    const size_t n = static_cast<size_t>(rows);
    valid_.resize(n);
    switch (type_.id) {
      case TypeId::Float64:
        doubles_.resize(n);
        break;
      case TypeId::Utf8:
        offsets_.resize(n + 1);
        chars_.resize(static_cast<size_t>(offsets_.back()));
        break;
      case TypeId::ListUtf8:
        list_offsets_.resize(n + 1);
        offsets_.resize(static_cast<size_t>(list_offsets_.back()) + 1);
        chars_.resize(static_cast<size_t>(offsets_.back()));
        break;
      default:
        ints_.resize(n);
    }
  }

  // --- appending -------------------------------------------------------
  void append_null() {
    valid_.push_back(0);
    switch (type_.id) {
      case TypeId::Float64:
        doubles_.push_back(0);
        break;
      case TypeId::Utf8:
        offsets_.push_back(static_cast<int32_t>(chars_.size()));
        break;
      case TypeId::ListUtf8:
        list_offsets_.push_back(list_offsets_.back());
        break;
      default:
        ints_.push_back(0);
    }
  }
  void append_bool(bool v) {
    expect(TypeId::Bool);
    valid_.push_back(1);
    ints_.push_back(v ? 1 : 0);
  }
  void append_int(int64_t v) {
    if (type_.id != TypeId::Int64 && type_.id != TypeId::Timestamp) wrong("int64");
    valid_.push_back(1);
    ints_.push_back(v);
  }
  void append_double(double v) {
    expect(TypeId::Float64);
    valid_.push_back(1);
    doubles_.push_back(v);
  }
  void append_string(std::string_view v) {
    expect(TypeId::Utf8);
    valid_.push_back(1);
    push_chars(v);
  }
  template <class Range>
  void append_list(const Range& items) {
    expect(TypeId::ListUtf8);
    valid_.push_back(1);
    int32_t n = 0;
    for (const auto& s : items) {
      push_chars(std::string_view(s));
      ++n;
    }
    list_offsets_.push_back(list_offsets_.back() + n);
  }
  // Appends row i of another column of the same type.
  void append_from(const Column& src, int64_t i) {
    if (src.is_null(i)) {
      append_null();
      return;
    }
    switch (type_.id) {
      case TypeId::Bool:
        append_bool(src.boolean(i));
        break;
      case TypeId::Int64:
      case TypeId::Timestamp:
        append_int(src.int64(i));
        break;
      case TypeId::Float64:
        append_double(src.float64(i));
        break;
      case TypeId::Utf8:
        append_string(src.str(i));
        break;
      case TypeId::ListUtf8: {
        std::vector<std::string_view> items;
        for (int64_t j = 0; j < src.list_size(i); ++j) items.push_back(src.list_item(i, j));
        append_list(items);
        break;
      }
    }
  }

  // --- reading ---------------------------------------------------------
  bool boolean(int64_t i) const { return ints_[i] != 0; }
  int64_t int64(int64_t i) const { return ints_[i]; }
  double float64(int64_t i) const { return doubles_[i]; }
  std::string_view str(int64_t i) const {
    return std::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  int64_t list_size(int64_t i) const { return list_offsets_[i + 1] - list_offsets_[i]; }
  std::string_view list_item(int64_t i, int64_t j) const { return str(list_offsets_[i] + j); }

  // Raw buffers, for the Arrow bridge and the store.
  std::vector<uint8_t>& valid() { return valid_; }
  std::vector<int64_t>& ints() { return ints_; }
  std::vector<double>& doubles() { return doubles_; }
  std::vector<int32_t>& offsets() { return offsets_; }
  std::vector<int32_t>& list_offsets() { return list_offsets_; }
  std::string& chars() { return chars_; }
  const std::vector<uint8_t>& valid() const { return valid_; }
  const std::vector<int64_t>& ints() const { return ints_; }
  const std::vector<double>& doubles() const { return doubles_; }
  const std::vector<int32_t>& offsets() const { return offsets_; }
  const std::vector<int32_t>& list_offsets() const { return list_offsets_; }
  const std::string& chars() const { return chars_; }

 private:
  void push_chars(std::string_view v) {
    if (chars_.size() + v.size() > static_cast<size_t>(INT32_MAX))
      throw std::length_error("utf8 column exceeds 2 GiB in one batch; emit smaller batches");
    chars_.append(v.data(), v.size());
    offsets_.push_back(static_cast<int32_t>(chars_.size()));
  }
  void expect(TypeId id) const {
    if (type_.id != id) wrong(DataType{id}.name());
  }
  [[noreturn]] void wrong(const std::string& what) const {
    throw std::logic_error("appending " + what + " to a " + type_.name() + " column");
  }

  DataType type_;
  std::vector<uint8_t> valid_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<int32_t> offsets_;
  std::vector<int32_t> list_offsets_;
  std::string chars_;
};

// A record batch: equal-length columns under a schema.
class Batch {
 public:
  Batch() = default;
  explicit Batch(Schema schema) : schema_(std::move(schema)) {
    for (const auto& f : schema_) columns_.emplace_back(f.type);
  }

  const Schema& schema() const { return schema_; }
  int64_t rows() const { return columns_.empty() ? empty_rows_ : columns_[0].size(); }
  size_t num_columns() const { return columns_.size(); }
  Column& column(size_t i) { return columns_[i]; }
  const Column& column(size_t i) const { return columns_[i]; }
  // Index of a named column, or -1.
  int index_of(std::string_view name) const {
    for (size_t i = 0; i < schema_.size(); ++i)
      if (schema_[i].name == name) return static_cast<int>(i);
    return -1;
  }
  Column& column(std::string_view name) { return columns_.at(checked_index(name)); }
  const Column& column(std::string_view name) const { return columns_.at(checked_index(name)); }

  // A copy of some columns, in the order given (a projection).
  Batch project(const std::vector<size_t>& indexes) const {
    Schema sub;
    for (size_t i : indexes) sub.push_back(schema_.at(i));
    Batch out(std::move(sub));
    for (size_t k = 0; k < indexes.size(); ++k) out.columns_[k] = columns_[indexes[k]];
    out.empty_rows_ = rows();
    return out;
  }
  Batch project(const std::vector<std::string>& names) const {
    std::vector<size_t> indexes;
    for (const auto& n : names) indexes.push_back(checked_index(n));
    return project(indexes);
  }

  // For a batch with no columns (rare, but legal in Arrow).
  void set_empty_rows(int64_t n) { empty_rows_ = n; }

  // Throws unless every column has the same length.
  void validate() const {
    for (size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].size() != rows())
        throw std::logic_error("column '" + schema_[i].name + "' has " + std::to_string(columns_[i].size()) +
                               " rows, expected " + std::to_string(rows()));
  }

 private:
  size_t checked_index(std::string_view name) const {
    int i = index_of(name);
    if (i < 0) throw std::out_of_range("no column '" + std::string(name) + "'");
    return static_cast<size_t>(i);
  }
  Schema schema_;
  std::vector<Column> columns_;
  int64_t empty_rows_ = 0;
};

}  // namespace chorus
