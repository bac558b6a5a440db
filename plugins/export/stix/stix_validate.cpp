#include "stix_validate.hpp"

#include <algorithm>
#include <thread>

#include "stix_dom.hpp"

namespace chorus::export_stix {

namespace {

constexpr size_t kObjectsPerThread = 4096;  // below this a second thread costs more than it saves

// Runs f(begin, end, part) over `parts` consecutive slices of [0, n).
template <class F>
void in_parts(size_t n, int parts, F f) {
  if (parts <= 1) {
    f(size_t{0}, n, 0);
    return;
  }
  std::vector<std::thread> threads;
  for (int p = 1; p < parts; ++p) threads.emplace_back(f, n * p / parts, n * (p + 1) / parts, p);
  f(size_t{0}, n / parts, 0);
  for (auto& t : threads) t.join();
}

std::string parse_error_text(simdjson::error_code e) { return simdjson::error_message(e); }

}  // namespace

std::string dom::BundleIndex::modified_at(size_t i) const {
  simdjson::dom::parser parser;
  El o, v;
  if (parser.parse((*lines)[i]).get(o) != simdjson::SUCCESS || !member(o, "modified", v)) return "null";
  return text(v);
}

Validation validate_lines(const std::vector<std::string>& lines, const Json& envelope, const RuleOptions& options,
                          int checks, int threads) {
  const size_t n = lines.size();
  int parts = threads > 0 ? threads : (n >= 2 * kObjectsPerThread && std::thread::hardware_concurrency() >= 2 ? 2 : 1);
  parts = static_cast<int>(std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(parts), n)));

  // Pass 1: the index.
  dom::BundleIndex index;
  index.lines = &lines;
  index.objects.resize(n);
  in_parts(n, parts, [&](size_t begin, size_t end, int) {
    simdjson::dom::parser parser;
    for (size_t i = begin; i < end; ++i) {
      dom::ObjectFacts& f = index.objects[i];
      dom::El o;
      if (parser.parse(lines[i]).get(o) != simdjson::SUCCESS) continue;
      f.parsed = true;
      f.object = dom::is_object(o);
      dom::El v;
      if (dom::member(o, "id", v) && dom::is_string(v)) f.has_id = true, f.id = std::string(dom::str(v));
      f.has_created = dom::has(o, "created");
    }
  });
  index.first.reserve(n);
  for (size_t i = 0; i < n; ++i)
    if (index.objects[i].has_id) index.first.emplace(index.objects[i].id, i);

  // Pass 2: the checks, each part into its own lists.
  struct Part {
    std::vector<Issue> rules, lint;
    dom::Linter::Evidence evidence;
  };
  std::vector<Part> out(static_cast<size_t>(parts));
  const dom::RuleChecker checker(index, options);
  const dom::Linter linter(index);
  in_parts(n, parts, [&](size_t begin, size_t end, int p) {
    Part& part = out[static_cast<size_t>(p)];
    simdjson::dom::parser parser;
    for (size_t i = begin; i < end; ++i) {
      dom::El o;
      const auto err = parser.parse(lines[i]).get(o);
      if (err != simdjson::SUCCESS) {
        if (checks & kRules)
          part.rules.push_back({Issue::Severity::Error, "", "/objects/" + std::to_string(i), "object",
                                "not valid JSON: " + parse_error_text(err)});
        continue;
      }
      if (checks & kRules) checker.check(i, o, part.rules);
      if (checks & kLint) {
        linter.lint(i, o, part.lint);
        linter.evidence(i, o, part.evidence);
      }
    }
  });

  Validation v;
  if (checks & kRules)
    for (auto& p : out) v.rules.insert(v.rules.end(), p.rules.begin(), p.rules.end());
  if (checks & kLint) {
    if (envelope.is_object() && envelope.contains("spec_version"))
      v.lint.push_back({Issue::Severity::Error, envelope.value("id", ""), "/spec_version", "bundle-spec-version",
                        "a STIX 2.1 bundle has no spec_version (MISP rejects it: must equal '2.0')"});
    for (auto& p : out) v.lint.insert(v.lint.end(), p.lint.begin(), p.lint.end());
    dom::Linter::Evidence all;
    for (auto& p : out) {
      v.lint.insert(v.lint.end(), p.evidence.issues.begin(), p.evidence.issues.end());
      all.any_container |= p.evidence.any_container;
      all.bundle_other |= p.evidence.bundle_other;
      if (p.evidence.bundle_obs && !all.bundle_obs) all.bundle_obs = true, all.first_obs = p.evidence.first_obs;
    }
    linter.finish(all, v.lint);
  }
  return v;
}

}  // namespace chorus::export_stix
