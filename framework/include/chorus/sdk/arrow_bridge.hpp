// Moves Batches across the plugin boundary as Arrow C Data Interface structs.
// Each side compiles its own copy of this code, so every release callback
// points into the library that allocated the memory it frees.
#pragma once

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../abi/chorus_arrow.h"
#include "table.hpp"

namespace chorus::arrow {

inline std::string format_of(const DataType& t) {
  switch (t.id) {
    case TypeId::Bool:
      return "b";
    case TypeId::Int64:
      return "l";
    case TypeId::Float64:
      return "g";
    case TypeId::Utf8:
      return "u";
    case TypeId::ListUtf8:
      return "+l";
    case TypeId::Timestamp:
      switch (t.unit) {
        case TimeUnit::Second:
          return "tss:UTC";
        case TimeUnit::Milli:
          return "tsm:UTC";
        case TimeUnit::Micro:
          return "tsu:UTC";
        case TimeUnit::Nano:
          return "tsn:UTC";
      }
  }
  throw std::logic_error("no Arrow format for type");
}

inline DataType type_of_format(const ArrowSchema& s) {
  std::string f = s.format ? s.format : "";
  if (f == "b") return {TypeId::Bool};
  if (f == "l") return {TypeId::Int64};
  if (f == "g") return {TypeId::Float64};
  if (f == "u") return {TypeId::Utf8};
  if (f == "+l") {
    if (s.n_children != 1 || std::string(s.children[0]->format) != "u")
      throw std::invalid_argument("only list<utf8> lists are supported");
    return {TypeId::ListUtf8};
  }
  if (f.size() >= 4 && f.compare(0, 2, "ts") == 0 && f[3] == ':') {
    std::string tz = f.substr(4);
    if (tz != "UTC" && tz != "+00:00" && tz != "Z")
      throw std::invalid_argument("timestamps must be UTC, got zone '" + tz + "'");
    switch (f[2]) {
      case 's':
        return {TypeId::Timestamp, TimeUnit::Second};
      case 'm':
        return {TypeId::Timestamp, TimeUnit::Milli};
      case 'u':
        return {TypeId::Timestamp, TimeUnit::Micro};
      case 'n':
        return {TypeId::Timestamp, TimeUnit::Nano};
    }
  }
  throw std::invalid_argument("unsupported Arrow format '" + f + "'");
}

namespace detail {

struct SchemaHolder {
  std::string format, name;
  std::vector<ArrowSchema> child_structs;
  std::vector<ArrowSchema*> child_ptrs;
};

inline void release_schema(ArrowSchema* s) {
  if (!s || !s->release) return;
  for (int64_t i = 0; i < s->n_children; ++i)
    if (s->children[i]->release) s->children[i]->release(s->children[i]);
  delete static_cast<SchemaHolder*>(s->private_data);
  s->release = nullptr;
}

inline void fill_schema(ArrowSchema* out, const std::string& format, const std::string& name, int64_t flags,
                        size_t n_children) {
  auto* h = new SchemaHolder{format, name, {}, {}};
  h->child_structs.resize(n_children);
  for (auto& c : h->child_structs) h->child_ptrs.push_back(&c);
  out->format = h->format.c_str();
  out->name = h->name.c_str();
  out->metadata = nullptr;
  out->flags = flags;
  out->n_children = static_cast<int64_t>(n_children);
  out->children = n_children ? h->child_ptrs.data() : nullptr;
  out->dictionary = nullptr;
  out->release = release_schema;
  out->private_data = h;
}

struct ArrayHolder {
  std::shared_ptr<Column> column;  // shared with a list's child array
  std::vector<uint8_t> validity_bits, value_bits;
  std::vector<const void*> buffers;
  std::vector<ArrowArray> child_structs;
  std::vector<ArrowArray*> child_ptrs;
};

inline void release_array(ArrowArray* a) {
  if (!a || !a->release) return;
  for (int64_t i = 0; i < a->n_children; ++i)
    if (a->children[i]->release) a->children[i]->release(a->children[i]);
  delete static_cast<ArrayHolder*>(a->private_data);
  a->release = nullptr;
}

inline std::vector<uint8_t> to_bits(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> bits((bytes.size() + 7) / 8, 0);
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i]) bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
  return bits;
}

