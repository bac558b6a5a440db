#include "data/dataset.hpp"

#include <cstring>

#include "util/hash.hpp"

namespace chorus {
namespace {

void put_i64(std::string& buf, int64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff);
  buf.append(b, 8);
}

void put_str(std::string& buf, std::string_view s) {
  put_i64(buf, static_cast<int64_t>(s.size()));
  buf.append(s.data(), s.size());
}

void encode_value(std::string& buf, const Column& c, int64_t i) {
  if (c.is_null(i)) { buf.push_back(0); return; }
  buf.push_back(1);
  switch (c.type().id) {
    case TypeId::Bool: buf.push_back(c.boolean(i) ? 1 : 0); break;
    case TypeId::Int64:
    case TypeId::Timestamp: put_i64(buf, c.int64(i)); break;
    case TypeId::Float64: {
      int64_t bits;
      double d = c.float64(i);
      std::memcpy(&bits, &d, 8);
      put_i64(buf, bits);
      break;
    }
    case TypeId::Utf8: put_str(buf, c.str(i)); break;
    case TypeId::ListUtf8:
      put_i64(buf, c.list_size(i));
      for (int64_t j = 0; j < c.list_size(i); ++j) put_str(buf, c.list_item(i, j));
      break;
  }
}

}  // namespace

std::string dataset_hash(const Schema& schema, const std::vector<Batch>& batches) {
  Sha256 h;
  h.field("chorus-dataset-v1");
  h.field(static_cast<int64_t>(schema.size()));
  for (const auto& f : schema) {
    h.field(f.name);
    h.field(f.type.name());
  }
  std::string buf;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b.rows(); ++r) {
      for (size_t c = 0; c < b.num_columns(); ++c) encode_value(buf, b.column(c), r);
      if (buf.size() > (1 << 20)) {
        h.update(buf);
        buf.clear();
      }
    }
  }
  h.update(buf);
  return h.hex();
}

DatasetPtr make_dataset(std::string type_name, Schema schema, std::vector<Batch> batches) {
  auto d = std::make_shared<Dataset>();
  d->type_name = std::move(type_name);
  d->schema = std::move(schema);
  d->batches = std::move(batches);
  for (const auto& b : d->batches) d->rows += b.rows();
  d->hash = dataset_hash(d->schema, d->batches);
  return d;
}

}  // namespace chorus
