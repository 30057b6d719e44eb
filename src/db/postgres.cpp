// postgres: db::Connection over libpq, with `?` placeholders rewritten and named prepared statements cached.
#include "db/postgres.h"

#include <libpq-fe.h>

#include <array>
#include <cctype>
#include <charconv>
#include <functional>
#include <new>
#include <unordered_map>
#include <utility>

#include "core/log.h"

namespace dv::db::internal {

namespace {

// Distinct SQL texts prepared per connection; see the note on the same cap in sqlite.cpp. Past it a
// statement runs unnamed, which the server drops at the next one, so nothing piles up server-side.
constexpr size_t kStatementCacheCap = 256;

// Type OIDs from the server's catalog/pg_type.h, which libpq's headers do not ship.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Lets the cache be searched with the caller's string_view, without building a std::string per call.
struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

// libpq ends its messages with a newline; ours are single log lines.
std::string Trimmed(const char* message) {
    std::string s = message != nullptr ? message : "";
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

// libpq prints server notices to stderr as plain text; the server's stderr is JSON lines. Only warnings
// and worse arrive (client_min_messages=warning).
void ForwardNotice(void* /*arg*/, const char* message) {
    log::Write(log::Level::kWarning, "postgresql", {{"notice", Trimmed(message)}});
}

DbError::Kind KindOf(std::string_view sqlstate) {
    if (sqlstate == "23505") return DbError::Kind::kUnique;
    if (sqlstate == "23503") return DbError::Kind::kForeignKey;
    if (sqlstate == "23514" || sqlstate == "23502") return DbError::Kind::kCheck;
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return DbError::Kind::kBusy;
    // 08P01 (protocol violation) is also what a wrong parameter count draws, on a connection still fine.
    if (sqlstate.substr(0, 2) == "08" && sqlstate != "08P01") return DbError::Kind::kConnection;
    return DbError::Kind::kOther;
}

// Numbers go in the shortest text that reads back to the same value: exact, and with no locale
// (printf would write "0,5" under a Vietnamese LC_NUMERIC).
std::string ParamText(const Value& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) {
        std::array<char, 32> buf{};
        auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), *d);
        return {buf.data(), end};
    }
    return std::get<std::string>(v);
}

// A number the server sent as text. One that a double cannot hold (NUMERIC 1e400) stays text, so Text()
// still reads it and Real() reports it.
template <typename T>
Value Number(const char* text, int length) {
    T n{};
    auto [end, ec] = std::from_chars(text, text + length, n);
    if (ec == std::errc() && end == text + length) return n;
    return std::string(text, length);
}

Value Cell(const PGresult* res, int row, int col) {
    if (PQgetisnull(res, row, col)) return std::monostate{};
    const char* text = PQgetvalue(res, row, col);
    int length = PQgetlength(res, row, col);
    switch (PQftype(res, col)) {
        case kInt2Oid:
        case kInt4Oid:
        case kInt8Oid:
        case kOidOid:
            return Number<int64_t>(text, length);
        case kFloat4Oid:
        case kFloat8Oid:
        case kNumericOid:
            return Number<double>(text, length);
        case kBoolOid:
            return int64_t{text[0] == 't' ? 1 : 0};
        case kByteaOid: {
            size_t size = 0;
            unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
            if (bytes == nullptr) throw std::bad_alloc();
            std::string out(reinterpret_cast<const char*>(bytes), size);
            PQfreemem(bytes);
            return out;
        }
        default:
            return std::string(text, length);
    }
}

