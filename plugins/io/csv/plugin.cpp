// io.csv: CSV reader and writer stages.
#include "csv_read_stage.hpp"
#include "csv_write_stage.hpp"

CHORUS_PLUGIN("io.csv", "0.1.0", "Apache-2.0", "CSV reader and writer (RFC 4180, gzip input)",
              chorus::io_csv::CsvReadStage, chorus::io_csv::CsvWriteStage)
