// crypto: SHA-256, secure random tokens and constant-time comparison (OpenSSL libcrypto).
#pragma once

#include <string>
#include <string_view>

namespace dv::crypto {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// `n` random bytes from the OS CSPRNG.
std::string RandomBytes(size_t n);

// `bytes` random bytes from the OS CSPRNG, as unpadded base64url text (URL- and cookie-safe).
std::string RandomToken(size_t bytes = 32);

// Compares without an early exit, so the time taken does not reveal where two secrets differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace dv::crypto
