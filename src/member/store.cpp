// member store: SQL for member records and placements.
#include "member/store.h"

#include <set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/text.h"
#include "core/vn_text.h"
#include "auth/scope_sql.h"

namespace dv::member::store {

namespace {

constexpr const char* kColumns =
    "m.id, m.full_name, m.gender, m.birth_date, m.ethnicity, m.hometown, m.admitted_on, m.official_on, "
    "m.card_number, m.party_position, m.gov_position, m.citizen_id, m.phone, m.org_id, o.name, m.status, "
    "m.status_since, m.created_at, m.updated_at";
constexpr const char* kFrom = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE 1 = 1";
// One organization's subtree, read from the closure table outwards: its units, then each unit's members
// through members_org. SQLite without statistics otherwise starts from members_status (the active members
// of the whole database: every member list scanned the national register); CROSS JOIN fixes SQLite's join
// order, and PostgreSQL plans it as an inner join. Its parameter (the organization) comes first.
constexpr const char* kFromSubtree =
    " FROM org_tree f CROSS JOIN members m JOIN orgs o ON o.id = m.org_id WHERE f.ancestor_id = ? AND "
    "m.org_id = f.descendant_id";
constexpr const char* kInsert =
    "INSERT INTO members (full_name, name_folded, sort_key, gender, birth_date, ethnicity, hometown, admitted_on, "
    "official_on, card_number, party_position, gov_position, citizen_id, phone, org_id, status, status_since, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE members SET full_name = ?, name_folded = ?, sort_key = ?, gender = ?, birth_date = ?, ethnicity = ?, "
    "hometown = ?, admitted_on = ?, official_on = ?, card_number = ?, party_position = ?, gov_position = ?, "
    "citizen_id = ?, phone = ?, org_id = ?, status = ?, status_since = ?, updated_at = ? WHERE id = ?";

// Name search (migration 0014): the members whose folded name holds every word of the query, the last one
// as a prefix when it has two letters or more. SQLite reads the FTS5 index member_name_fts (external
// content over members.name_folded, kept by this store, import and gen); PostgreSQL the GIN index
// members_name_search, whose expression this must repeat exactly. The expression bound to each is built by
// NameMatch from letters and digits only, so nothing typed reaches either query syntax. On SQLite the index
// drives the join (each match then read by its id): half the time of `m.id IN (SELECT rowid …)`, which the
// planner answers through members_status for a word that a third of all members have.
constexpr const char* kSqliteSearchFrom =
    " FROM member_name_fts f JOIN members m ON m.id = f.rowid JOIN orgs o ON o.id = m.org_id "
    "WHERE f.member_name_fts MATCH ?";
constexpr const char* kPgNameMatch = " AND to_tsvector('simple', m.name_folded) @@ to_tsquery('simple', ?)";
// PostgreSQL plans a prepared statement once for any parameters after five runs: a generic plan cannot tell
// a rare name from "nguyen" and computed to_tsvector for every member (7 s at 200,000 against 0.5 s).
constexpr const char* kPgCustomPlans = "SET LOCAL plan_cache_mode = force_custom_plan";
// The rank of a match: 0 the full name as typed, 1 the given name (tên, the last word) is the query's last
// word, 2 the others; then Vietnamese name order.
constexpr const char* kNameTier =
    ", CASE WHEN m.name_folded = ? THEN 0 WHEN m.name_folded = ? OR m.name_folded LIKE ? THEN 1 ELSE 2 END AS tier";
// The SQLite name index's rows (external content: FTS5 is told the values it indexed, to delete them).
constexpr const char* kSqliteIndexName = "INSERT INTO member_name_fts (rowid, name_folded) VALUES (?, ?)";
constexpr const char* kSqliteUnindexName =
    "INSERT INTO member_name_fts (member_name_fts, rowid, name_folded) SELECT 'delete', id, name_folded FROM members "
    "WHERE id = ?";
constexpr const char* kSqliteIndexNames =
    "INSERT INTO member_name_fts (rowid, name_folded) SELECT id, name_folded FROM members WHERE id IN (";
constexpr const char* kSqliteIndexNameRange =
    "INSERT INTO member_name_fts (rowid, name_folded) SELECT id, name_folded FROM members WHERE id >= ? AND id <= ?";
constexpr const char* kOrderByName = " ORDER BY m.sort_key, m.id LIMIT ? OFFSET ?";
constexpr const char* kOrderByTier = " ORDER BY tier, m.sort_key, m.id LIMIT ? OFFSET ?";
// The count of a name search stops at the cap: SELECT COUNT(*) over the matches LIMIT cap + 1.
constexpr const char* kCountPrefix = "SELECT COUNT(*) FROM (SELECT 1";
constexpr const char* kCountSuffix = " LIMIT ?) c";
// Past the cap, the page is read tier by tier (PageByTiers): the given name is the last word of the folded
// name (migration 0018's expression, kept letter for letter); the full name as typed through members_person.
constexpr const char* kGivenName =
    "substr(m.name_folded, length(rtrim(m.name_folded, replace(m.name_folded, ' ', ''))) + 1)";
constexpr const char* kSqliteFromPerson =
    " FROM members m INDEXED BY members_person JOIN orgs o ON o.id = m.org_id WHERE 1 = 1";
constexpr const char* kSqliteFromGivenId =
    " FROM members m INDEXED BY members_given_id JOIN orgs o ON o.id = m.org_id WHERE 1 = 1";
// The given-name tier checks the query's words row by row: a LIKE per word that no match can fail (each
// word, or the last one's prefix, is inside the name) spares the exact check for most rows; then on
// SQLite the name index for that rowid (List's expression), on PostgreSQL the tsvector (in `where`).
constexpr const char* kWordInName = " AND m.name_folded LIKE ?";
constexpr const char* kSqliteRowMatch =
    " AND EXISTS (SELECT 1 FROM member_name_fts WHERE member_name_fts MATCH ? AND rowid = m.id)";
// The words of the names that begin with a word (migrations 0020, 0023): those from the word up to the word
// followed by the last code point, U+10FFFF.
constexpr const char* kTermsFrom = "SELECT term FROM member_name_terms WHERE term >= ? AND term < ?";
constexpr const char* kAddTerm = "INSERT INTO member_name_terms (term) VALUES (?) ON CONFLICT (term) DO NOTHING";
constexpr const char* kNamesOf = "SELECT name_folded FROM members WHERE id IN (";
constexpr const char* kNamesIn = "SELECT name_folded FROM members WHERE id >= ? AND id <= ?";
// The name match of PostgreSQL checked row by row (an expression no index holds): the given-name tier walks
// its own index in id order, which a BitmapAnd with the GIN index threw away (1 s for "nguyen van an").
constexpr const char* kPgNameMatchRow = " AND to_tsvector('simple', m.name_folded || '') @@ to_tsquery('simple', ?)";
// The namesakes of the full name match it by definition (the same words): their reads keep the parameter
// in place and check nothing (1,000-odd tsvectors fewer per page on PostgreSQL).
constexpr const char* kPgNameMatchNone = " AND CAST(? AS TEXT) IS NOT NULL";
// A last word that begins more words than this is matched as a prefix (`w:*`) on PostgreSQL.
constexpr size_t kMaxExpandedTerms = 64;
constexpr const char* kMaxCodePoint = "\xF4\x8F\xBF\xBF";
// kSearchCountCap, or a small cap a test sets (TEST_SetSearchCountCap) so that a few names pass it.
int64_t g_search_count_cap = kSearchCountCap;

// The words of a folded name or query as both indexes cut names (FTS5 unicode61's default token
// characters): runs of letters, numbers and private-use characters; anything else (white space, hyphens,
// quotes, %, *, :) separates them and is dropped.
std::vector<std::string> NameWords(std::string_view folded) {
    std::vector<std::string> words(1);
    const auto* bytes = reinterpret_cast<const uint8_t*>(folded.data());
    const auto length = static_cast<int32_t>(folded.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_CO_MASK)) != 0) {
            words.back().append(folded.substr(start, i - start));
        } else if (!words.back().empty()) {
            words.emplace_back();
        }
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

// The index query for `words` on this engine: FTS5 `"nguyen" "van" "an"*`, tsquery `nguyen & van & an:*`.
std::string NameMatch(db::Engine engine, const std::vector<std::string>& words) {
    std::string expr;
    for (const auto& w : words) {
        if (!expr.empty()) expr += engine == db::Engine::kSqlite ? " " : " & ";
        expr += engine == db::Engine::kSqlite ? "\"" + w + "\"" : w;
    }
    if (text::Utf8Length(words.back()) >= 2) expr += engine == db::Engine::kSqlite ? "*" : ":*";
    return expr;
}

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

// Adds the words of `names` (folded) to member_name_terms, each once.
void AddTerms(db::Connection& conn, const std::vector<std::string>& names) {
    std::set<std::string> terms;
    for (const auto& name : names)
        for (auto& w : NameWords(name)) terms.insert(std::move(w));
    for (const auto& t : terms) conn.Exec(kAddTerm, {t});
}

std::vector<std::string> Names(std::vector<db::Row> rows) {
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.Text(0));
    return out;
}

