// search: cutting and folding words, the index entries, the query and the snippets; SQL in search_store.
#include "document/search.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <unordered_map>

#include "core/text.h"
#include "core/vn_text.h"
#include "document/search_store.h"
#include "document/store.h"

namespace dv::document::search {

namespace {

// Longer words (hashes, runs of letters pasted by mistake) are neither indexed nor searched: PostgreSQL
// drops words over 2 KB anyway, and nobody types them.
constexpr size_t kMaxWordBytes = 100;
// Snippets look for the query's words in the first characters of the body only.
constexpr int64_t kSnippetChars = 100'000;
// Each tier of a search ranks at most this many of its newest matches (store::Match).
constexpr int kRankWindow = 1000;
// PostgreSQL refuses a tsvector over 1 MB; the body's words are cut before the estimate reaches this.
constexpr size_t kTsvectorBudget = 900'000;

bool IsWordChar(UChar32 c) {
    if (c < 0) return false;  // an ill-formed sequence
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    // Combining marks belong to the word they follow (NFD input: "Đảng" typed as D + a + marks).
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool IsSpace(UChar32 c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           (c >= 0x80 && u_isUWhiteSpace(c));
}

// vn::Fold of one word: ASCII words are only lower-cased; the others go through ICU once per thread
// (Vietnamese text repeats a few thousand syllables, so the cache stays small and hits almost always).
std::string FoldWord(std::string_view word) {
    if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return text::AsciiLower(word);
    thread_local std::unordered_map<std::string, std::string> cache;
    auto it = cache.find(std::string(word));
    if (it != cache.end()) return it->second;
    if (cache.size() > 100'000) cache.clear();
    std::string folded = vn::Fold(word);
    cache.emplace(std::string(word), folded);
    return folded;
}

// Calls f(begin, end, folded) for each word of `text` (byte offsets into it), in order. Words that fold
// to nothing (lone marks) or to more than kMaxWordBytes are skipped.
template <typename F>
void ForEachWord(std::string_view text, F&& f) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
    int32_t i = 0;
    while (i < length) {
        int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (!IsWordChar(c)) continue;
        int32_t end = i;
        while (end < length) {
            int32_t next = end;
            U8_NEXT(s, next, length, c);
            if (!IsWordChar(c)) break;
            end = next;
        }
        i = end;
        std::string folded = FoldWord(text.substr(start, end - start));
        if (!folded.empty() && folded.size() <= kMaxWordBytes)
            f(static_cast<size_t>(start), static_cast<size_t>(end), folded);
    }
}

// The folded words of a text, separated by single spaces: what the index holds.
std::string FoldedText(std::string_view text) {
    std::string out;
    ForEachWord(text, [&](size_t, size_t, const std::string& folded) {
        if (!out.empty()) out += ' ';
        out += folded;
    });
    return out;
}

// Cuts a folded body where PostgreSQL's tsvector of it would pass kTsvectorBudget: per distinct word an
// 8-byte entry, the word and a position count, then 2 bytes per position (at most 256 are kept). Only
// texts of a great many distinct words (random data) ever reach it.
void CapForTsvector(std::string& folded) {
    if (folded.size() < 64 * 1024) return;
    std::unordered_map<std::string_view, int> seen;
    size_t estimate = 0;
    size_t pos = 0;
    while (pos < folded.size()) {
        size_t end = folded.find(' ', pos);
        if (end == std::string::npos) end = folded.size();
        std::string_view word(folded.data() + pos, end - pos);
        int& n = seen[word];
        if (n == 0) estimate += 8 + word.size() + 2;
        if (n < 256) estimate += 2;
        ++n;
        if (estimate > kTsvectorBudget) {
            folded.resize(pos > 0 ? pos - 1 : 0);
            return;
        }
        pos = end + 1;
    }
}

store::Fields FieldsOf(db::Engine engine, const std::string& type_name, const std::string& title,
                       const std::string& symbol, const std::string& issuer_name, const std::string& signer,
                       const std::string& body) {
    // The label reads as documents are cited, "Chỉ thị số 05-CT/TW", so the way people type it matches.
    const std::string label = symbol.empty() ? type_name : type_name + " số " + symbol;
    store::Fields f{FoldedText(title), FoldedText(label), FoldedText(issuer_name + " " + signer), FoldedText(body)};
    if (engine == db::Engine::kPostgres) CapForTsvector(f.body);
    return f;
}

// Which query word a folded word of the text matches: an index into the exact words, exact.size() for
// the prefix, or -1.
class Matcher {
public:
    explicit Matcher(const Query& q) {
        for (size_t g = 0; g < q.groups.size(); ++g)
            for (size_t i = 0; i < q.groups[g].size(); ++i) {
                const std::string& w = q.groups[g][i];
                if (q.last_prefix && g + 1 == q.groups.size() && i + 1 == q.groups[g].size()) {
                    prefix_ = w;
                } else if (std::find(exact_.begin(), exact_.end(), w) == exact_.end()) {
                    exact_.push_back(w);
                }
            }
    }
    int Match(const std::string& folded) const {
        auto it = std::find(exact_.begin(), exact_.end(), folded);
        if (it != exact_.end()) return static_cast<int>(it - exact_.begin());
        if (!prefix_.empty() && folded.compare(0, prefix_.size(), prefix_) == 0) return static_cast<int>(exact_.size());
        return -1;
    }
    size_t terms() const { return exact_.size() + 1; }

private:
    std::vector<std::string> exact_;
    std::string prefix_;
};

struct Word {
    size_t begin = 0, end = 0;
    int term = -1;  // Matcher::Match
};

std::vector<Word> MatchedWords(std::string_view text, const Matcher& m) {
    std::vector<Word> words;
    ForEachWord(text, [&](size_t b, size_t e, const std::string& folded) { words.push_back({b, e, m.Match(folded)}); });
    return words;
}

// Builds fragments piece by piece: runs of white space become one space, unmarked text merges, and two
// marked words with only white space between them become one mark ("<mark>quy định</mark>").
class Builder {
public:
    void Text(std::string_view s) {
        std::string t;
        bool space = false;
        for (char c : s) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                space = true;
                continue;
            }
            if (space) t += ' ';
            space = false;
            t += c;
        }
        if (space) t += ' ';
        if (t.empty()) return;
        pending_ += t;
    }
    void Word(std::string_view s, bool mark) {
        if (mark && !out_.empty() && out_.back().mark && (pending_.empty() || pending_ == " ")) {
            out_.back().text += pending_;
            out_.back().text += s;
            pending_.clear();
            return;
        }
        if (!mark) {
            pending_ += s;
            return;
        }
        Flush();
        out_.push_back({std::string(s), true});
    }
    std::vector<Fragment> Finish() {
        Flush();
        return std::move(out_);
    }

private:
    void Flush() {
        if (pending_.empty()) return;
        if (!out_.empty() && !out_.back().mark) {
            out_.back().text += pending_;
        } else {
            out_.push_back({pending_, false});
        }
        pending_.clear();
    }
    std::vector<Fragment> out_;
    std::string pending_;  // unmarked text not yet in out_
};

// Fragments of text[from, to) with the words [first, last) of `words` inside it, marked when matched.
std::vector<Fragment> Fragments(std::string_view text, const std::vector<Word>& words, size_t first, size_t last,
                                size_t from, size_t to, bool ellipsis_before, bool ellipsis_after) {
    Builder b;
    if (ellipsis_before) b.Text("… ");
    size_t at = from;
    for (size_t i = first; i < last; ++i) {
        b.Text(text.substr(at, words[i].begin - at));
        b.Word(text.substr(words[i].begin, words[i].end - words[i].begin), words[i].term >= 0);
        at = words[i].end;
    }
    b.Text(text.substr(at, to - at));
    if (ellipsis_after) b.Text(" …");
    auto out = b.Finish();
    // No white space at either end.
    if (!out.empty() && !out.front().mark && out.front().text.starts_with(' ')) out.front().text.erase(0, 1);
    if (!out.empty() && !out.back().mark && out.back().text.ends_with(' ')) out.back().text.pop_back();
    std::erase_if(out, [](const Fragment& f) { return f.text.empty(); });
    return out;
}

// Cuts text to at most n bytes without splitting a UTF-8 sequence.
std::string_view Prefix(std::string_view text, size_t n) {
    if (text.size() <= n) return text;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return text.substr(0, n);
}

std::string_view TrimSpace(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

Query ParseQuery(std::string_view text) {
    Query q;
    size_t previous_end = std::string_view::npos;
    ForEachWord(text, [&](size_t begin, size_t end, const std::string& folded) {
        bool together = previous_end != std::string_view::npos;
        if (together) {
            // Words typed without white space between them ("05-CT/TW") form a phrase.
            const auto* s = reinterpret_cast<const uint8_t*>(text.data());
            int32_t i = static_cast<int32_t>(previous_end);
            while (i < static_cast<int32_t>(begin)) {
                UChar32 c = 0;
                U8_NEXT(s, i, static_cast<int32_t>(begin), c);
                if (IsSpace(c)) together = false;
            }
        }
        if (!together) q.groups.emplace_back();
        q.groups.back().push_back(folded);
        previous_end = end;
    });
    q.last_prefix = !q.groups.empty() && text::Utf8Length(q.groups.back().back()) >= 2;
    return q;
}

std::string ToHtml(const std::vector<Fragment>& fragments) {
    std::string out;
    for (const auto& f : fragments) {
        if (f.mark) out += "<mark>";
        for (char c : f.text) {
            switch (c) {
                case '&':
                    out += "&amp;";
                    break;
                case '<':
                    out += "&lt;";
                    break;
                case '>':
                    out += "&gt;";
                    break;
                case '"':
                    out += "&quot;";
                    break;
                case '\'':
                    out += "&#39;";
                    break;
                default:
                    out += c;
            }
        }
        if (f.mark) out += "</mark>";
    }
    return out;
}

std::vector<Fragment> Highlight(std::string_view text, const Query& query) {
    text = TrimSpace(text);
    auto words = MatchedWords(text, Matcher(query));
    return Fragments(text, words, 0, words.size(), 0, text.size(), false, false);
}

std::vector<Fragment> Snippet(std::string_view text, const Query& query, size_t n) {
    text = TrimSpace(Prefix(text, static_cast<size_t>(kSnippetChars) * 4));
    if (text.empty() || n == 0) return {};
    const Matcher matcher(query);
    auto words = MatchedWords(text, matcher);
    if (words.empty()) return {{std::string(Prefix(text, 300)), false}};
    // The window of n words (starting a few words before a match, for context) that holds the most
    // distinct query words, then the most matches; the earliest such.
    size_t best_start = 0;
    std::pair<int, int> best{-1, -1};
    std::vector<char> seen(matcher.terms());
    size_t considered = 0;
    for (size_t i = 0; i < words.size() && considered < 5000; ++i) {
        if (words[i].term < 0) continue;
        ++considered;
        size_t start = i >= 4 ? i - 4 : 0;
        if (start + n > words.size()) start = words.size() > n ? words.size() - n : 0;
        std::fill(seen.begin(), seen.end(), 0);
        std::pair<int, int> score{0, 0};
        for (size_t k = start; k < std::min(words.size(), start + n); ++k) {
            if (words[k].term < 0) continue;
            if (!seen[words[k].term]) ++score.first;
            seen[words[k].term] = 1;
            ++score.second;
        }
        if (score > best) {
            best = score;
            best_start = start;
        }
    }
    const size_t first = best_start;
    const size_t last = std::min(words.size(), first + n);
    const size_t from = first == 0 ? 0 : words[first].begin;
    const size_t to = last == words.size() ? text.size() : words[last - 1].end;
    return Fragments(text, words, first, last, from, to, first > 0, last < words.size());
}

void IndexDocument(db::Connection& conn, const Document& d) {
    std::string type_name = d.type_name;
    if (type_name.empty()) {
        if (auto t = document::store::GetType(conn, d.type_code)) type_name = t->name;
    }
    store::Put(conn, d.id, FieldsOf(conn.engine(), type_name, d.title, d.symbol, d.issuer_name, d.signer, d.body));
}

int64_t Reindex(db::Connection& conn) {
    db::Transaction tx(conn);
    store::Clear(conn);
    int64_t done = 0;
    int64_t after = 0;
    for (;;) {
        auto page = store::Sources(conn, after, 500);
        if (page.empty()) break;
        for (const auto& s : page)
            store::Put(conn, s.id,
                       FieldsOf(conn.engine(), s.type_name, s.title, s.symbol, s.issuer_name, s.signer, s.body), true);
        after = page.back().id;
        done += static_cast<int64_t>(page.size());
    }
    store::Optimize(conn);
    tx.Commit();
    return done;
}

Result<std::vector<Hit>> Search(db::Connection& conn, const auth::Scope& scope, std::string_view query, int limit) {
    if (!scope.signed_in()) return Error::Forbidden();
    if (!text::IsValidUtf8(query)) return Error::InvalidField("q", "invalid_utf8", "field.invalid_utf8");
    query = text::Trim(query);
    if (query.empty()) return Error::InvalidField("q", "required", "field.required");
    if (text::Utf8Length(query) > kMaxQueryLength) return Error::InvalidField("q", "too_long", "field.too_long");
    const Query q = ParseQuery(query);
    std::vector<Hit> hits;
    if (q.empty()) return hits;

    limit = std::clamp(limit, 1, kMaxLimit);
    // One read transaction: the tiers, the documents and their bodies come from one snapshot.
    db::Transaction tx(conn, false);
    store::PlanForParameters(conn);
    // Documents with every word in the title or label first (tier 1); the others only when those are fewer
    // than asked for.
    struct Ranked {
        int64_t id;
        double rank;
    };
    std::vector<Ranked> ranked;
    std::vector<int64_t> ids;
    for (const auto& r : store::Match(conn, scope, q, true, {}, kRankWindow, limit)) {
        ranked.push_back({r.id, 1 + r.score});
        ids.push_back(r.id);
    }
    if (static_cast<int>(ranked.size()) < limit) {
        // Match has read `ids` (the first tier, excluded) before the loop appends to it.
        for (const auto& r :
             store::Match(conn, scope, q, false, ids, kRankWindow, limit - static_cast<int>(ranked.size()))) {
            ranked.push_back({r.id, r.score});
            ids.push_back(r.id);
        }
    }
    std::unordered_map<int64_t, Document> docs;
    for (auto& d : document::store::GetMany(conn, scope, ids)) docs.emplace(d.id, std::move(d));
    std::unordered_map<int64_t, std::string> bodies;
    for (auto& [id, body] : store::Bodies(conn, scope, ids, kSnippetChars)) bodies.emplace(id, std::move(body));
    for (const auto& r : ranked) {
        auto d = docs.find(r.id);
        if (d == docs.end()) continue;
        Hit h;
        h.document = std::move(d->second);
        h.title = Highlight(h.document.title, q);
        h.snippet = Snippet(bodies[r.id], q);
        h.title_html = ToHtml(h.title);
        h.snippet_html = ToHtml(h.snippet);
        h.rank = r.rank;
        hits.push_back(std::move(h));
    }
    tx.Commit();
    return hits;
}

}  // namespace dv::document::search
