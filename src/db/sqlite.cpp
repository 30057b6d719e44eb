// sqlite: db::Connection over the sqlite3 C API, with a per-connection cache of prepared statements.
#include "db/sqlite.h"

#include <sqlite3.h>

#include <cctype>
#include <functional>
#include <unordered_map>
#include <utility>

namespace dv::db::internal {

namespace {

// Distinct SQL texts cached per connection. Stores use SQL constants, so a connection meets few texts
// and the first ones it meets are the ones that repeat; past the cap a text is dynamic SQL, which gets
// a one-shot statement instead of pushing out the hot ones.
constexpr size_t kStatementCacheCap = 256;
constexpr int kBusyTimeoutMs = 5000;

DbError::Kind KindOf(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return DbError::Kind::kUnique;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return DbError::Kind::kForeignKey;
        case SQLITE_CONSTRAINT_CHECK:
        case SQLITE_CONSTRAINT_NOTNULL:
            return DbError::Kind::kCheck;
        default:
            break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return DbError::Kind::kBusy;
        default:
            return DbError::Kind::kOther;
    }
}

// Lets the cache be searched with the caller's string_view, without building a std::string per call.
struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

bool IsBlank(const char* p) {
    while (*p != '\0' && std::isspace(static_cast<unsigned char>(*p))) ++p;
    return *p == '\0';
}

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Engine engine() const override { return Engine::kSqlite; }

    int64_t Exec(std::string_view sql, const Params& params) override {
        Statement st = Prepare(sql, params);
        int64_t changes_before = sqlite3_total_changes64(db_);
        int64_t rows = 0;
        for (int rc = Step(st, sql); rc == SQLITE_ROW; rc = Step(st, sql)) ++rows;
        // Match PostgreSQL's command tag: a SELECT counts its rows. sqlite3_changes64() keeps the count of
        // the last INSERT/UPDATE/DELETE across other statements (a CREATE TABLE would report it again),
        // so it is read only when this statement changed something.
        if (sqlite3_stmt_readonly(st.stmt)) return rows;
        return sqlite3_total_changes64(db_) == changes_before ? 0 : sqlite3_changes64(db_);
    }

    std::vector<Row> Query(std::string_view sql, const Params& params) override {
        Statement st = Prepare(sql, params);
        std::vector<Row> rows;
        int columns = sqlite3_column_count(st.stmt);
        for (int rc = Step(st, sql); rc == SQLITE_ROW; rc = Step(st, sql)) {
            std::vector<Value> cells;
            cells.reserve(columns);
            for (int c = 0; c < columns; ++c) cells.push_back(Cell(st.stmt, c));
            rows.emplace_back(std::move(cells));
        }
        return rows;
    }

    void ExecScript(std::string_view sql) override {
        CheckNotAborted();
        std::string script(sql);
        char* message = nullptr;
        int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message != nullptr ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            Fail(sqlite3_extended_errcode(db_), "script failed: " + text);
        }
    }

    void Begin(bool write) override {
        if (InTransaction()) throw std::logic_error("db: Begin() inside a transaction; nesting is not supported");
        aborted_ = false;
        Exec(write ? "BEGIN IMMEDIATE" : "BEGIN", {});
        changes_at_begin_ = sqlite3_total_changes64(db_);
    }

    void Commit() override {
        if (aborted_) {
            Rollback();
            throw DbError(DbError::Kind::kOther, "COMMIT of a transaction that an earlier error aborted; rolled back");
        }
        Exec("COMMIT", {});
        if (sqlite3_total_changes64(db_) != changes_at_begin_) internal::CountCommit();  // reads change nothing
    }

    int64_t DataVersion() override {
        auto row = QueryOne("PRAGMA data_version");
        return row ? row->Int(0) : 0;
    }

    void Rollback() override {
        aborted_ = false;
        // SQLite may already have rolled back on its own (SQLITE_FULL, some I/O errors); like PostgreSQL,
        // a ROLLBACK with no transaction open is then not an error.
        if (InTransaction()) Exec("ROLLBACK", {});
    }

    bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

