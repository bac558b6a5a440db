// The export.csv plugin library.
#include "csv_stage.hpp"

CHORUS_PLUGIN("export.csv", "0.1.0", "Apache-2.0", "Spreadsheet-ready CSV export of any table",
              chorus::export_csv::CsvStage)