class PgConnection final : public Connection {
public:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}
    ~PgConnection() override { PQfinish(conn_); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Engine engine() const override { return Engine::kPostgres; }

    int64_t Exec(std::string_view sql, const Params& params) override {
        Result res = Run(sql, params);
        // Empty for statements without a row count (DDL, BEGIN).
        const char* tuples = PQcmdTuples(res.get());
        int64_t count = 0;
        std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), count);
        return count;
    }

    std::vector<Row> Query(std::string_view sql, const Params& params) override {
        Result res = Run(sql, params);
        int rows = PQntuples(res.get());
        int columns = PQnfields(res.get());
        std::vector<Row> out;
        out.reserve(rows);
        for (int r = 0; r < rows; ++r) {
            std::vector<Value> cells;
            cells.reserve(columns);
            for (int c = 0; c < columns; ++c) cells.push_back(Cell(res.get(), r, c));
            out.emplace_back(std::move(cells));
        }
        return out;
    }

    void ExecScript(std::string_view sql) override {
        EnsureConnected();
        // The simple protocol runs several ';'-separated statements in one round trip (and, without
        // a BEGIN of their own, in one implicit transaction: a failing migration leaves nothing behind).
        Check(Result(PQexec(conn_, std::string(sql).c_str())), "script");
    }

    void Begin(bool write) override {
        // The write flag is for SQLite, where BEGIN IMMEDIATE avoids a read-to-write lock upgrade that can
        // deadlock; PostgreSQL locks rows as writes reach them and has no such upgrade.
        if (InTransaction()) throw std::logic_error("db: Begin() inside a transaction; nesting is not supported");
        EnsureConnected();
        Check(Result(PQexec(conn_, "BEGIN")), "BEGIN");
        txn_open_ = true;
        write_txn_ = write;
    }

    void Commit() override {
        // Whatever COMMIT answers, the server has ended the transaction.
        bool was_open = std::exchange(txn_open_, false);
        if (was_open && PQstatus(conn_) == CONNECTION_BAD) {
            throw DbError(DbError::Kind::kConnection, "connection lost inside a transaction; it was not committed");
        }
        Result res = Check(Result(PQexec(conn_, "COMMIT")), "COMMIT");
        // COMMIT of a transaction aborted by an earlier error succeeds as a ROLLBACK: the caller must hear.
        if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
            throw DbError(DbError::Kind::kOther, "COMMIT of a transaction that an earlier error aborted; rolled back");
        }
        if (write_txn_) internal::CountCommit();  // a read transaction (Transaction(conn, false)) changes nothing
    }

    int64_t DataVersion() override { return 0; }

    void Rollback() override {
        txn_open_ = false;
        // On a lost connection the server has already rolled back; the next call reconnects. Outside a
        // transaction ROLLBACK only draws a server warning.
        if (!InTransaction()) return;
        Check(Result(PQexec(conn_, "ROLLBACK")), "ROLLBACK");
    }

    bool InTransaction() const override {
        if (txn_open_) return true;
        PGTransactionStatusType status = PQtransactionStatus(conn_);
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
    }

    // Per-session settings, applied on connect and again after a reconnect.
    void SetupSession() {
        if (PQsetClientEncoding(conn_, "UTF8") != 0) {
            throw DbError(DbError::Kind::kConnection, "cannot set client encoding: " + Trimmed(PQerrorMessage(conn_)));
        }
        Check(Result(PQexec(conn_, "SET client_min_messages=warning")), "session setup");
        // Our statements are short look-ups and ranges: JIT compilation costs more than it saves, and on
        // a large misestimate (tables not yet analyzed) it made a 1 ms roll-up read take 3.4 s.
        Check(Result(PQexec(conn_, "SET jit = off")), "session setup");
    }

private:
    // A server restart or a dropped TCP connection leaves this handle dead; a pooled connection must
    // recover rather than fail every later request. Inside a transaction it must not: the statements
    // before the loss are gone, so the transaction fails until the caller rolls it back.
    void EnsureConnected() {
        if (PQstatus(conn_) != CONNECTION_BAD) return;
        if (txn_open_) {
            throw DbError(DbError::Kind::kConnection, "connection lost inside a transaction; roll it back");
        }
        prepared_.clear();  // the new server session knows none of them
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_BAD) {
            SetupSession();
            return;
        }
        throw DbError(DbError::Kind::kConnection, "reconnect failed: " + Trimmed(PQerrorMessage(conn_)));
    }

    Result Run(std::string_view sql, const Params& params) {
        EnsureConnected();
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (size_t i = 0; i < params.size(); ++i) {
            if (std::holds_alternative<std::monostate>(params[i])) continue;
            texts[i] = ParamText(params[i]);
            values[i] = texts[i].c_str();
        }
        int count = static_cast<int>(params.size());
        // Values travel as text. Numbers are declared int8/float8, because where a parameter has no
        // context (a SELECT list: "SELECT ancestor_id, ?, …") the server would otherwise take it
        // for text; strings and NULLs stay untyped so the server infers them from their use (dates,
        // timestamps). Schemas store booleans as INTEGER, which int8 fills by assignment cast.
        // Declared types would let a statement take more values than it has placeholders; refuse
        // that as the server does when it infers the types itself.
        int placeholders = 0;
        std::string rewritten = RewritePlaceholders(sql, &placeholders);
        if (placeholders != count) {
            throw DbError(DbError::Kind::kOther, "statement has " + std::to_string(placeholders) + " placeholders but " +
                                                     std::to_string(count) + " values were given: " + std::string(sql));
        }
        std::vector<Oid> types(params.size(), 0);
        for (size_t i = 0; i < params.size(); ++i) {
            if (std::holds_alternative<int64_t>(params[i])) types[i] = 20;  // INT8OID
            if (std::holds_alternative<double>(params[i])) types[i] = 701;  // FLOAT8OID
        }
        auto it = prepared_.find(sql);
        if (it == prepared_.end() && prepared_.size() < kStatementCacheCap) {
            std::string name = "dv" + std::to_string(++statements_named_);
            Check(Result(PQprepare(conn_, name.c_str(), rewritten.c_str(), count, types.data())), sql);
            it = prepared_.emplace(sql, std::move(name)).first;
        }
        if (it != prepared_.end()) {
            return Check(Result(PQexecPrepared(conn_, it->second.c_str(), count, values.data(), nullptr, nullptr, 0)),
                         sql);
        }
        return Check(Result(PQexecParams(conn_, rewritten.c_str(), count, types.data(), values.data(),
                                         nullptr, nullptr, 0)),
                     sql);
    }

    Result Check(Result res, std::string_view sql) {
        ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return res;
        DbError::Kind kind = DbError::Kind::kConnection;
        std::string message = Trimmed(res ? PQresultErrorMessage(res.get()) : nullptr);
        if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
        if (PQstatus(conn_) != CONNECTION_BAD && res) {
            const char* sqlstate = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
            kind = KindOf(sqlstate != nullptr ? sqlstate : "");
        }
        throw DbError(kind, "postgres: " + message + " in: " + std::string(sql));
    }

    PGconn* conn_;
    std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> prepared_;  // SQL -> statement name
    uint64_t statements_named_ = 0;
    bool write_txn_ = true;  // the open transaction was begun for writing
    bool txn_open_ = false;  // Begin() succeeded and neither Commit() nor Rollback() has run since
};

}  // namespace

