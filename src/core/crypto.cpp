// crypto: thin wrappers over OpenSSL.
#include "core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace dv::crypto {

namespace {

std::string ToHex(const unsigned char* digest) {
    static const char* kHex = "0123456789abcdef";
    std::string out(2 * SHA256_DIGEST_LENGTH, '0');
    for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 15];
    }
    return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return ToHex(digest);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), digest, &length) ||
        length != SHA256_DIGEST_LENGTH)
        throw std::runtime_error("HMAC-SHA256 failed");
    return ToHex(digest);
}

// EVP, as OpenSSL 3 deprecates the SHA256_Init family.
struct Sha256::State {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    if (state_->ctx == nullptr || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: EVP_DigestInit_ex failed");
}
Sha256::~Sha256() = default;

void Sha256::Update(std::string_view piece) {
    if (EVP_DigestUpdate(state_->ctx, piece.data(), piece.size()) != 1)
        throw std::runtime_error("SHA-256: EVP_DigestUpdate failed");
}

std::string Sha256::Hex() {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    if (EVP_DigestFinal_ex(state_->ctx, digest, nullptr) != 1) throw std::runtime_error("SHA-256: EVP_DigestFinal_ex failed");
    return ToHex(digest);
}

std::string RandomBytes(size_t n) {
    std::string out(n, '\0');
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

std::string RandomToken(size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) throw std::runtime_error("RAND_bytes failed");
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes * 4 + 2) / 3);
    size_t i = 0;
    for (; i + 3 <= bytes; i += 3) {
        uint32_t v = (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
        for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
    }
    if (bytes - i == 1) {
        uint32_t v = buf[i] << 16;
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
    } else if (bytes - i == 2) {
        uint32_t v = (buf[i] << 16) | (buf[i + 1] << 8);
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
    }
    return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dv::crypto
