// Metrics: counting and the Prometheus text format.
#include "web/metrics.h"

#include <cstdio>

namespace dv::web {

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      std::chrono::microseconds elapsed) {
    {
        std::lock_guard lock(mu_);
        ++requests_[{method, route.empty() ? std::string("unmatched") : route, status}];
    }
    double seconds = static_cast<double>(elapsed.count()) / 1e6;
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<uint64_t>(elapsed.count()), std::memory_order_relaxed);
}

namespace {
std::string Escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}
}  // namespace

std::string Metrics::Render(int pool_size, int pool_in_use, uint64_t pool_waits, int open_connections) const {
    std::string out;
    out += "# HELP dangvu_http_requests_total HTTP requests by method, route pattern and status.\n";
    out += "# TYPE dangvu_http_requests_total counter\n";
    {
        std::lock_guard lock(mu_);
        for (const auto& [key, n] : requests_) {
            const auto& [method, route, status] = key;
            out += "dangvu_http_requests_total{method=\"" + Escape(method) + "\",route=\"" + Escape(route) +
                   "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
        }
    }
    out += "# HELP dangvu_http_request_duration_seconds Time from request read to response written.\n";
    out += "# TYPE dangvu_http_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    char le[32];
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out += std::string("dangvu_http_request_duration_seconds_bucket{le=\"") + le + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    cumulative += buckets_[kBuckets.size()].load(std::memory_order_relaxed);
    out += "dangvu_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(sum_micros_.load()) / 1e6);
    out += std::string("dangvu_http_request_duration_seconds_sum ") + sum + "\n";
    out += "dangvu_http_request_duration_seconds_count " + std::to_string(count_.load()) + "\n";
    out += "# HELP dangvu_db_pool_connections Database connections in the pool.\n";
    out += "# TYPE dangvu_db_pool_connections gauge\n";
    out += "dangvu_db_pool_connections " + std::to_string(pool_size) + "\n";
    out += "# HELP dangvu_db_pool_in_use Database connections lent out now.\n";
    out += "# TYPE dangvu_db_pool_in_use gauge\n";
    out += "dangvu_db_pool_in_use " + std::to_string(pool_in_use) + "\n";
    out += "# HELP dangvu_db_pool_waits_total Times a request waited for a free database connection.\n";
    out += "# TYPE dangvu_db_pool_waits_total counter\n";
    out += "dangvu_db_pool_waits_total " + std::to_string(pool_waits) + "\n";
    out += "# HELP dangvu_http_open_connections Open client connections.\n";
    out += "# TYPE dangvu_http_open_connections gauge\n";
    out += "dangvu_http_open_connections " + std::to_string(open_connections) + "\n";
    return out;
}

}  // namespace dv::web
