// The normalize.posts plugin library.
#include "posts_stage.hpp"

CHORUS_PLUGIN("normalize.posts", "0.1.0", "Apache-2.0",
              "Posts normalization: hashtag case folding (ICU), URL normalization, duplicate merging",
              chorus::normalize_posts::PostsStage)
