// search: full-text search over documents (title, type and number, issuer and signer, full text), without
// diacritics, ranked, with highlighted snippets of the original text; SQLite FTS5 or PostgreSQL tsvector.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "document/model.h"

// How it works. Text is cut into words (runs of letters and digits, with their combining marks) and each
// word is folded with vn::Fold ("Đảng" -> "dang", "05-CT/TW" -> "05", "ct", "tw"). The index holds the
// folded words separated by spaces, in four fields weighted title > label (type name and symbol) > issuer
// (issuer name and signer) > body: FTS5 tables `document_fts` (every field) and `document_heading_fts`
// (title and label) on SQLite, rowid = document id; tsvectors `tsv` (weighted) and `heading` with GIN
// indexes (`document_search`) on PostgreSQL. A query is cut and folded the same way; every word must
// match, the words typed together ("05-CT/TW") as a phrase, the last word also as a prefix (typing "quy din"
// finds "quy định"). Only folded words reach the database, and each is quoted there, so no user input is
// ever read as FTS5 or tsquery syntax. Documents whose title or label hold every word come first (the
// heading index); then, when they are fewer than asked for, the others. Within each tier bm25 (SQLite) or
// ts_rank_cd (PostgreSQL) orders the newest 1,000 visible matches: ranking costs per match, and a word
// like "đảng" is in every document of a large register, so this bounds a search's cost whatever the words
// (a rarer query is ranked whole). Snippets are computed here from the original text, identically on both
// engines.
//
// All functions are thread-safe given separate connections; none keeps state between calls except a
// per-thread cache of folded words.
namespace dv::document::search {

// Indexes (or re-indexes) one document: title, type name (looked up when d.type_name is empty), symbol,
// issuer name, signer and body. Called by the document service inside the write transaction that
// inserted or changed the row.
void IndexDocument(db::Connection& conn, const Document& d);

// Rebuilds the whole index from the documents table in one transaction (`dangvu documents reindex`, and
// after the migration that creates the index). Returns the number of documents indexed.
int64_t Reindex(db::Connection& conn);

// A piece of displayed text: `mark` pieces are words that matched the query.
struct Fragment {
    std::string text;
    bool mark = false;
};
// The fragments as HTML: text escaped, matched words in <mark>.
std::string ToHtml(const std::vector<Fragment>& fragments);

// A query cut into folded words. `groups` are the words typed together (without a space between
// them); a group of several words is a phrase. `last_prefix`: the last word also matches as a prefix
// (it has two characters or more).
struct Query {
    std::vector<std::vector<std::string>> groups;
    bool last_prefix = false;
    bool empty() const { return groups.empty(); }
};
Query ParseQuery(std::string_view text);

// The words of `text` (original, any normalization) that match `query`, as fragments covering the text
// from the first byte to the last: whitespace runs shown as one space.
std::vector<Fragment> Highlight(std::string_view text, const Query& query);
// A window of about `words` words of `text` around the part that matches most of the query's words
// ("…" where cut); the opening words when nothing matches; empty for an empty text. Only the first
// 100 KB of a longer text are searched for the window.
std::vector<Fragment> Snippet(std::string_view text, const Query& query, size_t words = 32);

struct Hit {
    Document document;              // as store::GetMany reads it (without body)
    std::vector<Fragment> title;    // the title with the matched words marked
    std::vector<Fragment> snippet;  // from the body (see Snippet)
    std::string title_html;         // ToHtml(title)
    std::string snippet_html;       // ToHtml(snippet)
    // Higher is better: 1 + x when the title or label holds every word, x otherwise, where x in [0, 1) is
    // the engine's relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL), so values differ by engine.
    double rank = 0;
};

inline constexpr size_t kMaxQueryLength = 200;  // code points
inline constexpr int kMaxLimit = 100;

// The documents visible to `scope` (store::VisibleFilter) that match `query`, best first, at most `limit`
// (clamped to 1..kMaxLimit). Errors: kForbidden for a caller who is not signed in; kInvalid on field "q"
// for an empty query ("required"), one over kMaxQueryLength ("too_long") or not UTF-8 ("invalid_utf8").
// A query without letters or digits ("?!", "()") finds nothing.
Result<std::vector<Hit>> Search(db::Connection& conn, const auth::Scope& scope, std::string_view query, int limit);

}  // namespace dv::document::search
