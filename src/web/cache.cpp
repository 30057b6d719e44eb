// web/cache: see cache.h.
#include "web/cache.h"

#include "audit/audit.h"
#include "core/log.h"

namespace dv::web {

namespace {
constexpr int64_t kSessionReread = 30 * 1000;  // ms
constexpr size_t kMaxSessions = 20000;
}  // namespace

Generation DataGeneration::Current() {
    std::lock_guard lock(mu_);
    Generation g;
    // The commit count is read before the mark: a commit between the two moves at least one of them
    // for the next request, and never lets an answer read after it be kept under an older generation
    // that is still current.
    g.commits = db::CommitCount();
    try {
        if (!conn_) conn_ = db::Open(url_);
        g.mark = conn_->engine() == db::Engine::kSqlite ? conn_->DataVersion() : audit::Head(*conn_).seq;
        g.known = true;
    } catch (const std::exception& e) {
        conn_.reset();  // reconnect on the next request; meanwhile nothing is served from the cache
        log::Write(log::Level::kWarning, "page cache: could not read the data generation", {{"error", e.what()}});
    }
    return g;
}

void PageCache::ResetIfMoved(const Generation& gen) {
    if (gen == gen_) return;
    slots_.clear();
    lru_.clear();
    bytes_ = 0;
    gen_ = gen;
}

std::shared_ptr<const CachedAnswer> PageCache::Find(const std::string& key, const Generation& gen) {
    if (!enabled() || !gen.known) return nullptr;
    std::lock_guard lock(mu_);
    ResetIfMoved(gen);
    auto it = slots_.find(key);
    if (it == slots_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.answer;
}

void PageCache::Put(const std::string& key, std::shared_ptr<const CachedAnswer> answer) {
    if (auto it = slots_.find(key); it != slots_.end()) {
        bytes_ -= SizeOf(*it->second.answer);
        lru_.erase(it->second.lru);
        slots_.erase(it);
    }
    size_t size = SizeOf(*answer);
    if (size > max_bytes_ / 4) return;  // one answer may not push out most of the others
    lru_.push_front(key);
    slots_.emplace(key, Slot{std::move(answer), lru_.begin()});
    bytes_ += size;
    while (bytes_ > max_bytes_ && !lru_.empty()) {
        auto victim = slots_.find(lru_.back());
        bytes_ -= SizeOf(*victim->second.answer);
        slots_.erase(victim);
        lru_.pop_back();
    }
}

std::shared_ptr<const CachedAnswer> PageCache::Store(const std::string& key, const Generation& gen,
                                                     http::Response response, std::string gzip) {
    auto answer = std::make_shared<const CachedAnswer>(CachedAnswer{std::move(response), std::move(gzip)});
    if (!enabled() || !gen.known) return answer;
    std::lock_guard lock(mu_);
    // An answer read under another generation than the cache's replaces the whole cache: it is only
    // ever served to requests that find that same generation, which read the same data themselves.
    ResetIfMoved(gen);
    Put(key, answer);
    return answer;
}

std::shared_ptr<const CachedAnswer> PageCache::WithGzip(const std::string& key, const Generation& gen,
                                                        const std::shared_ptr<const CachedAnswer>& answer,
                                                        std::string gzip) {
    auto with = std::make_shared<const CachedAnswer>(CachedAnswer{answer->response, std::move(gzip)});
    if (!enabled() || !gen.known) return with;
    std::lock_guard lock(mu_);
    if (!(gen == gen_)) return with;
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second.answer == answer) Put(key, with);
    return with;
}

uint64_t PageCache::hits() const {
    std::lock_guard lock(mu_);
    return hits_;
}

uint64_t PageCache::misses() const {
    std::lock_guard lock(mu_);
    return misses_;
}

size_t PageCache::bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
}

std::optional<auth::Session> SessionCache::Find(const std::string& token_hash, const Generation& gen, int64_t now_ms) {
    if (!gen.known) return std::nullopt;
    std::lock_guard lock(mu_);
    if (!(gen == gen_)) {
        slots_.clear();
        gen_ = gen;
        return std::nullopt;
    }
    auto it = slots_.find(token_hash);
    if (it == slots_.end()) return std::nullopt;
    const Slot& slot = it->second;
    if (now_ms - slot.read_at >= kSessionReread || now_ms < slot.read_at || now_ms >= slot.session.expires_at) {
        slots_.erase(it);
        return std::nullopt;
    }
    return slot.session;
}

void SessionCache::Store(const std::string& token_hash, const Generation& gen, int64_t now_ms, const auth::Session& s) {
    if (!gen.known) return;
    std::lock_guard lock(mu_);
    if (!(gen == gen_)) {
        slots_.clear();
        gen_ = gen;
    }
    if (slots_.size() >= kMaxSessions) slots_.clear();
    slots_[token_hash] = Slot{s, now_ms};
}

}  // namespace dv::web
