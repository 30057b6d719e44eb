// db: one small interface over SQLite (sqlite3 C API) and PostgreSQL (libpq), used by every store.
//
// Why our own layer and not SOCI: see docs/architecture.md ("Storage"). In short: typed values
// that read the same on both engines (SOCI's row::get<T> needs the exact backend type), statement
// caching we control, and direct access to COPY / multi-row inserts for bulk loads later.
//
// SQL is written once with `?` placeholders; the PostgreSQL connection rewrites them to $1..$n
// (outside quoted strings and comments). Values bind as NULL, 64-bit integer, double or UTF-8 text.
// Timestamps are stored as BIGINT milliseconds since the epoch (UTC), calendar dates as
// 'YYYY-MM-DD' text, booleans as INTEGER 0/1: this keeps one code path for both engines.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dv::db {

enum class Engine { kSqlite, kPostgres };

// A bound parameter or a result cell. monostate is SQL NULL.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value Null() { return std::monostate{}; }

// Thrown by the db layer for database failures. Stores catch the kinds they expect
// (kUnique -> Error::Conflict) and let the rest end the request as a 500.
class DbError : public std::runtime_error {
public:
    enum class Kind { kUnique, kForeignKey, kCheck, kBusy, kConnection, kOther };
    DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// One result row. Accessors convert between integer and text representations so the same
// store code reads both engines; reading a NULL through Int()/Text() is a programmer error
// (throws std::logic_error) — use the Opt* forms for nullable columns.
class Row {
public:
    explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
    size_t size() const { return cells_.size(); }
    bool IsNull(size_t i) const;
    int64_t Int(size_t i) const;
    double Real(size_t i) const;
    std::string Text(size_t i) const;
    std::optional<int64_t> OptInt(size_t i) const;
    std::optional<std::string> OptText(size_t i) const;
    const Value& operator[](size_t i) const { return cells_.at(i); }

private:
    std::vector<Value> cells_;
};

using Params = std::vector<Value>;

// A single connection. Not thread-safe: one thread uses it at a time (the Pool hands it out).
class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;

    // Runs one statement; returns the number of rows changed.
    virtual int64_t Exec(std::string_view sql, const Params& params = {}) = 0;
    // Runs one statement and returns all rows.
    virtual std::vector<Row> Query(std::string_view sql, const Params& params = {}) = 0;
    // Runs several statements separated by ';' with no parameters (migrations).
    virtual void ExecScript(std::string_view sql) = 0;

    // Convenience: the first row, if any.
    std::optional<Row> QueryOne(std::string_view sql, const Params& params = {});
    // Convenience: an INSERT ... RETURNING id (both engines support RETURNING); returns the id.
    int64_t InsertReturningId(std::string_view sql, const Params& params = {});

    // Transactions: use the Transaction guard below rather than these directly.
    virtual void Begin(bool write) = 0;  // SQLite: BEGIN IMMEDIATE for writes (no upgrade deadlock)
    virtual void Commit() = 0;
    virtual void Rollback() = 0;
    virtual bool InTransaction() const = 0;
    // Changes whenever another connection (of this process or any other) has committed to the database
    // since the last call on this connection. SQLite: PRAGMA data_version. PostgreSQL has no such
    // thing and answers 0 (web/cache.h reads the audit head there instead).
    virtual int64_t DataVersion() = 0;
};

// How many transactions this process has committed, on every connection and engine: a cheap sign for
// caches of what was read (web/cache.h) that something may have changed. Counted after each COMMIT.
uint64_t CommitCount();
namespace internal {
void CountCommit();
}

// Opens a connection from a URL: "sqlite:///abs/path.db", "sqlite:relative.db", a bare path,
// or "postgresql://user:pass@host:port/db?..." (also "postgres://").
std::unique_ptr<Connection> Open(const std::string& url);
Engine EngineOf(const std::string& url);

// Inside a write transaction: waits until no other transaction that called it with the same `key`
// is open, and holds that until this one ends. PostgreSQL: pg_advisory_xact_lock(key), released at
// commit or rollback; SQLite: nothing to do, BEGIN IMMEDIATE already holds the database's write lock.
// For checks that read "is there none yet?" and then write (read committed would let two pass).
void SerializeWith(Connection& conn, int64_t key);

// RAII transaction: rolls back unless Commit() was called. Nested use (a service calling another
// service inside its own transaction) becomes a SAVEPOINT, so the outer transaction stays whole.
class Transaction {
public:
    Transaction(Connection& conn, bool write = true) : conn_(conn), nested_(conn.InTransaction()) {
        if (nested_) {
            conn_.Exec("SAVEPOINT dv_nested");
        } else {
            conn_.Begin(write);
        }
    }
    ~Transaction() {
        if (!done_) {
            try {
                if (nested_) {
                    conn_.Exec("ROLLBACK TO SAVEPOINT dv_nested");
                    conn_.Exec("RELEASE SAVEPOINT dv_nested");
                } else {
                    conn_.Rollback();
                }
            } catch (...) {
            }
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit() {
        if (nested_) {
            conn_.Exec("RELEASE SAVEPOINT dv_nested");
        } else {
            conn_.Commit();
        }
        done_ = true;
    }

private:
    Connection& conn_;
    bool nested_;
    bool done_ = false;
};

// A fixed set of connections shared by the server threads. Thread-safe.
class Pool {
public:
    Pool(std::string url, int size);
    ~Pool();

    // A borrowed connection; returns itself to the pool when destroyed. Blocks while all are in use.
    class Lease {
    public:
        Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&& other) noexcept;  // returns the connection this lease held to the pool
        ~Lease();
        Connection& operator*() { return *conn_; }
        Connection* operator->() { return conn_.get(); }
        Connection& get() { return *conn_; }

    private:
        Pool* pool_;
        std::unique_ptr<Connection> conn_;
    };

    Lease Acquire();
    Engine engine() const { return engine_; }
    const std::string& url() const { return url_; }
    int size() const { return size_; }
    int in_use() const;
    uint64_t waits() const;  // times Acquire() had to wait: a pool-pressure signal for /metrics

private:
    void Release(std::unique_ptr<Connection> conn);
    std::string url_;
    Engine engine_;
    int size_;
    struct State;
    std::unique_ptr<State> state_;
};

// A LIKE pattern matching text that contains `needle`, with %, _ and \ escaped: use it with
// "LIKE ? ESCAPE '\\'" (the same on both engines).
inline std::string ContainsPattern(std::string_view needle) {
    std::string pattern = "%";
    for (char c : needle) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

// Throws DbError when the database does not answer (health checks).
inline void Ping(Connection& conn) { conn.QueryOne("SELECT 1"); }

// Hides a password in a URL for logs and messages.
std::string RedactUrl(const std::string& url);

// The file a SQLite URL names ("sqlite:///abs/x.db", "sqlite:rel.db", a bare path); "" for PostgreSQL.
std::string SqlitePath(const std::string& url);

// A PostgreSQL URL split for the command-line tools (pg_dump, pg_restore): the URL without its
// password, for their arguments, and the password (percent-decoded), for PGPASSWORD — a password on a
// command line is visible to every local user in ps.
struct SplitUrl {
    std::string url;
    std::string password;
};
SplitUrl SplitPassword(const std::string& url);

}  // namespace dv::db
