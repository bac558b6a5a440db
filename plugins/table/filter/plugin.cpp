// The table.filter plugin library.
#include "filter_stage.hpp"

CHORUS_PLUGIN("table.filter", "0.1.0", "Apache-2.0", "Row filtering of tables by column conditions",
              chorus::table_filter::FilterStage)
