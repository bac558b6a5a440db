// Compiles the precompiled header every plugin of this tree reuses (plugins/CMakeLists.txt).