Member FromRow(const db::Row& r) {
    Member m;
    m.id = r.Int(0);
    m.full_name = r.Text(1);
    m.gender = r.Text(2);
    m.birth_date = r.OptText(3).value_or("");
    m.ethnicity = r.Text(4);
    m.hometown = r.Text(5);
    m.admitted_on = r.OptText(6).value_or("");
    m.official_on = r.OptText(7).value_or("");
    m.card_number = r.OptText(8).value_or("");
    m.party_position = r.Text(9);
    m.gov_position = r.Text(10);
    m.citizen_id = r.Text(11);
    m.phone = r.Text(12);
    m.org_id = r.Int(13);
    m.org_name = r.Text(14);
    m.status = ParseStatus(r.Text(15)).value_or(Status::kProbationary);
    m.status_since = r.Text(16);
    m.created_at = r.Int(17);
    m.updated_at = r.Int(18);
    return m;
}

db::Params RowParams(const Member& m, const std::string& folded, const std::string& sort_key) {
    return {m.full_name,          folded,          sort_key,           m.gender,
            OptText(m.birth_date), m.ethnicity,    m.hometown,         OptText(m.admitted_on),
            OptText(m.official_on), OptText(m.card_number), m.party_position, m.gov_position,
            m.citizen_id,         m.phone,         m.org_id,           std::string(ToString(m.status)),
            m.status_since};
}

