// rng: splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform,
// for the deterministic demo province and the synthetic national data set. Not for secrets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dv {

class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t Next() {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi] (the modulo bias is irrelevant at these ranges).
    int64_t Between(int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool Percent(int p) { return Between(0, 99) < p; }
    template <typename T>
    const T& Of(std::span<const T> items) {
        return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
    }

private:
    uint64_t state_;
};

}  // namespace dv
