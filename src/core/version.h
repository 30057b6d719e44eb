// version: what `dangvu --version` and serve's start line report.
//
// Defined in a file generated at build time (cmake/version.cmake) and linked into the dangvu
// executable only: a new commit recompiles that one small file and relinks one binary. Code in
// dangvu_lib must not call these (the unit tests would not link).
#pragma once

namespace dv::version {

// The release version (CMake's project version), e.g. "0.1.0".
const char* Version();

// The git commit the binary was built from, e.g. "3f2a9c1d0b7e" ("-dirty" appended when tracked
// files had uncommitted changes), or "unknown" when built outside a git checkout.
const char* Commit();

}  // namespace dv::version
