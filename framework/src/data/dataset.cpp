#include "data/dataset.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

#include "util/hash.hpp"

namespace chorus {

// An unlinked temporary file: it disappears with its last descriptor.
class SpoolFile {
 public:
  SpoolFile() {
    std::string pattern = spool_dir() + "/chorus-spool-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = mkstemp(name.data());
    if (fd_ < 0) throw std::runtime_error("cannot create a spool file in " + spool_dir());
    unlink(name.data());
  }
  ~SpoolFile() { close(fd_); }
  uint64_t append(const std::string& bytes) {
    uint64_t at = size_;
    write_all(bytes.data(), bytes.size(), at);
    size_ += bytes.size();
    return at;
  }
  std::string read(uint64_t offset, uint64_t size) const {
    std::string out(size, '\0');
    size_t done = 0;
    while (done < size) {
      ssize_t n = pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
      if (n <= 0) throw std::runtime_error("spool file: read failed");
      done += static_cast<size_t>(n);
    }
    return out;
  }

 private:
  void write_all(const char* p, size_t n, uint64_t at) {
    while (n > 0) {
      ssize_t w = pwrite(fd_, p, n, static_cast<off_t>(at));
      if (w <= 0) throw std::runtime_error("spool file: write failed (disk full?)");
      p += w;
      n -= static_cast<size_t>(w);
      at += static_cast<uint64_t>(w);
    }
  }
  int fd_ = -1;
  uint64_t size_ = 0;
};

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

// The canonical encoding that defines a dataset's hash: per row and column a
// null marker and the value. It is row-major, so batch boundaries vanish.
void encode_rows(std::string& buf, const Batch& b) {
  for (int64_t r = 0; r < b.rows(); ++r) {
    for (size_t ci = 0; ci < b.num_columns(); ++ci) {
      const Column& c = b.column(ci);
      if (c.is_null(r)) {
        buf.push_back(0);
        continue;
      }
      buf.push_back(1);
      switch (c.type().id) {
        case TypeId::Bool:
          buf.push_back(c.boolean(r) ? 1 : 0);
          break;
        case TypeId::Int64:
        case TypeId::Timestamp:
          put_i64(buf, c.int64(r));
          break;
        case TypeId::Float64: {
          int64_t bits;
          double d = c.float64(r);
          std::memcpy(&bits, &d, 8);
          put_i64(buf, bits);
          break;
        }
        case TypeId::Utf8:
          put_str(buf, c.str(r));
          break;
        case TypeId::ListUtf8:
          put_i64(buf, c.list_size(r));
          for (int64_t j = 0; j < c.list_size(r); ++j) put_str(buf, c.list_item(r, j));
          break;
      }
    }
  }
}

void start_hash(Sha256& h, const Schema& schema) {
  h.field("chorus-dataset-v1");
  h.field(static_cast<int64_t>(schema.size()));
  for (const auto& f : schema) {
    h.field(f.name);
    h.field(f.type.name());
  }
}

template <class T>
void put_vec(std::string& buf, const std::vector<T>& v) {
  put_i64(buf, static_cast<int64_t>(v.size()));
  if (!v.empty()) buf.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T>
void get_vec(const std::string& buf, size_t& pos, std::vector<T>& v) {
  int64_t n;
  std::memcpy(&n, buf.data() + pos, 8);
  pos += 8;
  v.resize(static_cast<size_t>(n));
  if (n > 0) std::memcpy(v.data(), buf.data() + pos, static_cast<size_t>(n) * sizeof(T));
  pos += static_cast<size_t>(n) * sizeof(T);
}

// The spool format: each column's buffers, length-prefixed, in schema order.
// `column_starts` gets where each column begins, and the total size last.
std::string serialize(const Batch& b, std::vector<uint64_t>& column_starts) {
  std::string out;
  column_starts.clear();
  for (size_t i = 0; i < b.num_columns(); ++i) {
    const Column& c = b.column(i);
    column_starts.push_back(out.size());
    put_vec(out, c.valid());
    put_vec(out, c.ints());
    put_vec(out, c.doubles());
    put_vec(out, c.offsets());
    put_vec(out, c.list_offsets());
    put_i64(out, static_cast<int64_t>(c.chars().size()));
    out += c.chars();
  }
  column_starts.push_back(out.size());
  return out;
}

void deserialize_column(const std::string& buf, size_t& pos, Column& c) {
  get_vec(buf, pos, c.valid());
  get_vec(buf, pos, c.ints());
  get_vec(buf, pos, c.doubles());
  get_vec(buf, pos, c.offsets());
  get_vec(buf, pos, c.list_offsets());
  int64_t n;
  std::memcpy(&n, buf.data() + pos, 8);
  pos += 8;
  c.chars().assign(buf.data() + pos, static_cast<size_t>(n));
  pos += static_cast<size_t>(n);
}

size_t bytes_of(const Batch& b) {
  size_t n = 0;
  for (size_t i = 0; i < b.num_columns(); ++i) {
    const Column& c = b.column(i);
    n += c.valid().size() + c.ints().size() * 8 + c.doubles().size() * 8 + c.offsets().size() * 4 +
         c.list_offsets().size() * 4 + c.chars().size();
  }
  return n;
}

}  // namespace

Batch Dataset::batch(size_t i, const std::vector<size_t>* columns) const {
  if (!spool_) return columns ? memory_.at(i).project(*columns) : memory_.at(i);
  const SpoolExtent& extent = extents_.at(i);
  const std::vector<uint64_t>& starts = extent.column_starts;
  std::vector<size_t> all;
  if (!columns) {
    for (size_t c = 0; c < schema.size(); ++c) all.push_back(c);
    columns = &all;
  }
  Schema sub;
  for (size_t c : *columns) sub.push_back(schema.at(c));
  Batch b(std::move(sub));
  // Adjacent columns are read with one pread.
  for (size_t k = 0; k < columns->size();) {
    size_t end = k + 1;
    while (end < columns->size() && (*columns)[end] == (*columns)[end - 1] + 1) ++end;
    const uint64_t from = starts[(*columns)[k]], to = starts[(*columns)[end - 1] + 1];
    const std::string bytes = spool_->read(from, to - from);
    size_t pos = 0;
    for (size_t j = k; j < end; ++j) deserialize_column(bytes, pos, b.column(j));
    k = end;
  }
  if (columns->empty()) b.set_empty_rows(extent.rows);
  return b;
}

size_t Dataset::column_index(const std::string& name) const {
  for (size_t c = 0; c < schema.size(); ++c)
    if (schema[c].name == name) return c;
  return SIZE_MAX;
}

DatasetWriter::DatasetWriter(std::string type_name, Schema schema, size_t memory_limit)
    : data_(std::make_shared<Dataset>()), hasher_(std::make_unique<Sha256>()), memory_limit_(memory_limit) {
  data_->type_name = std::move(type_name);
  data_->schema = std::move(schema);
  start_hash(*hasher_, data_->schema);
}

DatasetWriter::~DatasetWriter() = default;
DatasetWriter::DatasetWriter(DatasetWriter&&) noexcept = default;
DatasetWriter& DatasetWriter::operator=(DatasetWriter&&) noexcept = default;

void DatasetWriter::append(Batch&& batch) {
  if (batch.schema() != data_->schema) throw std::invalid_argument("batch schema differs from the dataset's");
  batch.validate();
  if (batch.rows() == 0) return;
  scratch_.clear();
  encode_rows(scratch_, batch);
  hasher_->update(scratch_);
  data_->rows += batch.rows();
  if (data_->spool_) {
    spill(std::move(batch));
    return;
  }
  memory_bytes_ += bytes_of(batch);
  data_->memory_.push_back(std::move(batch));
  if (memory_bytes_ > memory_limit_) {
    data_->spool_ = std::make_shared<SpoolFile>();
    std::vector<Batch> held = std::move(data_->memory_);
    data_->memory_.clear();
    for (auto& b : held) spill(std::move(b));
    memory_bytes_ = 0;
  }
}

void DatasetWriter::spill(Batch&& batch) {
  std::vector<uint64_t> starts;
  std::string bytes = serialize(batch, starts);
  const uint64_t at = data_->spool_->append(bytes);
  for (auto& s : starts) s += at;
  data_->extents_.push_back({batch.rows(), std::move(starts)});
}

DatasetPtr DatasetWriter::finish() {
  data_->hash = hasher_->hex();
  return data_;
}

std::string dataset_hash(const Schema& schema, const std::vector<Batch>& batches) {
  return make_dataset("", schema, batches)->hash;
}

DatasetPtr make_dataset(std::string type_name, Schema schema, std::vector<Batch> batches) {
  DatasetWriter w(std::move(type_name), std::move(schema), SIZE_MAX);
  for (auto& b : batches) w.append(std::move(b));
  return w.finish();
}

std::string spool_dir() {
  if (const char* dir = std::getenv("CHORUS_SPOOL_DIR")) return dir;
  return std::filesystem::temp_directory_path().string();
}

}  // namespace chorus
