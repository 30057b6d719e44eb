// db: the engine-neutral half of the db layer: Row conversions, URL handling and the connection Pool.
#include "db/db.h"

#include <algorithm>
#include <atomic>
#include <array>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "db/postgres.h"
#include "db/sqlite.h"

namespace dv::db {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

[[noreturn]] void ThrowNull(size_t i) {
    throw std::logic_error("db::Row: column " + std::to_string(i) + " is NULL; use the Opt* accessors");
}

[[noreturn]] void ThrowConversion(size_t i, std::string_view want, std::string_view have) {
    throw std::logic_error("db::Row: column " + std::to_string(i) + " is not " + std::string(want) + ": '" +
                           std::string(have) + "'");
}

// Where the passwords sit in a URL: in the user info ("user:PASS@host") and in a libpq
// "password=" query parameter. The user info ends at the last '@' before the query, so a password
// holding an unescaped '@' or '/' is still covered whole: over-hiding beats leaking.
std::vector<std::pair<size_t, size_t>> PasswordSpans(const std::string& url) {
    std::vector<std::pair<size_t, size_t>> spans;
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return spans;
    size_t authority = scheme_end + 3;
    size_t query = url.find('?', authority);
    size_t at = url.rfind('@', query);
    if (at != std::string::npos && at > authority) {
        size_t colon = url.find(':', authority);
        if (colon < at && colon + 1 < at) spans.emplace_back(colon + 1, at - colon - 1);
    }
    for (size_t pos = query; pos != std::string::npos; pos = url.find('&', pos + 1)) {
        if (url.compare(pos + 1, 9, "password=") != 0) continue;
        size_t value = pos + 10;
        size_t end = std::min(url.find_first_of("&#", value), url.size());
        if (end > value) spans.emplace_back(value, end - value);
    }
    return spans;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "%40" -> "@", as libpq reads a URL's user info and parameters.
std::string PercentDecode(std::string_view coded) {
    std::string out;
    for (size_t i = 0; i < coded.size(); ++i) {
        if (coded[i] == '%' && i + 2 < coded.size() && HexDigit(coded[i + 1]) >= 0 && HexDigit(coded[i + 2]) >= 0) {
            out += static_cast<char>(HexDigit(coded[i + 1]) * 16 + HexDigit(coded[i + 2]));
            i += 2;
        } else {
            out += coded[i];
        }
    }
    return out;
}

std::string DoubleToText(double d) {
    // std::to_chars without a precision gives the shortest text that reads back to the same double,
    // and unlike printf it ignores the process locale (a Vietnamese locale would print a comma).
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    return {buf.data(), end};
}

}  // namespace

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells_.at(i)); }

int64_t Row::Int(size_t i) const {
    const Value& v = cells_.at(i);
    if (const auto* n = std::get_if<int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) {
        // PostgreSQL gives SUM(bigint) as NUMERIC, which we read as double: accept whole values only, so
        // a fraction is never silently dropped. 2^63 itself is out of range, hence the strict bound.
        constexpr double kTwo63 = 9223372036854775808.0;
        if (std::trunc(*d) != *d || *d < -kTwo63 || *d >= kTwo63) ThrowConversion(i, "an integer", DoubleToText(*d));
        return static_cast<int64_t>(*d);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        int64_t n = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
        if (ec != std::errc() || end != s->data() + s->size()) ThrowConversion(i, "an integer", *s);
        return n;
    }
    ThrowNull(i);
}

double Row::Real(size_t i) const {
    const Value& v = cells_.at(i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
    if (const auto* s = std::get_if<std::string>(&v)) {
        double d = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), d);
        if (ec != std::errc() || end != s->data() + s->size()) ThrowConversion(i, "a number", *s);
        return d;
    }
    ThrowNull(i);
}

