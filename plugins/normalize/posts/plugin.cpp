// normalize.posts: folded hashtags, normalized URLs, merged duplicates.
#include <chorus/sdk.hpp>

#include "normalize_posts.hpp"

CHORUS_PLUGIN("normalize.posts", "0.1.0", "Apache-2.0",
              "Posts normalization: hashtag case folding (ICU), URL normalization, duplicate merging",
              chorus::normalize::posts::NormalizePosts)
