// refs: a hand-written scanner over code points (no regex: the patterns need Vietnamese letters,
// look-behind for the type word and a date after, and must stay linear on any input).
#include "document/refs.h"

#include <array>
#include <cstdio>
#include <optional>

#include "core/text.h"
#include "core/time.h"
#include "core/vn_text.h"

namespace dv::document {

namespace {

using Text = std::u32string;

Text Decode(std::string_view s) {
    Text out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        char32_t cp = c;
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (n > 1) cp = c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

std::string Encode(const Text& t, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to && i < t.size(); ++i) {
        char32_t c = t[i];
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

bool Digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool Upper(char32_t c) { return (c >= U'A' && c <= U'Z') || c == U'Đ'; }
bool Lower(char32_t c) { return (c >= U'a' && c <= U'z') || c == U'đ'; }
// Any letter, Vietnamese ones included (Latin-1 Supplement to Latin Extended Additional).
bool Letter(char32_t c) { return Upper(c) || Lower(c) || (c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF); }
bool Space(char32_t c) { return c == U' ' || c == U'\t' || c == 0xA0; }
bool Dash(char32_t c) { return c == U'-' || c == 0x2010 || c == 0x2011 || c == 0x2013; }

bool LineBreak(char32_t c) { return c == U'\n' || c == U'\r'; }

// A part of a symbol as it is stored: without the spaces and line breaks a page put inside it, every
// hyphen look-alike as "-".
std::string EncodeSymbol(const Text& t, size_t from, size_t to) {
    Text compact;
    for (size_t i = from; i < to && i < t.size(); ++i) {
        if (Space(t[i]) || LineBreak(t[i])) continue;
        compact.push_back(Dash(t[i]) ? U'-' : t[i]);
    }
    return Encode(compact, 0, compact.size());
}

size_t SkipSpaces(const Text& t, size_t i) {
    while (i < t.size() && Space(t[i])) ++i;
    return i;
}

// Text copied from a PDF or an e-mail breaks lines anywhere a space may stand, and at a hyphen: a gap
// is spaces with at most one line break ("\n", "\r\n" or "\r"). An empty line ends a paragraph, and
// nothing is read across it.
size_t SkipGap(const Text& t, size_t i) {
    i = SkipSpaces(t, i);
    if (i < t.size() && t[i] == U'\r') ++i;
    if (i < t.size() && t[i] == U'\n' && (i == 0 || t[i - 1] != U'\n')) ++i;
    return SkipSpaces(t, i);
}

// Inside a state symbol ("719/QĐ-TTg") no space is typed, but a page may still break after a hyphen.
size_t SkipLineBreak(const Text& t, size_t i) {
    size_t k = SkipSpaces(t, i);
    return k < t.size() && LineBreak(t[k]) ? SkipGap(t, i) : i;
}

// Whether `w` (lower case, or its upper-case twin `upper`, letter by letter) stands at `k` as a whole
// word: "ngày", "Ngày", "NGÀY".
bool WordAt(const Text& t, size_t k, std::u32string_view w, std::u32string_view upper) {
    if (k + w.size() > t.size()) return false;
    for (size_t q = 0; q < w.size(); ++q)
        if (t[k + q] != w[q] && t[k + q] != upper[q]) return false;
    return k + w.size() == t.size() || !Letter(t[k + w.size()]);
}

// A lower-case word that lost its space after a symbol ("70-TB/TWngày 06 tháng 01 năm 2012"): only
// the few words that follow a document number in running text, so "05-CT/TWxyz" stays no reference.
bool GluedWord(const Text& t, size_t k) {
    for (std::u32string_view w : {U"ngày", U"của", U"về", U"và"})
        if (WordAt(t, k, w, w)) return true;
    return false;
}

// Where an issuer code ends: at a boundary, or where a glued word starts.
bool IssuerEnds(const Text& t, size_t k) {
    return k >= t.size() || (!Letter(t[k]) && !Digit(t[k])) || (Lower(t[k]) && GluedWord(t, k));
}

struct TypeWord {
    const char* folded;  // vn::Fold of the word
    const char* code;
    const char* name;
};
constexpr std::array<TypeWord, 21> kTypeWords = {{
    {"nghi quyet", "resolution", "Nghị quyết"}, {"chi thi", "directive", "Chỉ thị"},
    {"quy dinh", "regulation", "Quy định"},     {"quyet dinh", "decision", "Quyết định"},
    {"ket luan", "conclusion", "Kết luận"},     {"huong dan", "guidance", "Hướng dẫn"},
    {"ke hoach", "plan", "Kế hoạch"},           {"bao cao", "report", "Báo cáo"},
    {"thong bao", "notice", "Thông báo"},       {"cong van", "letter", "Công văn"},
    {"to trinh", "submission", "Tờ trình"},     {"quy che", "rules", "Quy chế"},
    {"chuong trinh", "program", "Chương trình"}, {"thong tri", "instruction", "Thông tri"},
    {"bien ban", "minutes", "Biên bản"},        {"nghi dinh", "decree", "Nghị định"},
    {"thong tu", "circular", "Thông tư"},       {"luat", "law", "Luật"},
    {"thong tu lien tich", "circular", "Thông tư"}, {"nghi quyet lien tich", "resolution", "Nghị quyết"},
    {"thong bao ket luan", "notice", "Thông báo"},
}};

const TypeWord* WordByCode(std::string_view code) {
    for (const auto& w : kTypeWords)
        if (code == w.code) return &w;
    return nullptr;
}

// The type an abbreviation names on its own; "" where the word must decide (party QĐ).
std::string_view TypeOfAbbreviation(std::string_view abbr, bool party) {
    struct Abbr {
        const char* abbr;
        const char* party;
        const char* state;
    };
    static constexpr std::array<Abbr, 19> kAbbr = {{
        {"NQ", "resolution", "resolution"}, {"CT", "directive", "directive"}, {"KL", "conclusion", ""},
        {"QĐ", "", "decision"},             {"QĐi", "regulation", ""},        {"QC", "rules", "rules"},
        {"BC", "report", "report"},         {"TTr", "submission", "submission"}, {"TB", "notice", "notice"},
        {"HD", "guidance", "guidance"},     {"CTr", "program", "program"},    {"TT", "instruction", "circular"},
        {"BB", "minutes", "minutes"},       {"CV", "letter", "letter"},       {"KH", "plan", "plan"},
        {"NĐ", "", "decree"},               {"ĐA", "", ""},
        {"TTLT", "", "circular"},           {"NQLT", "", "resolution"},
    }};
    for (const auto& a : kAbbr)
        if (abbr == a.abbr) return party ? a.party : a.state;
    return "";
}

bool KnownAbbreviation(std::string_view abbr, bool party) {
    for (const char* a : {"NQ", "CT", "KL", "QĐ", "QĐi", "QC", "BC", "TTr", "TB", "HD", "CTr", "TT", "BB", "CV", "KH",
                          "ĐA", "NĐ", "QH", "TTLT", "NQLT"}) {
        if (abbr != a) continue;
        if (party && (abbr == "NĐ" || abbr == "QH" || abbr == "TTLT" || abbr == "NQLT")) return false;
        if (!party && (abbr == "QĐi" || abbr == "KL")) return false;
        return true;
    }
    return false;
}

// A type abbreviation: capitals, with the lower-case tails the conventions use (QĐi, TTr, CTr).
size_t ReadAbbreviation(const Text& t, size_t i) {
    size_t j = i;
    while (j < t.size() && Upper(t[j]) && j - i < 4) ++j;
    if (j == i) return i;
    if (j < t.size() && (t[j] == U'i' || t[j] == U'r') && (j + 1 >= t.size() || !Letter(t[j + 1]))) ++j;
    return j;
}

// The abbreviation as the conventions spell it: "QĐI" typed in capitals is the Central Committee's
// "QĐi".
std::string CanonicalAbbreviation(std::string abbr) { return abbr == "QĐI" ? "QĐi" : abbr; }

// Issuer codes that are not all capitals: only these known shapes of the state format ("TTg", the
// Prime Minister), so that "Việt" or "Năm" after a slash or hyphen are never taken for an issuer.
constexpr std::array<std::u32string_view, 1> kMixedIssuers = {U"TTg"};

// An issuing body: capitals and digits ("ĐUK", "BTCTW", "QH14") or a known mixed-case code ("TTg"),
// in a state symbol; bodies of a joint document joined by "-" ("TW-CP", "TTLT-BTC-BTP"), a line break
// allowed after the hyphen. A hyphen followed by a word ("TW-Kế hoạch") ends the issuer before it.
size_t ReadIssuer(const Text& t, size_t i, bool state) {
    size_t j = i;  // the end of the issuer read so far
    size_t s = i;  // the start of the body being read
    for (;;) {
        size_t k = s;
        while (k < t.size() && (Upper(t[k]) || Digit(t[k])) && k - s < 12) ++k;
        if (k == s || !Upper(t[s])) return j;
        for (auto mixed : kMixedIssuers) {
            if (state && mixed.size() > k - s && t.size() - s >= mixed.size() &&
                std::u32string_view(t).substr(s, mixed.size()) == mixed && IssuerEnds(t, s + mixed.size()))
                k = s + mixed.size();
        }
        if (s != i && !IssuerEnds(t, k) && !Dash(t[k])) return j;
        j = k;
        if (j < t.size() && Dash(t[j])) {
            size_t next = SkipLineBreak(t, j + 1);
            if (next < t.size() && Upper(t[next])) {
                s = next;
                continue;
            }
        }
        return j;
    }
}

// "ngày 21-3-2016", "(21/3/2016)", ", ngày 12 tháng 4 năm 2022" right after a symbol ending at `i`.
// Returns the ISO date and moves `end` past it.
std::string DateAfter(const Text& t, size_t i, size_t& end) {
    size_t k = SkipGap(t, i);
    if (k < t.size() && t[k] == U',') k = SkipGap(t, k + 1);
    bool paren = k < t.size() && t[k] == U'(';
    if (paren) k = SkipGap(t, k + 1);
    auto word = [&](std::u32string_view w, std::u32string_view upper) { return WordAt(t, k, w, upper); };
    bool ngay = word(U"ngày", U"NGÀY");
    if (ngay) k = SkipGap(t, k + 4);
    if (!ngay && !paren) return "";
    auto number = [&](size_t& p, size_t max_digits) -> int {
        size_t s = p;
        int v = 0;
        while (p < t.size() && Digit(t[p]) && p - s < max_digits) v = v * 10 + static_cast<int>(t[p++] - U'0');
        return p == s ? -1 : v;
    };
    size_t p = k;
    int d = number(p, 2), m = -1, y = -1;
    if (d < 0) return "";
    if (p < t.size() && (Dash(t[p]) || t[p] == U'/' || t[p] == U'.')) {
        char32_t sep = t[p++];
        m = number(p, 2);
        if (m < 0 || p >= t.size() || t[p] != sep) return "";
        ++p;
        y = number(p, 4);
    } else {
        // "12 tháng 4 năm 2022"
        size_t q = SkipGap(t, p);
        k = q;
        if (!word(U"tháng", U"THÁNG")) return "";
        p = SkipGap(t, q + 5);
        m = number(p, 2);
        k = SkipGap(t, p);
        if (m < 0 || !word(U"năm", U"NĂM")) return "";
        p = SkipGap(t, k + 3);
        y = number(p, 4);
    }
    if (y < 1000 || (p < t.size() && Digit(t[p]))) return "";
    char iso[32];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (!time::ParseIsoDate(iso)) return "";
    if (paren) {
        size_t q = SkipGap(t, p);
        if (q < t.size() && t[q] == U')') p = q + 1;
    }
    end = p;
    return iso;
}

// State bodies whose official letters carry "number/BODY-UNIT" (Nghị định 30/2020/NĐ-CP, appendix
// I): a known body is required, so "2/TP-HCM" or "12/ABC-DEF" stay no reference.
constexpr std::array<std::u32string_view, 30> kLetterIssuers = {
    U"UBND", U"HĐND", U"VPCP", U"TTg",   U"BNV",  U"BTC",   U"BYT",     U"BGDĐT",  U"BCA",   U"BQP",
    U"BTP",  U"BCT",  U"BXD",  U"BKHĐT", U"BTNMT", U"BNNPTNT", U"BLĐTBXH", U"BVHTTDL", U"BTTTT", U"BGTVT",
    U"NHNN", U"SNV",  U"STC",  U"SYT",   U"SGDĐT", U"SKHĐT", U"STNMT",   U"SXD",    U"VPUBND", U"VPQH",
};

// Where "BODY-UNIT" of a letter ends when one starts at `p` (a known body, a hyphen, capitals), else p.
size_t LetterIssuerAndUnit(const Text& t, size_t p) {
    size_t end = ReadIssuer(t, p, true);
    if (end == p || !IssuerEnds(t, end)) return p;
    std::u32string_view found(t.data() + p, end - p);
    for (auto body : kLetterIssuers)
        if (found.size() > body.size() + 1 && found.substr(0, body.size()) == body && Dash(found[body.size()]))
            return end;
    return p;
}

// The type word right before the number ("Quy định số 01-…", "Chỉ thị 05-…"), and where it starts.
const TypeWord* WordBefore(const Text& t, size_t number_start, size_t& start) {
    size_t k = number_start;
    // Spaces, colons and at most one line break, backwards (as SkipGap forwards).
    auto back_gap = [&](size_t& at, bool colon) {
        bool broke = false;
        while (at > 0) {
            char32_t c = t[at - 1];
            if (Space(c) || (colon && c == U':')) {
                --at;
            } else if (LineBreak(c) && !broke) {
                broke = true;
                --at;
                if (c == U'\n' && at > 0 && t[at - 1] == U'\r') --at;
            } else {
                break;
            }
        }
    };
    auto back_spaces = [&] { back_gap(k, true); };
    back_spaces();
    // "số" / "Số" / "SỐ" between the word and the number.
    if (k >= 2 && (t[k - 2] == U's' || t[k - 2] == U'S') && (t[k - 1] == U'ố' || t[k - 1] == U'Ố') &&
        (k == 2 || !Letter(t[k - 3]))) {
        k -= 2;
        back_spaces();
    }
    // Up to four words back ("Thông tư liên tịch"), the longest type word that ends here.
    size_t word_end = k;
    const TypeWord* found = nullptr;
    size_t w = k;
    for (int words = 0; words < 4 && w > 0; ++words) {
        size_t e = w;
        while (w > 0 && Letter(t[w - 1])) --w;
        if (w == e) break;
        std::string folded = vn::Fold(Encode(t, w, word_end));
        for (const auto& tw : kTypeWords) {
            if (folded == tw.folded) {
                found = &tw;
                start = w;
            }
        }
        back_gap(w, false);
    }
    return found;
}

}  // namespace

std::vector<Reference> ExtractReferences(std::string_view input) {
    std::vector<Reference> out;
    if (!text::IsValidUtf8(input)) return out;
    const Text t = Decode(vn::Nfc(input));
    for (size_t i = 0; i < t.size(); ++i) {
        if (!Digit(t[i]) || (i > 0 && (Digit(t[i - 1]) || Letter(t[i - 1]) || t[i - 1] == U'/' || Dash(t[i - 1]))))
            continue;
        size_t j = i;
        while (j < t.size() && Digit(t[j]) && j - i < 6) ++j;
        if (j < t.size() && Digit(t[j])) continue;
        Reference r;
        r.number = Encode(t, i, j);
        size_t end = 0;
        size_t k = SkipGap(t, j);
        if (k < t.size() && Dash(t[k])) {
            // Party: 05-CT/TW
            size_t a = SkipGap(t, k + 1);
            size_t a_end = ReadAbbreviation(t, a);
            std::string abbr = CanonicalAbbreviation(Encode(t, a, a_end));
            size_t slash = SkipGap(t, a_end);
            if (a_end == a || slash >= t.size() || t[slash] != U'/' || !KnownAbbreviation(abbr, true)) continue;
            size_t b = SkipGap(t, slash + 1);
            size_t b_end = ReadIssuer(t, b, false);
            if (b_end == b || !IssuerEnds(t, b_end)) continue;
            r.system = "party";
            r.abbreviation = abbr;
            r.issuer_code = EncodeSymbol(t, b, b_end);
            r.symbol = r.number + "-" + abbr + "/" + r.issuer_code;
            end = b_end;
        } else if (size_t slash = SkipSpaces(t, j); slash < t.size() && t[slash] == U'/') {
            // State: 1234/QĐ-UBND, 30/2020/NĐ-CP, 59/2020/QH14, a letter 4512/UBND-VX; a header's
            // number may stand apart from its slash ("Số: 125 /QĐ-SNV", typed into a blank).
            size_t p = slash + 1;
            std::string year;
            if (p + 4 < t.size() && Digit(t[p]) && Digit(t[p + 1]) && Digit(t[p + 2]) && Digit(t[p + 3]) &&
                t[p + 4] == U'/') {
                year = Encode(t, p, p + 4);
                p += 5;
            }
            size_t a_end = ReadAbbreviation(t, p);
            std::string abbr = Encode(t, p, a_end);
            if (a_end == p) continue;
            size_t letter_end = year.empty() ? LetterIssuerAndUnit(t, p) : p;
            if (a_end < t.size() && Dash(t[a_end]) && KnownAbbreviation(abbr, false)) {
                size_t b = SkipLineBreak(t, a_end + 1);
                size_t b_end = ReadIssuer(t, b, true);
                if (b_end == b || !IssuerEnds(t, b_end)) continue;
                r.abbreviation = abbr;
                r.issuer_code = EncodeSymbol(t, b, b_end);
                end = b_end;
            } else if (letter_end > p) {
                // An official letter names no type: the issuer, then the unit that drafted it.
                std::string body = EncodeSymbol(t, p, letter_end);
                r.issuer_code = body.substr(0, body.find('-'));
                r.symbol = r.number + "/" + body;
                r.type_code = "letter";
                end = letter_end;
            } else if (!year.empty() && abbr == "QH") {
                // A law: 59/2020/QH14 (the National Assembly and its term).
                size_t b_end = a_end;
                while (b_end < t.size() && Digit(t[b_end])) ++b_end;
                if (b_end < t.size() && Letter(t[b_end])) continue;
                r.issuer_code = Encode(t, p, b_end);
                r.type_code = "law";
                end = b_end;
            } else {
                continue;
            }
            r.system = "state";
            if (r.symbol.empty())
                r.symbol = r.number + "/" + (year.empty() ? "" : year + "/") +
                           (r.abbreviation.empty() ? r.issuer_code : r.abbreviation + "-" + r.issuer_code);
        } else {
            continue;
        }
        size_t start = i;
        const TypeWord* word = WordBefore(t, i, start);
        if (word) {
            r.type_code = word->code;
        } else if (r.type_code.empty()) {
            r.type_code = std::string(TypeOfAbbreviation(r.abbreviation, r.system == "party"));
        }
        if (const TypeWord* named = WordByCode(r.type_code)) r.type_name = named->name;
        r.date = DateAfter(t, end, end);
        r.start = start;
        r.end = end;
        out.push_back(std::move(r));
        i = end > 0 ? end - 1 : i;
    }
    return out;
}

boost::json::object ToJson(const Reference& r) {
    auto opt = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
    return {{"symbol", r.symbol},
            {"number", r.number},
            {"type_code", opt(r.type_code)},
            {"type_name", opt(r.type_name)},
            {"abbreviation", opt(r.abbreviation)},
            {"issuer_code", r.issuer_code},
            {"system", r.system},
            {"date", opt(r.date)},
            {"start", r.start},
            {"end", r.end}};
}

boost::json::array ToJson(const std::vector<Reference>& refs) {
    boost::json::array out;
    for (const auto& r : refs) out.push_back(ToJson(r));
    return out;
}

}  // namespace dv::document
