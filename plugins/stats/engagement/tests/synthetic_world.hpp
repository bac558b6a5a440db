// The ingest/synthetic stage, for tests that check against the synthetic
// world's ground truth: taken from the plugin library this build made
// (libchorus_ingest_synthetic.so), through its C entry point as the host
// takes it, so this test program needs none of that plugin's code. Null when
// the library is not built (CHORUS_PLUGINS leaves ingest/synthetic out): the
// test then skips.
#pragma once

#include <dlfcn.h>

#include <chorus/abi/chorus_plugin.h>

#include <cstring>
#include <string>

namespace chorus::stats_engagement::test {

inline const chorus_stage_api* synthetic_world_stage() {
  static const chorus_stage_api* const stage = []() -> const chorus_stage_api* {
    const std::string path = std::string(CHORUS_TEST_PLUGIN_DIR) + "/libchorus_ingest_synthetic.so";
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: a loaded plugin stays loaded
    if (!lib) return nullptr;
    const auto entry = reinterpret_cast<chorus_plugin_entry_fn>(dlsym(lib, "chorus_plugin_entry_v1"));
    const chorus_plugin_desc* desc = entry ? entry() : nullptr;
    if (!desc || desc->abi_major != CHORUS_ABI_MAJOR) return nullptr;
    for (size_t i = 0; i < desc->n_stages; ++i)
      if (std::strcmp(desc->stages[i]->type, "ingest/synthetic") == 0) return desc->stages[i];
    return nullptr;
  }();
  return stage;
}

}  // namespace chorus::stats_engagement::test
