// The urls.classify plugin library.
#include "classify_stage.hpp"

CHORUS_PLUGIN("urls.classify", "0.1.0", "Apache-2.0",
              "URL domain categories (state news, social, blog, content tool, shortener) per group",
              chorus::urls_classify::ClassifyStage)
