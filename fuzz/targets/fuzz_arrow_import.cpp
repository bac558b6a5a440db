// chorus::arrow::import_batch on Arrow C Data Interface structs built from
// the fuzz input, as a plugin or the host would hand them over.
//
// The C Data Interface gives no buffer sizes: an importer has to trust that
// a buffer is as long as length + offset say. So the structs built here are
// always honest about sizes: every buffer is allocated exactly as long as
// the Arrow spec requires for the declared length and offset, and every
// offset points inside its data buffer. Within that, the input decides the
// number of columns, their formats (some unsupported), names, lengths (some
// disagreeing with the batch), offsets, validity bitmaps, values, text,
// list layouts and a few missing buffers or wrong buffer counts.
//
// Two modes (the first input byte):
//  - valid: offsets never decrease (a spec-valid array). import_batch must
//    succeed whenever the formats are supported and the lengths agree, and
//    give exactly the values of the buffers (checked against a reference
//    read of the same buffers); export_batch + import_batch must give them
//    back again.
//  - untrusted: offsets are arbitrary values inside the data buffer (they
//    may decrease). import_batch may throw, but must not read outside the
//    buffers.
// In both modes import_batch must release both structs, also when it throws.
#include "fuzz_support.hpp"

#include <cstring>
#include <memory>

namespace {

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::TimeUnit;
using chorus::TypeId;

// Reads the input front to back; zeros once it is used up.
class Bytes {
 public:
  Bytes(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  uint8_t u8() { return n_ ? (--n_, *p_++) : 0; }
  void fill(void* dst, size_t n) {
    auto* d = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < n; ++i) d[i] = u8();
  }

 private:
  const uint8_t* p_;
  size_t n_;
};

// Owns everything a struct points to. Vectors are sized once and never
// resized after pointers into them are taken.
struct Owned {
  std::vector<std::unique_ptr<std::vector<uint8_t>>> blobs;
  std::vector<std::unique_ptr<std::string>> strings;
  std::vector<std::unique_ptr<std::vector<const void*>>> buffer_lists;
  std::vector<std::unique_ptr<ArrowArray>> arrays;
  std::vector<std::unique_ptr<ArrowSchema>> schemas;
  std::vector<std::unique_ptr<std::vector<ArrowArray*>>> array_lists;
  std::vector<std::unique_ptr<std::vector<ArrowSchema*>>> schema_lists;