std::string RewritePlaceholders(std::string_view sql) { return RewritePlaceholders(sql, nullptr); }

std::string RewritePlaceholders(std::string_view sql, int* count) {
    std::string out;
    out.reserve(sql.size() + 16);
    int placeholders = 0;
    size_t i = 0;
    while (i < sql.size()) {
        char c = sql[i];
        size_t next = sql.size();  // where the token starting at i ends; the rest of the text if unterminated
        if (c == '?') {
            out += '$';
            out += std::to_string(++placeholders);
            ++i;
            continue;
        }
        if (c == '\'') {
            // E'...' strings take backslash escapes (E'it\'s'); plain strings only double the quote,
            // which scanning '' as the end of one string and the start of the next handles.
            bool escapes =
                i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentifierChar(sql[i - 2]));
            for (size_t j = i + 1; j < sql.size(); ++j) {
                if (escapes && sql[j] == '\\') {
                    ++j;
                } else if (sql[j] == '\'') {
                    next = j + 1;
                    break;
                }
            }
        } else if (c == '"') {
            size_t close = sql.find('"', i + 1);
            if (close != std::string_view::npos) next = close + 1;
        } else if (c == '-' && sql.substr(i, 2) == "--") {
            size_t newline = sql.find('\n', i + 2);
            if (newline != std::string_view::npos) next = newline + 1;
        } else if (c == '/' && sql.substr(i, 2) == "/*") {
            // PostgreSQL block comments nest.
            int depth = 1;
            size_t j = i + 2;
            while (j < sql.size() && depth > 0) {
                if (sql.substr(j, 2) == "/*") {
                    ++depth;
                    j += 2;
                } else if (sql.substr(j, 2) == "*/") {
                    --depth;
                    j += 2;
                } else {
                    ++j;
                }
            }
            next = j;
        } else {
            next = i + 1;
        }
        out.append(sql.substr(i, next - i));
        i = next;
    }
    if (count) *count = placeholders;
    return out;
}

std::unique_ptr<Connection> OpenPostgres(const std::string& url) {
    PGconn* raw = PQconnectdb(url.c_str());
    if (raw == nullptr) throw std::bad_alloc();
    // Owned from here on, so every failure below still calls PQfinish.
    auto conn = std::make_unique<PgConnection>(raw);
    PQsetNoticeProcessor(raw, ForwardNotice, nullptr);
    if (PQstatus(raw) != CONNECTION_OK) {
        throw DbError(DbError::Kind::kConnection,
                      "cannot connect to PostgreSQL at " + RedactUrl(url) + ": " + Trimmed(PQerrorMessage(raw)));
    }
    conn->SetupSession();
    return conn;
}

}  // namespace dv::db::internal
