// Anchor of the test programs' precompiled header (cmake/ChorusTesting.cmake).