// The FTS5 expression of a name search on SQLite: NameMatch's, but a last word of four letters or more (no
// prefix index of that length) as the terms that begin with it, read once from the index's vocabulary:
// `"le" AND "van" AND ("tuan" OR "tuanh")`. FTS5 reads those doclists lazily, where a long prefix merges
// them all before the first row. None when no term begins so (no match).
std::optional<std::string> SqliteRowMatch(db::Connection& conn, const std::vector<std::string>& words) {
    const std::string& last = words.back();
    if (text::Utf8Length(last) < 4) return NameMatch(conn.engine(), words);
    std::string terms;
    for (const auto& r : conn.Query(kTermsFrom, {last, last + kMaxCodePoint})) {
        const std::string term = r.Text(0);
        if (term.find('"') != std::string::npos) continue;  // the tokenizer keeps no quote; were one kept, skip it
        terms += (terms.empty() ? "(\"" : " OR \"") + term + "\"";
    }
    if (terms.empty()) return std::nullopt;
    std::string expr;
    for (size_t i = 0; i + 1 < words.size(); ++i) expr += "\"" + words[i] + "\" AND ";
    return expr + terms + ")";
}

// `where` with PostgreSQL's name match checked row by row (kPgNameMatchRow) instead of through the GIN
// index, for reads another index drives in its own order (the namesakes, the given-name tier).
std::string RowMatchWhere(db::Connection& conn, std::string where, const char* with = kPgNameMatchRow) {
    if (conn.engine() == db::Engine::kPostgres)
        if (auto at = where.find(kPgNameMatch); at != std::string::npos)
            where.replace(at, std::char_traits<char>::length(kPgNameMatch), with);
    return where;
}

