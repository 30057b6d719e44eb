// password: argon2id hashing (libargon2). Parameters follow OWASP's minimum for argon2id
// (t=2, m=19 MiB, p=1): about 25 ms a hash on this project's 2-core reference machine.
#pragma once

#include <string>
#include <string_view>

namespace dv::auth {

// The PHC-encoded hash ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"), with a fresh random salt.
std::string HashPassword(std::string_view password);
// True when `password` matches `encoded`. Malformed hashes are a mismatch, not a crash.
bool VerifyPassword(const std::string& encoded, std::string_view password);

// Used to spend the same time on unknown usernames as on known ones.
const std::string& DummyHash();

}  // namespace dv::auth
