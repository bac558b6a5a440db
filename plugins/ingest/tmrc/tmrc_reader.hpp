// Reads the tweets and users CSVs of the archive into posts and accounts
// rows, and the records it cannot use into rejects.
#pragma once

#include <chorus/sdk.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/common/reader_support.hpp"
#include "io/csv/csv_parser.hpp"
#include "row_sink.hpp"
#include "tmrc_files.hpp"
#include "tmrc_header.hpp"

namespace chorus::ingest_tmrc {

class TmrcReader {
 public:
  // Throws when the host lacks the posts or accounts dataset type.
  TmrcReader(sdk::Context& ctx, int64_t batch_rows);

  // Every record of one file: a tweets file gives posts, a users file
  // accounts; a file of the wrong kind, or without the columns the reader
  // needs, is an error naming the file.
  void read_file(const std::string& file, const CampaignRule& campaign, bool tweets);
  // Emits what is left and reports the final progress.
  void finish();

  io_common::RejectSink rejects;
  int64_t posts_count = 0, accounts_count = 0;

 private:
  void done(int64_t emitted);

  // Text of field k of the current record ("" when the column is absent).
  // Inline: the row builders call it for every field of every record.
  std::string_view text(int k) {
    if (k < 0) return {};
    const io_csv::FieldRef& f = fields_[k];
    if (!f.escaped) return std::string_view(f.data, f.size);
    return io_csv::field_text(f, scratch_[static_cast<size_t>(k)]);
  }
  bool fail(const char* field, std::string_view value, const std::string& what);
  bool fail_list(const char* field, const std::string& what);
  bool fail_empty(const char* field);
  // A count column -> cell (null when the column is absent or the field empty).
  bool count(int k, const char* field, Cell& out);
  // A list column -> cell (null when the column is absent; [] when empty).
  bool list(int k, const char* field, std::vector<std::string>& items, Cell& out);
  bool tweet_row(const std::string& file, int64_t line, const CampaignRule& campaign);
  bool user_row(const std::string& file, const CampaignRule& campaign);

  sdk::Context& ctx_;
  RowSink posts_, accounts_;
  TimeUnit post_time_unit_, account_time_unit_;
  std::array<int, T_count> tidx_{};
  std::array<int, U_count> uidx_{};
  const io_csv::FieldRef* fields_ = nullptr;
  std::vector<std::string> scratch_;
  std::vector<std::string> hashtags_, urls_, mentions_;
  std::string reason_, list_error_, time_error_;
  int64_t records_ = 0, rows_done_ = 0;
};

}  // namespace chorus::ingest_tmrc