// The tsquery of a name search on PostgreSQL: NameMatch's, with a last word of two letters or more as the
// words that begin with it, `nguyen & van & (an | anh)`, up to kMaxExpandedTerms of them (else `an:*`).
// None when no word begins so (no match).
std::optional<std::string> PgMatch(db::Connection& conn, const std::vector<std::string>& words) {
    const std::string& last = words.back();
    if (text::Utf8Length(last) < 2) return NameMatch(conn.engine(), words);
    std::vector<std::string> terms;
    for (const auto& r : conn.Query(std::string(kTermsFrom) + " ORDER BY term LIMIT ?",
                                    {last, last + kMaxCodePoint, static_cast<int64_t>(kMaxExpandedTerms + 1)}))
        terms.push_back(r.Text(0));
    if (terms.empty()) return std::nullopt;
    if (terms.size() > kMaxExpandedTerms) return NameMatch(conn.engine(), words);
    std::string expr;
    for (size_t i = 0; i + 1 < words.size(); ++i) expr += words[i] + " & ";
    expr += "(";
    for (size_t i = 0; i < terms.size(); ++i) expr += (i ? " | " : "") + terms[i];
    return expr + ")";
}

// The page of a name search whose matches pass the cap, without ranking every match: tier by tier, each
// in the order members were registered (id; namesakes of the full name by birth date), each walk stopping
// at the page's last row. The tiers are
// disjoint: 0 the full name as typed, 1 the given name (the name's last word, kGivenName) equal to the
// query's last word and not the full name, 2 the others. Tier 0 reads the full-name index (members_person),
// tier 1 that given name's members in id order (members_given_id), tier 2 the name index in id order
// (SQLite: FTS5 gives its matches by rowid, `match` is List's expression; PostgreSQL: the primary key, the
// name match in `where`); each checks the rest and `where` (scope, status, other filters) row by row.
// Name order is kept below the cap, where every match is ranked: walking a frequent family name in name order read most of the members
// whose given name sorts first before its first match (sort keys begin with the given name, then the
// family): 170–360 ms at 6,000,000 members, against a page's worth of rows in id order.
// A page deep in the list walks the rows before it: page N costs about N first pages.
std::vector<Member> PageByTiers(db::Connection& conn, const Filter& f, const std::vector<std::string>& words,
                                const std::string& match, const std::string& where, const db::Params& params) {
    const bool sqlite = conn.engine() == db::Engine::kSqlite;
    const std::string& q = f.q;
    const std::string given = kGivenName;
    struct Tier {
        std::string from;
        db::Params from_params;
        std::string condition;
        db::Params condition_params;
        const char* order;
        const std::string* where = nullptr;  // PostgreSQL: the tier's own form of `where` (see RowMatchWhere)
    };
    const db::Params by_match = sqlite ? db::Params{match} : db::Params{};
    std::string word_check;
    db::Params word_params;
    for (const auto& w : words) {
        word_check += kWordInName;
        word_params.emplace_back("%" + w + "%");
    }
    if (sqlite) {
        word_check += kSqliteRowMatch;
        word_params.emplace_back(match);
    }
    db::Params given_params{words.back(), q};
    given_params.insert(given_params.end(), word_params.begin(), word_params.end());
    // PostgreSQL: the namesakes and the given-name tier check the name match per row (see kPgNameMatchRow).
    const std::string given_where = RowMatchWhere(conn, where);
    const std::string namesake_where = RowMatchWhere(conn, where, kPgNameMatchNone);
    const Tier tiers[] = {
        // Namesakes by birth date, as members_person (name_folded, birth_date) holds them: no sort.
        {sqlite ? kSqliteFromPerson : kFrom, {}, " AND m.name_folded = ?", {q}, " ORDER BY m.birth_date, m.id LIMIT ?",
         &namesake_where},
        // One given name's members in id order (members_given_id), the query's words checked per row.
        {sqlite ? kSqliteFromGivenId : kFrom, {}, " AND " + given + " = ? AND m.name_folded <> ?" + word_check,
         given_params, " ORDER BY m.id LIMIT ?", &given_where},
        {sqlite ? kSqliteSearchFrom : kFrom, by_match, " AND " + given + " <> ? AND m.name_folded <> ?",
         {words.back(), q}, sqlite ? " ORDER BY f.rowid LIMIT ?" : " ORDER BY m.id LIMIT ?"},
    };
    std::vector<Member> out;
    int64_t skip = int64_t{f.page - 1} * f.page_size;
    int64_t need = f.page_size;
    for (const auto& tier : tiers) {
        if (need == 0) break;
        db::Params tier_params = tier.from_params;
        tier_params.insert(tier_params.end(), tier.condition_params.begin(), tier.condition_params.end());
        tier_params.insert(tier_params.end(), params.begin(), params.end());
        tier_params.emplace_back(skip + need);
        auto rows = conn.Query(std::string("SELECT ") + kColumns + tier.from + tier.condition +
                                   (tier.where ? *tier.where : where) + tier.order,
                               tier_params);
        const auto n = static_cast<int64_t>(rows.size());
        if (n <= skip) {
            skip -= n;
            continue;
        }
        for (int64_t i = skip; i < n; ++i) out.push_back(FromRow(rows[static_cast<size_t>(i)]));
        need -= n - skip;
        skip = 0;
    }
    return out;
}

}  // namespace

