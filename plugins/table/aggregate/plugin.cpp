// The table.aggregate plugin library.
#include "aggregate_stage.hpp"

CHORUS_PLUGIN("table.aggregate", "0.1.0", "Apache-2.0",
              "Group-by aggregation of tables (count, count_distinct, sum, min, max, mean)",
              chorus::table_aggregate::AggregateStage)