inline void fill_array(ArrowArray* out, ArrayHolder* h, int64_t length, int64_t null_count, size_t n_children) {
  h->child_structs.resize(n_children);
  for (auto& c : h->child_structs) h->child_ptrs.push_back(&c);
  out->length = length;
  out->null_count = null_count;
  out->offset = 0;
  out->n_buffers = static_cast<int64_t>(h->buffers.size());
  out->buffers = h->buffers.data();
  out->n_children = static_cast<int64_t>(n_children);
  out->children = n_children ? h->child_ptrs.data() : nullptr;
  out->dictionary = nullptr;
  out->release = release_array;
  out->private_data = h;
}

inline void export_column(std::shared_ptr<Column> col, ArrowArray* out) {
  auto* h = new ArrayHolder;
  h->column = col;
  const Column& c = *col;
  int64_t nulls = c.null_count();
  const void* validity = nullptr;
  if (nulls > 0) {
    h->validity_bits = to_bits(c.valid());
    validity = h->validity_bits.data();
  }
  h->buffers.push_back(validity);
  size_t n_children = 0;
  switch (c.type().id) {
    case TypeId::Bool: {
      std::vector<uint8_t> bytes(c.ints().begin(), c.ints().end());
      h->value_bits = to_bits(bytes);
      h->buffers.push_back(h->value_bits.data());
      break;
    }
    case TypeId::Int64:
    case TypeId::Timestamp:
      h->buffers.push_back(c.ints().data());
      break;
    case TypeId::Float64:
      h->buffers.push_back(c.doubles().data());
      break;
    case TypeId::Utf8:
      h->buffers.push_back(c.offsets().data());
      h->buffers.push_back(c.chars().data());
      break;
    case TypeId::ListUtf8:
      h->buffers.push_back(c.list_offsets().data());
      n_children = 1;
      break;
  }
  fill_array(out, h, c.size(), nulls, n_children);
  if (n_children) {
    auto* ch = new ArrayHolder;
    ch->column = col;
    ch->buffers = {nullptr, c.offsets().data(), c.chars().data()};
    fill_array(&h->child_structs[0], ch, static_cast<int64_t>(c.offsets().size()) - 1, 0, 0);
  }
}

inline bool bit(const void* buf, int64_t i) { return (static_cast<const uint8_t*>(buf)[i >> 3] >> (i & 7)) & 1; }

// Buffers and children a producer must provide for a type, per the spec.
inline void check_layout(const DataType& t, const ArrowArray& a, const std::string& name) {
  int64_t buffers = t.id == TypeId::Utf8 ? 3 : 2;
  int64_t children = t.id == TypeId::ListUtf8 ? 1 : 0;
  if (a.n_buffers != buffers || a.n_children != children || (children && (!a.children || !a.children[0])))
    throw std::invalid_argument("column '" + name + "': malformed Arrow array for " + t.name());
  for (int64_t i = 1; i < buffers; ++i)
    if (!a.buffers[i] && a.length > 0) throw std::invalid_argument("column '" + name + "': missing data buffer");
  if (children && (a.children[0]->n_buffers != 3 ||
                   (a.children[0]->length > 0 && (!a.children[0]->buffers[1] || !a.children[0]->buffers[2]))))
    throw std::invalid_argument("column '" + name + "': malformed list values");
}

// Expands the first n bits of an Arrow bitmap (LSB first) into n bytes of
// 0/1, eight at a time. Returns true if any bit is 0.
inline bool unpack_bits(const void* bitmap, size_t n, uint8_t* out) {
  const uint8_t* bits = static_cast<const uint8_t*>(bitmap);
  uint8_t all = 0xFF;
  const size_t full = n / 8;
  for (size_t k = 0; k < full; ++k) {
    const uint8_t b = bits[k];
    all &= b;
    uint8_t* o = out + 8 * k;
    for (int j = 0; j < 8; ++j) o[j] = (b >> j) & 1;
  }
  for (size_t i = full * 8; i < n; ++i) {
    out[i] = (bits[i >> 3] >> (i & 7)) & 1;
    all &= static_cast<uint8_t>(out[i] ? 0xFF : 0);
  }
  return all != 0xFF;
}