std::optional<Member> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id) {
    db::Params params{id};
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " AND m.id = ?" +
                      auth::SubtreeFilter(scope, p, "m.org_id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    return FromRow(*row);
}

std::optional<Member> GetAny(db::Connection& conn, int64_t id) { return Get(conn, auth::Scope::System(), auth::Permission::kRead, id); }

Page List(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const Filter& f,
          const std::string& today) {
    db::Params params;
    std::vector<std::string> words = NameWords(f.q);
    // A name search is driven by the name index and stops early: the scope is checked per row it reads.
    std::string where = words.empty() ? auth::SubtreeFilter(scope, p, "m.org_id", params)
                                      : auth::SubtreeCheck(scope, p, "m.org_id", params);
    if (f.id) {
        where += " AND m.id = ?";
        params.emplace_back(*f.id);
    }
    if (f.status) {
        where += " AND m.status = ?";
        params.emplace_back(std::string(ToString(*f.status)));
    } else {
        where += " AND m.status IN ('probationary', 'official')";
    }
    std::string from = kFrom;
    db::Params from_params;
    std::string sqlite_match;  // the name index's expression (SQLite)
    // One snapshot for the count and the page; SET LOCAL lasts until its end. On PostgreSQL each query is
    // planned for its parameters: a generic plan cannot know how large the subtree is (at 6,000,000
    // members a grassroots list went from 20 ms to 120-160 ms with it) nor tell a rare name from "nguyen".
    db::Transaction tx(conn, false);
    if (conn.engine() == db::Engine::kPostgres) conn.Exec(kPgCustomPlans);
    if (!f.q.empty()) {
        // Typed, but no letter or digit to look for ("%", "*"): no name holds it.
        if (words.empty()) return {};
        if (conn.engine() == db::Engine::kSqlite) {
            // A last word of four letters or more (past the prefix indexes) as the terms that begin so,
            // which FTS5 reads lazily; as a prefix it would merge their whole doclists first (59 ms for
            // "nguyen"* at 6,000,000 members, 0.9 ms as its one term).
            auto match = SqliteRowMatch(conn, words);
            if (!match) return {};
            sqlite_match = *match;
            from = kSqliteSearchFrom;
            from_params.emplace_back(*match);
        } else {
            // Words are letters and digits only (NameWords), so nothing typed reaches tsquery's syntax.
            auto match = PgMatch(conn, words);
            if (!match) return {};
            where += kPgNameMatch;
            params.emplace_back(*match);
        }
    }
    // A search keeps the subtree in `where`, which PageByTiers checks row by row too.
    if (f.org_id) {
        if (words.empty()) {  // no name to look up: start from the subtree
            from = kFromSubtree;
            from_params.emplace_back(*f.org_id);
        } else {
            where += " AND EXISTS (SELECT 1 FROM org_tree ft WHERE ft.descendant_id = m.org_id AND ft.ancestor_id = ?)";
            params.emplace_back(*f.org_id);
        }
    }
    if (!f.position.empty()) {
        where += " AND (lower(m.party_position) LIKE lower(?) ESCAPE '\\' OR lower(m.gov_position) LIKE lower(?) ESCAPE '\\')";
        params.emplace_back(db::ContainsPattern(f.position));
        params.emplace_back(db::ContainsPattern(f.position));
    }
    // Ages in completed years on `today`: born on or before today minus N years.
    auto shifted = [&](int years) {
        int y = std::stoi(today.substr(0, 4)) - years;
        return std::to_string(y) + today.substr(4);
    };
    if (f.age_min) {
        where += " AND m.birth_date <= ?";
        params.emplace_back(shifted(*f.age_min));
    }
    if (f.age_max) {
        where += " AND m.birth_date > ?";
        params.emplace_back(shifted(*f.age_max + 1));
    }
    Page page;
    db::Params count_params = from_params;
    count_params.insert(count_params.end(), params.begin(), params.end());
    if (words.empty()) {
        page.total = conn.QueryOne(std::string("SELECT COUNT(*)") + from + where, count_params)->Int(0);
    } else {
        // The namesakes of the full name first, through their own index (members_person): when they alone
        // pass the cap ("nguyen van an": 12,000 at 6,000,000 members) the index count of every match is not
        // needed (on PostgreSQL it builds the bitmap of every match: 77 ms there).
        db::Params namesake_params{f.q};
        namesake_params.insert(namesake_params.end(), params.begin(), params.end());
        namesake_params.emplace_back(g_search_count_cap + 1);
        page.total = conn.QueryOne(std::string(kCountPrefix) + (conn.engine() == db::Engine::kSqlite ? kSqliteFromPerson : kFrom) +
                                       " AND m.name_folded = ?" + RowMatchWhere(conn, where, kPgNameMatchNone) + kCountSuffix,
                                   namesake_params)
                         ->Int(0);
        if (page.total <= g_search_count_cap) {
            db::Params capped_params = count_params;
            capped_params.emplace_back(g_search_count_cap + 1);
            page.total = conn.QueryOne(std::string(kCountPrefix) + from + where + kCountSuffix, capped_params)->Int(0);
        }
        if (page.total > g_search_count_cap) {
            page.total = g_search_count_cap;
            page.capped = true;
            page.members = PageByTiers(conn, f, words, sqlite_match, where, params);
            tx.Commit();
            return page;
        }
    }
    db::Params list_params;
    std::string tier;
    if (!words.empty()) {
        tier = kNameTier;
        list_params = {f.q, words.back(), "% " + words.back()};
    }
    list_params.insert(list_params.end(), count_params.begin(), count_params.end());
    list_params.emplace_back(int64_t{f.page_size});
    list_params.emplace_back(int64_t{(f.page - 1) * f.page_size});
    for (const auto& row : conn.Query(std::string("SELECT ") + kColumns + tier + from + where +
                                          (words.empty() ? kOrderByName : kOrderByTier),
                                      list_params))
        page.members.push_back(FromRow(row));
    tx.Commit();
    return page;
}

void TEST_SetSearchCountCap(int64_t cap) { g_search_count_cap = cap; }

std::vector<Placement> Placements(db::Connection& conn, int64_t member_id) {
    std::vector<Placement> out;
    const char* sql =
        "SELECT p.org_id, COALESCE((SELECT v.name FROM org_versions v WHERE v.org_id = p.org_id AND v.valid_from <= "
        "p.from_date ORDER BY v.valid_from DESC LIMIT 1), o.name), p.from_date, p.to_date, p.reason, p.note "
        "FROM member_placements p JOIN orgs o ON o.id = p.org_id WHERE p.member_id = ? ORDER BY p.from_date, p.id";
    for (const auto& r : conn.Query(sql, {member_id}))
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptText(3).value_or(""), r.Text(4), r.Text(5)});
    return out;
}