std::string Row::Text(size_t i) const {
    const Value& v = cells_.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) return DoubleToText(*d);
    ThrowNull(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

std::optional<Row> Connection::QueryOne(std::string_view sql, const Params& params) {
    std::vector<Row> rows = Query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

int64_t Connection::InsertReturningId(std::string_view sql, const Params& params) {
    std::optional<Row> row = QueryOne(sql, params);
    if (!row || row->size() == 0) {
        throw DbError(DbError::Kind::kOther, "InsertReturningId: statement returned no id: " + std::string(sql));
    }
    return row->Int(0);
}

Engine EngineOf(const std::string& url) {
    return StartsWith(url, "postgresql://") || StartsWith(url, "postgres://") ? Engine::kPostgres : Engine::kSqlite;
}

void SerializeWith(Connection& conn, int64_t key) {
    if (conn.engine() == Engine::kPostgres) conn.Query("SELECT pg_advisory_xact_lock(?)", {key});
}

namespace {
std::atomic<uint64_t> commits{0};
}

uint64_t CommitCount() { return commits.load(std::memory_order_acquire); }

void internal::CountCommit() { commits.fetch_add(1, std::memory_order_acq_rel); }

std::unique_ptr<Connection> Open(const std::string& url) {
    if (EngineOf(url) == Engine::kPostgres) {
        try {
            return internal::OpenPostgres(url);
        } catch (const DbError& e) {
            // libpq quotes the piece of the URL it failed to parse, which can be the password (an
            // unescaped '%' in it, say), and this message goes to the logs.
            std::string message = e.what();
            for (auto [pos, len] : PasswordSpans(url)) {
                std::string password = url.substr(pos, len);
                for (size_t at = message.find(password); at != std::string::npos; at = message.find(password, at + 3)) {
                    message.replace(at, len, "***");
                }
            }
            throw DbError(e.kind(), message);
        }
    }
    std::string path = SqlitePath(url);
    if (path.empty()) throw DbError(DbError::Kind::kConnection, "no SQLite file in database URL '" + url + "'");
    return internal::OpenSqlite(path);
}

std::string SqlitePath(const std::string& url) {
    if (EngineOf(url) == Engine::kPostgres) return "";
    std::string_view path = url;
    // "sqlite:///abs" keeps its leading '/' once "sqlite://" is gone; "sqlite:rel" and "sqlite::memory:"
    // lose only "sqlite:".
    if (StartsWith(path, "sqlite://")) {
        path.remove_prefix(9);
    } else if (StartsWith(path, "sqlite:")) {
        path.remove_prefix(7);
    }
    return std::string(path);
}

SplitUrl SplitPassword(const std::string& url) {
    SplitUrl out;
    size_t copied = 0;
    for (auto [pos, len] : PasswordSpans(url)) {
        bool in_query = url[pos - 1] == '=';
        // "user:PASS@" loses ":PASS"; "&password=PASS" loses the whole parameter but its separator.
        size_t cut = in_query ? pos - 9 : pos - 1;
        out.url.append(url, copied, cut - copied);
        copied = pos + len;
        if (in_query && copied < url.size() && url[copied] == '&') ++copied;
        out.password = PercentDecode(url.substr(pos, len));
    }
    out.url.append(url, copied);
    if (!out.url.empty() && (out.url.back() == '?' || out.url.back() == '&')) out.url.pop_back();
    return out;
}

std::string RedactUrl(const std::string& url) {
    std::string out;
    size_t copied = 0;  // PasswordSpans lists the spans in the order they appear
    for (auto [pos, len] : PasswordSpans(url)) {
        out.append(url, copied, pos - copied).append("***");
        copied = pos + len;
    }
    return out.append(url, copied);
}

struct Pool::State {
    std::mutex mu;
    std::condition_variable returned;
    std::vector<std::unique_ptr<Connection>> idle;  // guarded by mu
    int in_use = 0;                                 // guarded by mu
    uint64_t waits = 0;                             // guarded by mu
};

Pool::Pool(std::string url, int size)
    : url_(std::move(url)), engine_(EngineOf(url_)), size_(size), state_(std::make_unique<State>()) {
    if (size_ <= 0) throw std::invalid_argument("db::Pool: size must be positive, got " + std::to_string(size_));
    // Opening every connection now makes a wrong URL or a down server fail at startup, not on the
    // first request.
    state_->idle.reserve(size_);
    for (int i = 0; i < size_; ++i) {
        try {
            state_->idle.push_back(Open(url_));
        } catch (const DbError& e) {
            // Whatever the engine said (a PRAGMA can fail with kBusy), the pool could not connect. Open()
            // already names the database with its password hidden.
            throw DbError(DbError::Kind::kConnection, e.what());
        }
    }
}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
    if (conn_) pool_->Release(std::move(conn_));
}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        if (conn_) pool_->Release(std::move(conn_));
        pool_ = other.pool_;
        conn_ = std::move(other.conn_);
    }
    return *this;
}

Pool::Lease Pool::Acquire() {
    std::unique_lock lock(state_->mu);
    if (state_->idle.empty()) {
        ++state_->waits;
        state_->returned.wait(lock, [this] { return !state_->idle.empty(); });
    }
    std::unique_ptr<Connection> conn = std::move(state_->idle.back());
    state_->idle.pop_back();
    ++state_->in_use;
    return {this, std::move(conn)};
}

void Pool::Release(std::unique_ptr<Connection> conn) {
    // A lease that ended inside an open transaction (a Begin() without the Transaction guard, say)
    // must not hand that transaction to the next borrower.
    if (conn->InTransaction()) {
        try {
            conn->Rollback();
        } catch (...) {
        }
    }
    {
        std::lock_guard lock(state_->mu);
        state_->idle.push_back(std::move(conn));
        --state_->in_use;
    }
    state_->returned.notify_one();
}

int Pool::in_use() const {
    std::lock_guard lock(state_->mu);
    return state_->in_use;
}

uint64_t Pool::waits() const {
    std::lock_guard lock(state_->mu);
    return state_->waits;
}

}  // namespace dv::db