// Offsets [o[0], o[n]] rebased to start at 0, into `out` (n + 1 values).
inline void copy_offsets(const int32_t* o, int64_t n, std::vector<int32_t>& out, const std::string& name) {
  out.resize(static_cast<size_t>(n) + 1);
  int32_t* dst = out.data();
  const int32_t base = o[0];
  bool ok = true;
  for (int64_t i = 0; i <= n; ++i) {
    dst[i] = o[i] - base;
    ok &= i == 0 || o[i] >= o[i - 1];
  }
  if (!ok) throw std::invalid_argument("column '" + name + "': offsets decrease");
}

// Whole-buffer import of an array with offset 0: values, offsets and text are
// copied in bulk and the validity bitmap is expanded once. Returns false,
// leaving `c` to be rebuilt value by value, when a null slot covers text
// (legal in Arrow; Column keeps null slots empty).
inline bool import_bulk(const DataType& t, const ArrowArray& a, Column& c, const std::string& name) {
  const int64_t n = a.length;
  const size_t un = static_cast<size_t>(n);
  std::vector<uint8_t>& valid_vec = c.valid();
  bool nulls = false;
  if (a.buffers[0]) {
    valid_vec.resize(un);
    nulls = unpack_bits(a.buffers[0], un, valid_vec.data());
  } else {
    valid_vec.assign(un, 1);
  }
  const uint8_t* valid = valid_vec.data();
  switch (t.id) {
    case TypeId::Bool: {
      std::vector<uint8_t> values(un);
      unpack_bits(a.buffers[1], un, values.data());
      std::vector<int64_t>& ints = c.ints();
      ints.resize(un);
      int64_t* dst = ints.data();
      for (size_t i = 0; i < un; ++i) dst[i] = valid[i] & values[i];
      return true;
    }
    case TypeId::Int64:
    case TypeId::Timestamp: {
      const int64_t* v = static_cast<const int64_t*>(a.buffers[1]);
      std::vector<int64_t>& ints = c.ints();
      ints.assign(v, v + un);
      if (nulls) {
        int64_t* dst = ints.data();
        for (size_t i = 0; i < un; ++i) dst[i] = valid[i] ? dst[i] : 0;
      }
      return true;
    }
    case TypeId::Float64: {
      const double* v = static_cast<const double*>(a.buffers[1]);
      std::vector<double>& doubles = c.doubles();
      doubles.assign(v, v + un);
      if (nulls) {
        double* dst = doubles.data();
        for (size_t i = 0; i < un; ++i) dst[i] = valid[i] ? dst[i] : 0.0;
      }
      return true;
    }
    case TypeId::Utf8: {
      const int32_t* o = static_cast<const int32_t*>(a.buffers[1]);
      if (nulls)
        for (size_t i = 0; i < un; ++i)
          if (!valid[i] && o[i + 1] != o[i]) return false;
      copy_offsets(o, n, c.offsets(), name);
      const char* d = static_cast<const char*>(a.buffers[2]);
      c.chars().assign(d + o[0], d + o[n]);
      return true;
    }
    case TypeId::ListUtf8: {
      const int32_t* lo = static_cast<const int32_t*>(a.buffers[1]);
      if (nulls)
        for (size_t i = 0; i < un; ++i)
          if (!valid[i] && lo[i + 1] != lo[i]) return false;
      copy_offsets(lo, n, c.list_offsets(), name);
      const ArrowArray& ch = *a.children[0];
      if (lo[0] < 0 || lo[n] > ch.length)
        throw std::invalid_argument("column '" + name + "': list offsets beyond the list values");
      const int64_t items = lo[n] - lo[0];
      if (items == 0) return true;  // the child may have no buffers at all
      const int32_t* o = static_cast<const int32_t*>(ch.buffers[1]) + ch.offset + lo[0];
      copy_offsets(o, items, c.offsets(), name);
      const char* d = static_cast<const char*>(ch.buffers[2]);
      c.chars().assign(d + o[0], d + o[items]);
      return true;
    }
  }
  return false;
}

