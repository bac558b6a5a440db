// normalize/posts' text normalization: URL normalization (normalize_url) and
// hashtag case folding (ICU fold_hashtag), plus ingest/twarc2's reading of
// twitter.com status links. Checks the documented contract of normalize_url:
// when it cannot read the text it returns false with the text unchanged.
#include "fuzz_support.hpp"

#include "ingest/twarc2/status_link.hpp"
#include "normalize/posts/hashtag_fold.hpp"
#include "normalize/posts/url_normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string> kStrip[] = {{}, {"www"}, {"www", "m", "mobile", "amp"}};

  for (const auto& strip : kStrip) {
    std::string out;
    if (!chorus::normalize_posts::normalize_url(s, strip, out))
      FUZZ_CHECK(out == s, "normalize_url refused the text but changed it");
    else
      FUZZ_CHECK(!out.empty(), "normalize_url accepted the text but gave an empty URL");
  }

  for (bool turkic : {false, true}) (void)chorus::normalize_posts::fold_hashtag(s, turkic);

  const auto link = chorus::ingest_twarc2::parse_status_link(s);
  if (link.is_status) FUZZ_CHECK(!link.id.empty(), "a status link without an id");
  return 0;
}