private:
    // A statement bound for one call; resetting it on scope exit returns it to the cache clean (and
    // lets go of the parameter buffers bound with SQLITE_STATIC) however the call ends.
    struct Statement {
        sqlite3_stmt* stmt = nullptr;
        bool cached = false;
        Statement() = default;
        Statement(Statement&& other) noexcept : stmt(std::exchange(other.stmt, nullptr)), cached(other.cached) {}
        Statement& operator=(Statement&&) = delete;
        ~Statement() {
            if (stmt == nullptr) return;
            if (cached) {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            } else {
                sqlite3_finalize(stmt);
            }
        }
    };

    [[noreturn]] void Fail(int extended_code, const std::string& what) {
        // PostgreSQL aborts the whole transaction on any error while SQLite only undoes the statement.
        // Refusing the rest of the transaction here too means code that works on SQLite works on PostgreSQL.
        if (InTransaction()) aborted_ = true;
        throw DbError(KindOf(extended_code), what);
    }

    void CheckNotAborted() const {
        if (aborted_) {
            throw DbError(DbError::Kind::kOther, "statement in a transaction that an earlier error aborted");
        }
    }

    Statement Prepare(std::string_view sql, const Params& params) {
        CheckNotAborted();
        Statement st;
        if (auto it = cache_.find(sql); it != cache_.end()) {
            st.stmt = it->second;
            st.cached = true;
        } else {
            bool cache = cache_.size() < kStatementCacheCap;
            const char* tail = nullptr;
            int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                        cache ? SQLITE_PREPARE_PERSISTENT : 0, &st.stmt, &tail);
            if (rc != SQLITE_OK) Fail(rc, Message("prepare", sql));
            if (st.stmt == nullptr) Fail(SQLITE_ERROR, "no statement in SQL: " + std::string(sql));
            CheckSingleStatement(sql, tail);
            if (cache) {
                cache_.emplace(sql, st.stmt);
                st.cached = true;
            }
        }
        Bind(st.stmt, sql, params);
        return st;
    }

    // SQLite would silently ignore a second statement; PostgreSQL refuses to prepare it. Refuse it here too.
    void CheckSingleStatement(std::string_view sql, const char* tail) {
        size_t rest = sql.size() - static_cast<size_t>(tail - sql.data());
        if (rest == 0) return;
        std::string more(tail, rest);
        if (IsBlank(more.c_str())) return;
        sqlite3_stmt* next = nullptr;
        sqlite3_prepare_v2(db_, more.c_str(), -1, &next, nullptr);
        if (next == nullptr) return;  // only comments, or an error that the SQL's own prepare will report
        sqlite3_finalize(next);
        Fail(SQLITE_ERROR, "more than one statement in SQL: " + std::string(sql));
    }

    void Bind(sqlite3_stmt* stmt, std::string_view sql, const Params& params) {
        int expected = sqlite3_bind_parameter_count(stmt);
        if (static_cast<size_t>(expected) != params.size()) {
            Fail(SQLITE_RANGE, "SQL expects " + std::to_string(expected) + " parameters, got " +
                                   std::to_string(params.size()) + ": " + std::string(sql));
        }
        for (int i = 0; i < expected; ++i) {
            const Value& v = params[i];
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<int64_t>(&v)) {
                rc = sqlite3_bind_int64(stmt, i + 1, *n);
            } else if (const auto* d = std::get_if<double>(&v)) {
                rc = sqlite3_bind_double(stmt, i + 1, *d);
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                // SQLITE_STATIC: the caller's params outlive the statement's use, which ends (with
                // sqlite3_clear_bindings) before this call returns.
                rc = sqlite3_bind_text64(stmt, i + 1, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(stmt, i + 1);
            }
            if (rc != SQLITE_OK) Fail(rc, Message("bind", sql));
        }
    }

    int Step(const Statement& st, std::string_view sql) {
        int rc = sqlite3_step(st.stmt);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail(rc, Message("step", sql));
        return rc;
    }

    static Value Cell(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                return static_cast<int64_t>(sqlite3_column_int64(stmt, c));
            case SQLITE_FLOAT:
                return sqlite3_column_double(stmt, c);
            case SQLITE_TEXT: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                return std::string(text, sqlite3_column_bytes(stmt, c));
            }
            case SQLITE_BLOB: {
                // Read the pointer before the size, as the sqlite3 docs ask; an empty blob's pointer is NULL.
                const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                int size = sqlite3_column_bytes(stmt, c);
                return size == 0 ? std::string() : std::string(bytes, size);
            }
            default:
                return std::monostate{};
        }
    }

    std::string Message(std::string_view stage, std::string_view sql) const {
        return "sqlite " + std::string(stage) + ": " + sqlite3_errmsg(db_) + " in: " + std::string(sql);
    }

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
    bool aborted_ = false;  // an error happened inside the open transaction
    sqlite3_int64 changes_at_begin_ = 0;  // sqlite3_total_changes64 when the transaction began
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw DbError(DbError::Kind::kConnection, "cannot open SQLite database '" + path + "': " + message);
    }
    // Owned from here on, so a failing PRAGMA below still closes the handle.
    auto conn = std::make_unique<SqliteConnection>(db);
    // Extended codes tell a UNIQUE violation from a FOREIGN KEY one; the primary code says only CONSTRAINT.
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // WAL lets readers run beside the one writer; with it, synchronous=NORMAL is still crash-safe (a power
    // loss can drop the last commits, never corrupt). Foreign keys are off by default in SQLite.
    conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
    return conn;
}

}  // namespace dv::db::internal
