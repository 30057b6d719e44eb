// crypto: SHA-256, secure random tokens and constant-time comparison (OpenSSL libcrypto).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace dv::crypto {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// `n` random bytes from the OS CSPRNG.
std::string RandomBytes(size_t n);

// SHA-256 of data that arrives in pieces (a file streamed from disk or from an archive).
// Not thread-safe; Hex() ends it.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void Update(std::string_view piece);
    std::string Hex();  // lower-case hex of everything given to Update

private:
    struct State;
    std::unique_ptr<State> state_;
};

// `bytes` random bytes from the OS CSPRNG, as unpadded base64url text (URL- and cookie-safe).
std::string RandomToken(size_t bytes = 32);

// Compares without an early exit, so the time taken does not reveal where two secrets differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace dv::crypto