bool CardNumberTaken(db::Connection& conn, const std::string& card, int64_t except_id) {
    return conn.QueryOne("SELECT 1 FROM members WHERE card_number = ? AND id <> ?", {card, except_id}).has_value();
}

bool PersonTaken(db::Connection& conn, const std::string& name_folded, const std::string& birth_date,
                 int64_t except_id) {
    return conn.QueryOne(kSelectPerson, {name_folded, birth_date, except_id}).has_value();
}

std::optional<int64_t> MemberOfUser(db::Connection& conn, int64_t user_id) {
    auto r = conn.QueryOne("SELECT member_id FROM users WHERE id = ?", {user_id});
    if (!r) return std::nullopt;
    return r->OptInt(0);
}

int64_t Insert(db::Connection& conn, const Member& m, int64_t now) {
    const std::string folded = vn::Fold(m.full_name);
    auto params = RowParams(m, folded, vn::NameSortKeyHex(m.full_name));
    params.emplace_back(now);
    params.emplace_back(now);
    int64_t id = conn.InsertReturningId(kInsert, params);
    if (conn.engine() == db::Engine::kSqlite) conn.Exec(kSqliteIndexName, {id, folded});
    AddTerms(conn, {folded});
    return id;
}

void Update(db::Connection& conn, const Member& m, int64_t now) {
    const std::string folded = vn::Fold(m.full_name);
    auto params = RowParams(m, folded, vn::NameSortKeyHex(m.full_name));
    params.emplace_back(now);
    params.emplace_back(m.id);
    const bool sqlite = conn.engine() == db::Engine::kSqlite;
    if (sqlite) conn.Exec(kSqliteUnindexName, {m.id});
    conn.Exec(kUpdate, params);
    if (sqlite) conn.Exec(kSqliteIndexName, {m.id, folded});
    AddTerms(conn, {folded});
}