inline Column import_column(const ArrowSchema& s, const ArrowArray& a) {
  DataType t = type_of_format(s);
  const std::string name = s.name ? s.name : "";
  check_layout(t, a, name);
  if (a.length == 0) return Column(t);
  if (a.offset == 0) {
    Column bulk(t);
    if (import_bulk(t, a, bulk, name)) return bulk;
  }
  Column c(t);
  c.reserve(static_cast<size_t>(a.length));
  const void* validity = a.n_buffers > 0 ? a.buffers[0] : nullptr;
  const int64_t off = a.offset;
  for (int64_t i = 0; i < a.length; ++i) {
    int64_t k = i + off;
    if (validity && !bit(validity, k)) {
      c.append_null();
      continue;
    }
    switch (t.id) {
      case TypeId::Bool:
        c.append_bool(bit(a.buffers[1], k));
        break;
      case TypeId::Int64:
      case TypeId::Timestamp:
        c.append_int(static_cast<const int64_t*>(a.buffers[1])[k]);
        break;
      case TypeId::Float64:
        c.append_double(static_cast<const double*>(a.buffers[1])[k]);
        break;
      case TypeId::Utf8: {
        auto* o = static_cast<const int32_t*>(a.buffers[1]);
        auto* d = static_cast<const char*>(a.buffers[2]);
        c.append_string(std::string_view(d + o[k], o[k + 1] - o[k]));
        break;
      }
      case TypeId::ListUtf8: {
        auto* lo = static_cast<const int32_t*>(a.buffers[1]);
        const ArrowArray& ch = *a.children[0];
        auto* o = static_cast<const int32_t*>(ch.buffers[1]);
        auto* d = static_cast<const char*>(ch.buffers[2]);
        std::vector<std::string_view> items;
        for (int32_t j = lo[k]; j < lo[k + 1]; ++j) {
          int64_t jj = j + ch.offset;
          items.emplace_back(d + o[jj], o[jj + 1] - o[jj]);
        }
        c.append_list(items);
        break;
      }
    }
  }
  return c;
}

}  // namespace detail

// Moves `batch` into the two structs; the receiver calls their release.
inline void export_batch(Batch&& batch, ArrowSchema* schema, ArrowArray* array) {
  batch.validate();
  const Schema& fields = batch.schema();
  detail::fill_schema(schema, "+s", "", 0, fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    ArrowSchema* child = schema->children[i];
    if (fields[i].type.id == TypeId::ListUtf8) {
      detail::fill_schema(child, "+l", fields[i].name, ARROW_FLAG_NULLABLE, 1);
      detail::fill_schema(child->children[0], "u", "item", ARROW_FLAG_NULLABLE, 0);
    } else {
      detail::fill_schema(child, format_of(fields[i].type), fields[i].name, ARROW_FLAG_NULLABLE, 0);
    }
  }
  auto* top = new detail::ArrayHolder;
  top->buffers.push_back(nullptr);
  detail::fill_array(array, top, batch.rows(), 0, fields.size());
  for (size_t i = 0; i < fields.size(); ++i)
    detail::export_column(std::make_shared<Column>(std::move(batch.column(i))), array->children[i]);
}

// Copies the structs into a Batch and releases them, also when it throws.
inline Batch import_batch(ArrowSchema* schema, ArrowArray* array) {
  struct Releaser {
    ArrowSchema* s;
    ArrowArray* a;
    ~Releaser() {
      if (a && a->release) a->release(a);
      if (s && s->release) s->release(s);
    }
  } releaser{schema, array};
  if (!schema || !schema->format || std::string(schema->format) != "+s")
    throw std::invalid_argument("a batch must be an Arrow struct array (format '+s')");
  if (array->offset != 0) throw std::invalid_argument("sliced batches (non-zero struct offset) are not supported");
  if (schema->n_children != array->n_children)
    throw std::invalid_argument("Arrow schema and array disagree on the number of columns");
  Schema fields;
  for (int64_t i = 0; i < schema->n_children; ++i)
    fields.push_back(
        {schema->children[i]->name ? schema->children[i]->name : "", type_of_format(*schema->children[i])});
  Batch out(fields);
  for (int64_t i = 0; i < schema->n_children; ++i) {
    if (array->children[i]->length != array->length)
      throw std::invalid_argument("column '" + fields[i].name + "' has " + std::to_string(array->children[i]->length) +
                                  " rows, the batch " + std::to_string(array->length));
    out.column(static_cast<size_t>(i)) = detail::import_column(*schema->children[i], *array->children[i]);
  }
  out.set_empty_rows(array->length);
  out.validate();
  return out;
}

}  // namespace chorus::arrow
