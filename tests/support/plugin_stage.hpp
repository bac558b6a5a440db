// A stage of another plugin, for tests that need its output (a synthetic
// world, normalized posts): taken from the plugin library this build made,
// through its C entry point as the host takes it, so the test program links
// none of that plugin's code. Null when the library is not built
// (CHORUS_PLUGINS left it out): the test then skips (CHORUS_SKIP).
#pragma once

#include <dlfcn.h>

#include <chorus/abi/chorus_plugin.h>

#include <cstring>
#include <string>

namespace chorus::testing {

// `file` as in the plugin folder, e.g. "libchorus_ingest_synthetic.so". The
// library stays loaded, as a host keeps it.
inline const chorus_stage_api* built_plugin_stage(const std::string& file, const std::string& type) {
  const std::string path = std::string(CHORUS_TEST_PLUGIN_DIR) + "/" + file;
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) return nullptr;
  const auto entry = reinterpret_cast<chorus_plugin_entry_fn>(dlsym(lib, CHORUS_ENTRY_SYMBOL));
  const chorus_plugin_desc* desc = entry ? entry() : nullptr;
  if (!desc || desc->abi_major != CHORUS_ABI_MAJOR) return nullptr;
  for (size_t i = 0; i < desc->n_stages; ++i)
    if (std::strcmp(desc->stages[i]->type, type.c_str()) == 0) return desc->stages[i];
  return nullptr;
}

}  // namespace chorus::testing