  uint8_t* blob(size_t n) {
    // An exact-size heap block (at least 1 byte so the pointer is not null):
    // ASan reports any read past the n bytes a buffer must have.
    blobs.push_back(std::make_unique<std::vector<uint8_t>>(n ? n : 1));
    return blobs.back()->data();
  }
  const char* str(std::string s) {
    strings.push_back(std::make_unique<std::string>(std::move(s)));
    return strings.back()->c_str();
  }
};

bool g_schema_released = false, g_array_released = false;
void release_schema(ArrowSchema* s) {
  g_schema_released = true;
  s->release = nullptr;
}
void release_array(ArrowArray* a) {
  g_array_released = true;
  a->release = nullptr;
}
void release_child_schema(ArrowSchema* s) { s->release = nullptr; }
void release_child_array(ArrowArray* a) { a->release = nullptr; }

// What a column holds, read from the same buffers without the importer (the
// reference for valid mode).
struct Expected {
  DataType type;
  bool supported = true;
  std::vector<bool> null;
  std::vector<int64_t> ints;  // bool, int64, timestamp
  std::vector<uint64_t> double_bits;
  std::vector<std::string> text;
  std::vector<std::vector<std::string>> lists;
};

bool bit_at(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }

// Offsets for `count` slots into a data buffer of `data_len` bytes (count+1
// values, all in [0, data_len]); never decreasing unless `untrusted`.
int32_t* make_offsets(Owned& own, Bytes& in, int64_t count, int32_t data_len, bool untrusted) {
  auto* o = reinterpret_cast<int32_t*>(own.blob(static_cast<size_t>(count + 1) * sizeof(int32_t)));
  int32_t cur = static_cast<int32_t>(in.u8() % (data_len + 1));
  o[0] = cur;
  for (int64_t i = 1; i <= count; ++i) {
    if (untrusted) {
      cur = static_cast<int32_t>(in.u8() % (data_len + 1));
    } else {
      const int32_t room = data_len - cur;
      cur += room ? static_cast<int32_t>(in.u8() % (room + 1) % 8) : 0;
    }
    o[i] = cur;
  }
  return o;
}

// One column: schema and array structs (children included) built from the input.
void build_column(Owned& own, Bytes& in, int64_t batch_length, bool untrusted, ArrowSchema* s, ArrowArray* a,
                  Expected& e) {
  std::memset(s, 0, sizeof *s);
  std::memset(a, 0, sizeof *a);
  s->release = release_child_schema;
  a->release = release_child_array;
  s->flags = ARROW_FLAG_NULLABLE;

  static const char* const kNames[] = {"a", "b", "", "a", "col\xC3\xA9"};
  s->name = kNames[in.u8() % 5];

  // Type: the six supported ones, or an unsupported format.
  const uint8_t k = in.u8() % 11;
  static const char* const kBad[] = {"i", "+s", "tsx:UTC", "tss:Europe/Paris"};
  bool list_child_bad = false;
  switch (k) {
    case 0:
      e.type = {TypeId::Bool};
      s->format = "b";
      break;
    case 1:
      e.type = {TypeId::Int64};
      s->format = "l";
      break;
    case 2:
      e.type = {TypeId::Float64};
      s->format = "g";
      break;
    case 3:
      e.type = {TypeId::Utf8};
      s->format = "u";
      break;
    case 4:
      e.type = {TypeId::ListUtf8};
      s->format = "+l";
      break;
    case 5: {
      static const char* const kTs[] = {"tss:UTC", "tsm:UTC", "tsu:+00:00", "tsn:Z"};
      static const TimeUnit kU[] = {TimeUnit::Second, TimeUnit::Milli, TimeUnit::Micro, TimeUnit::Nano};
      const int u = in.u8() % 4;
      e.type = {TypeId::Timestamp, kU[u]};
      s->format = kTs[u];
      break;
    }
    case 6:
      e.type = {TypeId::ListUtf8};
      s->format = "+l";
      list_child_bad = true;
      e.supported = false;
      break;
    default:
      // Unsupported: laid out as an int64 column so the array is still honest.
      e.type = {TypeId::Int64};
      s->format = kBad[k - 7];
      e.supported = false;
      break;
  }

  // Length (sometimes not the batch's), offset, validity.
  int64_t length = batch_length;
  if (in.u8() % 16 == 0) {
    length = batch_length + 1;
    e.supported = false;
  }
  const int64_t offset = in.u8() % 4;
  const int64_t total = offset + length;
  a->length = length;
  a->offset = offset;
  a->null_count = -1;

  const uint8_t* validity = nullptr;
  if (in.u8() % 2) {
    uint8_t* v = own.blob(static_cast<size_t>((total + 7) / 8));
    in.fill(v, static_cast<size_t>((total + 7) / 8));
    validity = v;
  }

  // Buffers as the spec lays them out for the type.
  const TypeId id = e.type.id;
  int64_t n_buffers = id == TypeId::Utf8 ? 3 : 2;
  own.buffer_lists.push_back(std::make_unique<std::vector<const void*>>(static_cast<size_t>(n_buffers), nullptr));
  std::vector<const void*>& bufs = *own.buffer_lists.back();
  bufs[0] = validity;

  const uint8_t* value_bits = nullptr;
  const int64_t* ints = nullptr;
  const int32_t* offs = nullptr;
  const char* chars = nullptr;
  // List child.
  const int32_t* child_offs = nullptr;
  const char* child_chars = nullptr;
  int64_t child_offset = 0;

  switch (id) {
    case TypeId::Bool: {
      uint8_t* b = own.blob(static_cast<size_t>((total + 7) / 8));
      in.fill(b, static_cast<size_t>((total + 7) / 8));
      value_bits = b;
      bufs[1] = b;
      break;
    }
    case TypeId::Int64:
    case TypeId::Timestamp:
    case TypeId::Float64: {
      uint8_t* b = own.blob(static_cast<size_t>(total) * 8);
      in.fill(b, static_cast<size_t>(total) * 8);
      ints = reinterpret_cast<const int64_t*>(b);
      bufs[1] = b;
      break;
    }
    case TypeId::Utf8: {
      const int32_t data_len = in.u8() % 48;
      offs = make_offsets(own, in, total, data_len, untrusted);
      uint8_t* d = own.blob(static_cast<size_t>(data_len));
      in.fill(d, static_cast<size_t>(data_len));
      chars = reinterpret_cast<const char*>(d);
      bufs[1] = offs;
      bufs[2] = d;
      break;
    }
    case TypeId::ListUtf8: {
      // The child: a utf8 array of child_len strings at child_offset.
      const int64_t child_len = in.u8() % 24;
      child_offset = in.u8() % 3;
      const int32_t data_len = in.u8() % 64;
      child_offs = make_offsets(own, in, child_offset + child_len, data_len, untrusted);
      uint8_t* d = own.blob(static_cast<size_t>(data_len));
      in.fill(d, static_cast<size_t>(data_len));
      child_chars = reinterpret_cast<const char*>(d);
      // List offsets index the child's slots: [0, child_len].
      offs = make_offsets(own, in, total, static_cast<int32_t>(child_len), untrusted);
      bufs[1] = offs;

      own.schemas.push_back(std::make_unique<ArrowSchema>());
      ArrowSchema* cs = own.schemas.back().get();
      std::memset(cs, 0, sizeof *cs);
      cs->format = list_child_bad ? "l" : "u";
      cs->name = "item";
      cs->flags = ARROW_FLAG_NULLABLE;
      cs->release = release_child_schema;
      own.schema_lists.push_back(std::make_unique<std::vector<ArrowSchema*>>(1, cs));
      s->n_children = 1;
      s->children = own.schema_lists.back()->data();

      own.buffer_lists.push_back(std::make_unique<std::vector<const void*>>(3, nullptr));
      std::vector<const void*>& cb = *own.buffer_lists.back();
      if (in.u8() % 2) {  // child validity (the importer may ignore it)
        uint8_t* v = own.blob(static_cast<size_t>((child_offset + child_len + 7) / 8));
        in.fill(v, static_cast<size_t>((child_offset + child_len + 7) / 8));
        cb[0] = v;
      }
      cb[1] = child_offs;
      cb[2] = d;
      own.arrays.push_back(std::make_unique<ArrowArray>());
      ArrowArray* ca = own.arrays.back().get();
      std::memset(ca, 0, sizeof *ca);
      ca->length = child_len;
      ca->offset = child_offset;
      ca->null_count = -1;
      ca->n_buffers = 3;
      ca->buffers = cb.data();
      ca->release = release_child_array;
      own.array_lists.push_back(std::make_unique<std::vector<ArrowArray*>>(1, ca));
      a->n_children = 1;
      a->children = own.array_lists.back()->data();
      break;
    }
  }

  // Sometimes a malformed layout the importer must refuse: a missing data
  // buffer, or fewer buffers than the type has (the list is cut, so nothing
  // past it exists to be read).
  const uint8_t damage = in.u8() % 32;
  if (damage == 0 && length > 0) {
    bufs[1] = nullptr;
    e.supported = false;
  }
  if (damage == 1) {
    n_buffers -= 1;
    e.supported = false;
  }
  a->n_buffers = n_buffers;
  a->buffers = bufs.data();

  // The reference values.
  if (!e.supported || untrusted) return;
  for (int64_t i = 0; i < length; ++i) {
    const int64_t j = i + offset;
    const bool is_null = validity && !bit_at(validity, j);
    e.null.push_back(is_null);
    switch (id) {
      case TypeId::Bool:
        e.ints.push_back(is_null ? 0 : bit_at(value_bits, j));
        break;
      case TypeId::Int64:
      case TypeId::Timestamp:
        e.ints.push_back(is_null ? 0 : ints[j]);
        break;
      case TypeId::Float64: {
        uint64_t bits = 0;
        if (!is_null) std::memcpy(&bits, &ints[j], 8);
        e.double_bits.push_back(bits);
        break;
      }
      case TypeId::Utf8:
        e.text.push_back(is_null ? std::string()
                                 : std::string(chars + offs[j], static_cast<size_t>(offs[j + 1] - offs[j])));
        break;
      case TypeId::ListUtf8: {
        std::vector<std::string> items;
        if (!is_null)
          for (int32_t q = offs[j]; q < offs[j + 1]; ++q) {
            const int64_t c = q + child_offset;
            items.emplace_back(child_chars + child_offs[c], static_cast<size_t>(child_offs[c + 1] - child_offs[c]));
          }
        e.lists.push_back(std::move(items));
        break;
      }
    }
  }
}

void check_column(const Column& c, const Expected& e, size_t col) {
  const std::string where = "column " + std::to_string(col);
  FUZZ_CHECK(c.type() == e.type, where + ": imported as " + c.type().name() + ", not " + e.type.name());
  FUZZ_CHECK(c.size() == static_cast<int64_t>(e.null.size()), where + ": wrong row count");
  for (int64_t i = 0; i < c.size(); ++i) {
    const std::string at = where + " row " + std::to_string(i);
    FUZZ_CHECK(c.is_null(i) == e.null[static_cast<size_t>(i)], at + ": null flag differs");
    if (c.is_null(i)) continue;
    switch (e.type.id) {
      case TypeId::Bool:
        FUZZ_CHECK(c.boolean(i) == (e.ints[static_cast<size_t>(i)] != 0), at + ": bool differs");
        break;
      case TypeId::Int64:
      case TypeId::Timestamp:
        FUZZ_CHECK(c.int64(i) == e.ints[static_cast<size_t>(i)], at + ": value differs");
        break;
      case TypeId::Float64: {
        const double d = c.float64(i);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        FUZZ_CHECK(bits == e.double_bits[static_cast<size_t>(i)], at + ": double bits differ");
        break;
      }
      case TypeId::Utf8:
        FUZZ_CHECK(c.str(i) == e.text[static_cast<size_t>(i)], at + ": text differs");
        break;
      case TypeId::ListUtf8: {
        const auto& items = e.lists[static_cast<size_t>(i)];
        FUZZ_CHECK(c.list_size(i) == static_cast<int64_t>(items.size()), at + ": list size differs");
        for (int64_t q = 0; q < c.list_size(i); ++q)
          FUZZ_CHECK(c.list_item(i, q) == items[static_cast<size_t>(q)], at + ": list item differs");
        break;
      }
    }
  }
}

// Two batches hold the same cells.
void check_same(const Batch& x, const Batch& y) {
  FUZZ_CHECK(x.num_columns() == y.num_columns() && x.rows() == y.rows(), "export + import changed the shape");
  for (size_t c = 0; c < x.num_columns(); ++c) {
    FUZZ_CHECK(x.schema()[c].name == y.schema()[c].name && x.column(c).type() == y.column(c).type(),
               "export + import changed column " + std::to_string(c));
    for (int64_t i = 0; i < x.rows(); ++i)
      FUZZ_CHECK(chorus::sdk::testing::cell_text(x.column(c), i) == chorus::sdk::testing::cell_text(y.column(c), i),
                 "export + import changed column " + std::to_string(c) + " row " + std::to_string(i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  const bool untrusted = in.u8() & 1;
  const size_t ncols = in.u8() % 4;
  const int64_t length = in.u8() % 17;
  const bool struct_offset = in.u8() % 32 == 0;

  Owned own;
  ArrowSchema schema;
  ArrowArray array;
  std::memset(&schema, 0, sizeof schema);
  std::memset(&array, 0, sizeof array);
  own.schema_lists.push_back(std::make_unique<std::vector<ArrowSchema*>>());
  own.array_lists.push_back(std::make_unique<std::vector<ArrowArray*>>());
  std::vector<ArrowSchema*>& schema_children = *own.schema_lists.back();
  std::vector<ArrowArray*>& array_children = *own.array_lists.back();
  std::vector<Expected> expected(ncols);
  bool supported = !struct_offset;
  for (size_t c = 0; c < ncols; ++c) {
    own.schemas.push_back(std::make_unique<ArrowSchema>());
    own.arrays.push_back(std::make_unique<ArrowArray>());
    ArrowSchema* s = own.schemas.back().get();
    ArrowArray* a = own.arrays.back().get();
    build_column(own, in, length, untrusted, s, a, expected[c]);
    supported = supported && expected[c].supported;
    schema_children.push_back(s);
    array_children.push_back(a);
  }
  schema.format = "+s";
  schema.name = "";
  schema.n_children = static_cast<int64_t>(ncols);
  schema.children = ncols ? schema_children.data() : nullptr;
  schema.release = release_schema;
  own.buffer_lists.push_back(std::make_unique<std::vector<const void*>>(1, nullptr));
  array.length = length;
  array.offset = struct_offset ? 1 : 0;
  array.n_buffers = 1;
  array.buffers = own.buffer_lists.back()->data();
  array.n_children = static_cast<int64_t>(ncols);
  array.children = ncols ? array_children.data() : nullptr;
  array.release = release_array;

  g_schema_released = g_array_released = false;
  Batch batch;
  bool imported = false;
  std::string error;
  try {
    batch = chorus::arrow::import_batch(&schema, &array);
    imported = true;
  } catch (const std::exception& e) {
    error = e.what();
  }
  FUZZ_CHECK(g_schema_released && g_array_released, "import_batch did not release the structs");

  if (untrusted) return 0;
  if (supported) {
    FUZZ_CHECK(imported, "import_batch refused a valid batch: " + error);
  }
  if (!imported) return 0;
  if (supported)
    for (size_t c = 0; c < ncols; ++c) check_column(batch.column(c), expected[c], c);

  // Back across the boundary and again: the same cells.
  Batch copy = batch;
  ArrowSchema s2;
  ArrowArray a2;
  chorus::arrow::export_batch(std::move(copy), &s2, &a2);
  Batch back = chorus::arrow::import_batch(&s2, &a2);
  check_same(batch, back);
  return 0;
}