void IndexNames(db::Connection& conn, const std::vector<int64_t>& ids) {
    if (ids.empty()) return;
    std::string list;
    db::Params params;
    for (int64_t id : ids) {
        list += params.empty() ? "?" : ", ?";
        params.emplace_back(id);
    }
    if (conn.engine() == db::Engine::kSqlite) conn.Exec(kSqliteIndexNames + list + ")", params);
    AddTerms(conn, Names(conn.Query(kNamesOf + list + ")", params)));
}

void IndexNames(db::Connection& conn, int64_t first_id, int64_t last_id) {
    if (conn.engine() == db::Engine::kSqlite) conn.Exec(kSqliteIndexNameRange, {first_id, last_id});
    AddTerms(conn, Names(conn.Query(kNamesIn, {first_id, last_id})));
}

void OpenPlacement(db::Connection& conn, int64_t member_id, int64_t org_id, const std::string& from,
                   const std::string& reason, const std::string& note) {
    conn.Exec("INSERT INTO member_placements (member_id, org_id, from_date, to_date, reason, note) "
              "VALUES (?, ?, ?, NULL, ?, ?)",
              {member_id, org_id, from, reason, note});
}

void ClosePlacement(db::Connection& conn, int64_t member_id, const std::string& to) {
    conn.Exec("UPDATE member_placements SET to_date = ? WHERE member_id = ? AND to_date IS NULL", {to, member_id});
}

std::optional<std::string> CurrentPlacementStart(db::Connection& conn, int64_t member_id) {
    auto r = conn.QueryOne("SELECT from_date FROM member_placements WHERE member_id = ? AND to_date IS NULL",
                           {member_id});
    if (!r) return std::nullopt;
    return r->Text(0);
}

int64_t CountActive(db::Connection& conn, int64_t org_id) {
    return conn
        .QueryOne("SELECT COUNT(*) FROM members WHERE org_id = ? AND status IN ('probationary', 'official')", {org_id})
        ->Int(0);
}

void MoveOne(db::Connection& conn, int64_t member_id, int64_t to_org, const std::string& date, int64_t now) {
    ClosePlacement(conn, member_id, date);
    OpenPlacement(conn, member_id, to_org, date, "reorganization", "");
    conn.Exec("UPDATE members SET org_id = ?, updated_at = ? WHERE id = ?", {to_org, now, member_id});
}

std::vector<std::pair<int64_t, std::string>> ActiveOf(db::Connection& conn, int64_t org_id) {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& r : conn.Query("SELECT id, full_name FROM members WHERE org_id = ? AND status IN ('probationary', "
                                    "'official') ORDER BY sort_key, id",
                                    {org_id}))
        out.emplace_back(r.Int(0), r.Text(1));
    return out;
}

int64_t MoveAll(db::Connection& conn, int64_t from_org, int64_t to_org, const std::string& date, int64_t now) {
    auto rows = conn.Query("SELECT id FROM members WHERE org_id = ? AND status IN ('probationary', 'official')",
                           {from_org});
    for (const auto& r : rows) {
        int64_t id = r.Int(0);
        ClosePlacement(conn, id, date);
        OpenPlacement(conn, id, to_org, date, "reorganization", "");
    }
    conn.Exec("UPDATE members SET org_id = ?, updated_at = ? WHERE org_id = ? AND status IN ('probationary', 'official')",
              {to_org, now, from_org});
    return static_cast<int64_t>(rows.size());
}

}  // namespace dv::member::store
