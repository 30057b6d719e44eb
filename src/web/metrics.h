// Metrics: request counts by route and status, a latency histogram and database pool gauges,
// exposed in Prometheus text format. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace dv::web {

class Metrics {
public:
    void Observe(const std::string& method, const std::string& route, int status, std::chrono::microseconds elapsed);
    // Prometheus exposition text. Pool figures are passed in (the pool owns them).
    std::string Render(int pool_size, int pool_in_use, uint64_t pool_waits, int open_connections) const;

    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

private:
    mutable std::mutex mu_;
    std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mu_)
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};
    std::atomic<uint64_t> count_{0};
    std::atomic<uint64_t> sum_micros_{0};
};

}  // namespace dv::web
