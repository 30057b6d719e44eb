// web/cache: what signed-in GET requests read, kept in memory until the data may have changed.
//
// A page or JSON answer depends on the data, the session (its scope, its CSRF token, its name in the
// header), the URL, the language and today's date. The cache keeps answers by (session, language,
// representation, URL, date) for as long as the data's *generation* stays the same, and drops every
// answer when it moves. The generation moves on:
//   - every transaction this process commits (db::CommitCount), so a user sees their own change at once;
//   - SQLite: every commit by any other connection or process (PRAGMA data_version on a connection of
//     its own), which includes the command line (`import`, `rollup rebuild`) and hand edits;
//   - PostgreSQL: every audited change by any process (the audit head's sequence: every mutation is
//     audited in its own transaction, so a change and the sequence become visible together).
// Checking the generation is one cheap query per request, so several processes agree at once.
// Sessions read from the database are kept the same way (and re-read at least every 30 s, so the
// session's "last seen" is still touched and an expiry is noticed).
// Thread-safety: every member function is safe to call from any thread.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/model.h"
#include "db/db.h"
#include "http/message.h"

namespace dv::web {

struct Generation {
    uint64_t commits = 0;  // this process's commits
    int64_t mark = 0;      // SQLite data_version, or the audit head's sequence on PostgreSQL
    bool known = false;    // false when the database could not be asked: nothing is cached or served
    bool operator==(const Generation& o) const { return known && o.known && commits == o.commits && mark == o.mark; }
};

class DataGeneration {
public:
    explicit DataGeneration(std::string db_url) : url_(std::move(db_url)) {}
    Generation Current();

private:
    std::mutex mu_;
    std::string url_;
    std::unique_ptr<db::Connection> conn_;
};

// One cached answer: the response as rendered, and its gzip body once a client asked for it.
struct CachedAnswer {
    http::Response response;
    std::string gzip;
};

// Answers by key, all dropped when the generation moves; at most `max_bytes` of bodies (least
// recently used first out).
class PageCache {
public:
    explicit PageCache(size_t max_bytes) : max_bytes_(max_bytes) {}
    std::shared_ptr<const CachedAnswer> Find(const std::string& key, const Generation& gen);
    std::shared_ptr<const CachedAnswer> Store(const std::string& key, const Generation& gen, http::Response response,
                                              std::string gzip);
    // Adds the gzip body to an answer stored earlier (a later client accepted gzip).
    std::shared_ptr<const CachedAnswer> WithGzip(const std::string& key, const Generation& gen,
                                                 const std::shared_ptr<const CachedAnswer>& answer, std::string gzip);
    bool enabled() const { return max_bytes_ > 0; }
    uint64_t hits() const;
    uint64_t misses() const;
    size_t bytes() const;

private:
    struct Slot {
        std::shared_ptr<const CachedAnswer> answer;
        std::list<std::string>::iterator lru;
    };
    void ResetIfMoved(const Generation& gen);  // with mu_ held
    void Put(const std::string& key, std::shared_ptr<const CachedAnswer> answer);
    static size_t SizeOf(const CachedAnswer& a) { return a.response.body.size() + a.gzip.size() + 256; }

    mutable std::mutex mu_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    Generation gen_;
    std::unordered_map<std::string, Slot> slots_;
    std::list<std::string> lru_;  // most recent first
    uint64_t hits_ = 0, misses_ = 0;
};

// Sessions by the hash of their token, for the same generation and at most 30 s.
class SessionCache {
public:
    std::optional<auth::Session> Find(const std::string& token_hash, const Generation& gen, int64_t now_ms);
    void Store(const std::string& token_hash, const Generation& gen, int64_t now_ms, const auth::Session& s);

private:
    struct Slot {
        auth::Session session;
        int64_t read_at = 0;
    };
    std::mutex mu_;
    Generation gen_;
    std::unordered_map<std::string, Slot> slots_;
};

}  // namespace dv::web
