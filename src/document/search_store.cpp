// search store: SQL for the document index on both engines.
#include "document/search_store.h"

#include <algorithm>

#include "document/store.h"

namespace dv::document::search::store {

namespace {

bool Pg(db::Connection& conn) { return conn.engine() == db::Engine::kPostgres; }

// SQLite: two FTS5 tables keyed by the document id (rowid): document_fts holds every field (bm25 weights
// title, label, issuer, body), document_heading_fts only the title and the label. The heading tier reads
// the second, whose doclists are a few dozen times shorter than a column filter on the first would walk.
// FTS5's hidden column named like the table takes the MATCH.
constexpr const char* kSqliteDelete[] = {"DELETE FROM document_fts WHERE rowid = ?",
                                         "DELETE FROM document_heading_fts WHERE rowid = ?"};
constexpr const char* kSqliteInsert =
    "INSERT INTO document_fts (rowid, title, label, issuer, body) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kSqliteInsertHeading = "INSERT INTO document_heading_fts (rowid, title, label) VALUES (?, ?, ?)";
// One tier's candidates: the newest `window` visible documents that match (FTS5 walks its doclists in rowid
// order and stops there), then the best `limit` of them by bm25 (negated: higher is better). The join reads
// documents through the covering index of migration 0007 (named, as the planner prefers the rowid without
// statistics): half the time of reading rows whose visibility columns lie after the body.
constexpr const char* kSqliteMatch =
    "SELECT c.id, c.score FROM ("
    "  SELECT f.rowid AS id, -bm25(document_fts, 10.0, 10.0, 3.0, 1.0) AS score, d.issued_on AS issued_on "
    "  FROM document_fts f JOIN documents d INDEXED BY documents_search_visible ON d.id = f.rowid WHERE f.document_fts "
    "MATCH ?";
constexpr const char* kSqliteMatchHeading =
    "SELECT c.id, c.score FROM ("
    "  SELECT f.rowid AS id, -bm25(document_heading_fts) AS score, d.issued_on AS issued_on "
    "  FROM document_heading_fts f JOIN documents d INDEXED BY documents_search_visible ON d.id = f.rowid WHERE "
    "f.document_heading_fts MATCH ?";
constexpr const char* kSqliteWindow = " ORDER BY f.rowid DESC LIMIT ?) c";
// PostgreSQL: `tsv` weighs title and label A, issuer B, body D (ts_rank_cd's weights are listed D, C, B,
// A); `heading` holds the title and the label alone, with its own GIN index, for the heading tier.
// Normalization 32 maps a rank into [0, 1).
constexpr const char* kPgUpsert =
    "INSERT INTO document_search (document_id, tsv, heading) VALUES (?, "
    "  setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'A') || "
    "  setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'D'), "
    "  to_tsvector('simple', ?) || to_tsvector('simple', ?)) "
    "ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv, heading = EXCLUDED.heading";
// The window is chosen from ids alone; ranks are computed for its rows only (each reads a TOASTed tsvector).
constexpr const char* kPgMatch =
    "SELECT c.id, c.score FROM ("
    "  SELECT w.id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', r.tsv, to_tsquery('simple', ?), 32) AS score, w.issued_on "
    "  FROM (SELECT s.document_id AS id, d.issued_on AS issued_on "
    "    FROM document_search s JOIN documents d ON d.id = s.document_id WHERE s.tsv @@ to_tsquery('simple', ?)";
constexpr const char* kPgMatchHeading =
    "SELECT c.id, c.score FROM ("
    "  SELECT w.id, ts_rank_cd(r.heading, to_tsquery('simple', ?), 32) AS score, w.issued_on "
    "  FROM (SELECT s.document_id AS id, d.issued_on AS issued_on "
    "    FROM document_search s JOIN documents d ON d.id = s.document_id WHERE s.heading @@ to_tsquery('simple', ?)";
constexpr const char* kPgWindow =
    " ORDER BY s.document_id DESC LIMIT ?) w JOIN document_search r ON r.document_id = w.id) c";
constexpr const char* kOrder = " ORDER BY c.score DESC, COALESCE(c.issued_on, '') DESC, c.id DESC LIMIT ?";
constexpr const char* kSources =
    "SELECT d.id, t.name, d.title, d.symbol, d.issuer_name, d.signer, d.body "
    "FROM documents d JOIN document_types t ON t.code = d.type_code WHERE d.id > ? ORDER BY d.id LIMIT ?";

// Words are letters and digits only, but quote characters are escaped anyway: the syntax must never
// depend on what ParseQuery lets through.
std::string Quoted(const std::string& word, char quote) {
    std::string out(1, quote);
    for (char c : word) {
        if (c == quote || (quote == '\'' && c == '\\')) out += c;
        out += c;
    }
    out += quote;
    return out;
}

}  // namespace

std::string Fts5Expression(const Query& q) {
    std::string expr;
    for (size_t g = 0; g < q.groups.size(); ++g) {
        std::string phrase;
        for (const auto& w : q.groups[g]) phrase += (phrase.empty() ? "" : " ") + w;
        if (g) expr += " AND ";
        expr += Quoted(phrase, '"');
        if (g + 1 == q.groups.size() && q.last_prefix) expr += " *";
    }
    return expr;
}

std::string TsQueryText(const Query& q) {
    std::string expr;
    for (size_t g = 0; g < q.groups.size(); ++g) {
        const auto& words = q.groups[g];
        if (g) expr += " & ";
        if (words.size() > 1) expr += "(";
        for (size_t i = 0; i < words.size(); ++i) {
            if (i) expr += " <-> ";
            expr += Quoted(words[i], '\'');
            if (q.last_prefix && g + 1 == q.groups.size() && i + 1 == words.size()) expr += ":*";
        }
        if (words.size() > 1) expr += ")";
    }
    return expr;
}

void Put(db::Connection& conn, int64_t id, const Fields& f, bool fresh) {
    if (Pg(conn)) {
        conn.Exec(kPgUpsert, {id, f.title, f.label, f.issuer, f.body, f.title, f.label});
        return;
    }
    if (!fresh)
        for (const char* sql : kSqliteDelete) conn.Exec(sql, {id});
    conn.Exec(kSqliteInsert, {id, f.title, f.label, f.issuer, f.body});
    conn.Exec(kSqliteInsertHeading, {id, f.title, f.label});
}

void Clear(db::Connection& conn) {
    if (Pg(conn)) {
        conn.Exec("DELETE FROM document_search");
        return;
    }
    conn.Exec("DELETE FROM document_fts");
    conn.Exec("DELETE FROM document_heading_fts");
}

void Optimize(db::Connection& conn) {
    if (Pg(conn)) return;
    conn.Exec("INSERT INTO document_fts (document_fts) VALUES ('optimize')");
    conn.Exec("INSERT INTO document_heading_fts (document_heading_fts) VALUES ('optimize')");
}

std::vector<Source> Sources(db::Connection& conn, int64_t after_id, int limit) {
    std::vector<Source> out;
    for (const auto& r : conn.Query(kSources, {after_id, int64_t{limit}}))
        out.push_back(Source{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
    return out;
}

std::vector<Ranked> Match(db::Connection& conn, const auth::Scope& scope, const Query& q, bool heading_only,
                          const std::vector<int64_t>& except, int window, int limit) {
    const bool pg = Pg(conn);
    db::Params params;
    std::string sql;
    if (pg) {
        const std::string text = TsQueryText(q);
        params = {text, text};
        sql = heading_only ? kPgMatchHeading : kPgMatch;
    } else {
        params = {Fts5Expression(q)};
        sql = heading_only ? kSqliteMatchHeading : kSqliteMatch;
    }
    sql += document::store::VisibleFilter(scope, "d", params);
    if (!except.empty()) {
        sql += " AND d.id NOT IN (";
        for (size_t i = 0; i < except.size(); ++i) {
            sql += i ? ", ?" : "?";
            params.emplace_back(except[i]);
        }
        sql += ")";
    }
    sql += pg ? kPgWindow : kSqliteWindow;
    params.emplace_back(int64_t{window});
    sql += kOrder;
    params.emplace_back(int64_t{limit});
    std::vector<Ranked> out;
    for (const auto& r : conn.Query(sql, params)) {
        // ts_rank_cd's normalization 32 is rank / (rank + 1); bm25 (negated) is mapped the same way.
        double score = std::max(0.0, r.Real(1));
        out.push_back(Ranked{r.Int(0), pg ? score : score / (score + 1)});
    }
    return out;
}

void PlanForParameters(db::Connection& conn) {
    if (Pg(conn)) conn.Exec("SET LOCAL plan_cache_mode = force_custom_plan");
}

std::vector<std::pair<int64_t, std::string>> Bodies(db::Connection& conn, const auth::Scope& scope,
                                                    const std::vector<int64_t>& ids, int64_t max_chars) {
    std::vector<std::pair<int64_t, std::string>> out;
    if (ids.empty()) return out;
    db::Params params{max_chars};
    std::string sql = "SELECT d.id, substr(d.body, 1, CAST(? AS INTEGER)) FROM documents d WHERE d.id IN (";
    for (size_t i = 0; i < ids.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(ids[i]);
    }
    sql += ")" + document::store::VisibleFilter(scope, "d", params);
    for (const auto& r : conn.Query(sql, params)) out.emplace_back(r.Int(0), r.Text(1));
    return out;
}

}  // namespace dv::document::search::store
