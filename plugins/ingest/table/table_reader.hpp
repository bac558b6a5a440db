// Reads the files of ingest/table, CSV or JSONL, record by record into the
// posts rows and the rejects.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "row_builder.hpp"
#include "table_options.hpp"

namespace chorus::ingest_table {

class TableReader {
 public:
  // `o` must outlive the reader; `posts` are the columns of the posts type.
  TableReader(sdk::Context& ctx, const Options& o, Schema posts);

  // Every record of one file (its format from the options or its name).
  void read_file(const std::string& file);
  // Emits what is left, reports progress and warns about rejects.
  void finish();

 private:
  void read_csv(const std::string& file, io_common::ByteSource& src);
  void read_jsonl(const std::string& file, io_common::ByteSource& src);
  // The current cells as a row, or a reject.
  void add(const std::string& file, int64_t line, std::string_view raw);

  sdk::Context& ctx_;
  const Options& o_;
  io_common::RejectSink rejects_;
  RowBuilder rows_;
  std::vector<Cell> cells_;
  int64_t done_ = 0, records_ = 0;
  std::string reason_, scratch_;
};

}  // namespace chorus::ingest_table
