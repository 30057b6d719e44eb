// vn_text: ICU-backed normalization, folding, name splitting and Vietnamese collation keys.
#include "core/vn_text.h"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace dv::vn {
namespace {

void Check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) throw std::runtime_error(std::string(what) + ": " + u_errorName(status));
}

const icu::Normalizer2& NfcNormalizer() {
    static const icu::Normalizer2* const instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
        Check(status, "ICU NFC normalizer");
        return n;
    }();
    return *instance;
}

const icu::Normalizer2& NfdNormalizer() {
    static const icu::Normalizer2* const instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
        Check(status, "ICU NFD normalizer");
        return n;
    }();
    return *instance;
}

std::unique_ptr<icu::Collator> MakeVietnameseCollator() {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(icu::Locale("vi"), status));
    Check(status, "ICU vi collator");
    // Without the vi data ICU silently falls back to root, where đ is a d with a secondary mark
    // (Đức would sort among the Dũngs): refuse rather than store wrong keys.
    if (std::string_view(collator->getLocale(ULOC_ACTUAL_LOCALE, status).getName()) != "vi") {
        throw std::runtime_error("ICU has no Vietnamese collation data");
    }
    // The vi tailoring already turns normalization on; say so explicitly because NFD input
    // (macOS file names, some keyboards) must key and compare like NFC.
    collator->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
    Check(status, "ICU collator attribute");
    return collator;
}

// ICU's collation guide says collator instances must not be shared between threads, so each thread
// has its own; createInstance is cheap after the first call because ICU caches the loaded tailoring.
icu::Collator& ThreadCollator() {
    thread_local const std::unique_ptr<icu::Collator> collator = MakeVietnameseCollator();
    return *collator;
}

// All three look-alikes are in the BMP and none takes part in canonical composition, so replacing
// code units before or after normalization gives the same result.
icu::UnicodeString FromUtf8MappingLookAlikes(std::string_view utf8) {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    for (int32_t i = 0; i < text.length(); ++i) {
        switch (text.charAt(i)) {
            case 0x00D0:  // Ð LATIN CAPITAL LETTER ETH
            case 0x0189:  // Ɖ LATIN CAPITAL LETTER AFRICAN D
                text.setCharAt(i, 0x0110);
                break;
            case 0x00F0:  // ð LATIN SMALL LETTER ETH
                text.setCharAt(i, 0x0111);
                break;
            default:
                break;
        }
    }
    return text;
}

icu::UnicodeString NfcText(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = NfcNormalizer().normalize(FromUtf8MappingLookAlikes(utf8), status);
    Check(status, "NFC");
    return text;
}

std::string ToUtf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

// Appends the collation key with its 0x00 terminator.
void AppendSortKey(const icu::UnicodeString& text, std::string& out) {
    const icu::Collator& collator = ThreadCollator();
    size_t start = out.size();
    // Most keys are shorter than this guess; getSortKey reports the full length when they are not.
    size_t guess = 16 + 4 * static_cast<size_t>(text.length());
    out.resize(start + guess);
    int32_t length =
        collator.getSortKey(text, reinterpret_cast<uint8_t*>(out.data() + start), static_cast<int32_t>(guess));
    if (static_cast<size_t>(length) > guess) {
        out.resize(start + length);
        length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(out.data() + start), length);
    }
    if (length <= 0) throw std::runtime_error("ICU getSortKey failed");
    out.resize(start + length);
}

}  // namespace

std::string Nfc(std::string_view utf8) { return ToUtf8(NfcText(utf8)); }

std::string Fold(std::string_view utf8) {
    icu::UnicodeString text = FromUtf8MappingLookAlikes(utf8);
    // Lower case before decomposing: full lower case can add marks (İ -> i + U+0307), which the
    // mark removal below then takes away. The root locale keeps the result independent of the
    // process's default locale (Turkish would map I to dotless ı).
    text.toLower(icu::Locale::getRoot());
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString decomposed = NfdNormalizer().normalize(text, status);
    Check(status, "NFD");

    icu::UnicodeString stripped;
    bool pending_space = false;
    const int32_t length = decomposed.length();
    for (int32_t i = 0; i < length;) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (u_isUWhiteSpace(c)) {
            pending_space = !stripped.isEmpty();
            continue;
        }
        if (pending_space) stripped.append(static_cast<UChar>(u' '));
        pending_space = false;
        // đ has no decomposition (the stroke is part of the letter), so NFD leaves it for us.
        stripped.append(c == 0x0111 ? static_cast<UChar32>(u'd') : c);
    }
    // Recomposes what the marks did not cover, e.g. Hangul syllables that NFD split into jamo.
    icu::UnicodeString folded = NfcNormalizer().normalize(stripped, status);
    Check(status, "NFC");
    return ToUtf8(folded);
}

NameParts SplitName(std::string_view full_name) {
    const icu::UnicodeString text = NfcText(full_name);
    std::vector<icu::UnicodeString> words;
    const int32_t length = text.length();
    int32_t i = 0;
    while (i < length) {
        while (i < length && u_isUWhiteSpace(text.char32At(i))) i += U16_LENGTH(text.char32At(i));
        int32_t start = i;
        while (i < length && !u_isUWhiteSpace(text.char32At(i))) i += U16_LENGTH(text.char32At(i));
        if (i > start) words.emplace_back(text, start, i - start);
    }

    NameParts parts;
    if (words.empty()) return parts;
    parts.given = ToUtf8(words.back());
    if (words.size() == 1) return parts;
    parts.family = ToUtf8(words.front());
    for (size_t w = 1; w + 1 < words.size(); ++w) {
        if (w > 1) parts.middle += ' ';
        words[w].toUTF8String(parts.middle);
    }
    return parts;
}

// Each part's complete ICU key, 0x00 terminator included, concatenated: given, family, middle.
// ICU guarantees the terminator is the only 0x00 in a key (so that keys work with strcmp), hence no
// key is a proper prefix of another: the first byte where two concatenations differ lies in the
// first part whose keys differ and is decided by those two keys alone, and a part that ends sooner
// (An vs Anh, no middle name vs one) sorts first. No separator byte is needed; 0x01 would not be
// one that ICU keeps out of keys, it is ICU's own separator between levels inside every key.
// Whole keys one after the other (rather than ucol_mergeSortkeys, which interleaves the levels)
// make every difference in the given name, accents and case included, outrank the family name.
std::string NameSortKey(std::string_view full_name) {
    const NameParts parts = SplitName(full_name);
    std::string key;
    for (const std::string* part : {&parts.given, &parts.family, &parts.middle}) {
        AppendSortKey(icu::UnicodeString::fromUTF8(*part), key);
    }
    return key;
}

std::string NameSortKeyHex(std::string_view full_name) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::string key = NameSortKey(full_name);
    std::string hex;
    hex.reserve(2 * key.size());
    for (unsigned char byte : key) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0x0F];
    }
    return hex;
}

std::string CollationKey(std::string_view utf8) {
    std::string key;
    AppendSortKey(FromUtf8MappingLookAlikes(utf8), key);
    return key;
}

int Compare(std::string_view a, std::string_view b) {
    UErrorCode status = U_ZERO_ERROR;
    UCollationResult result =
        ThreadCollator().compare(FromUtf8MappingLookAlikes(a), FromUtf8MappingLookAlikes(b), status);
    Check(status, "ICU compare");
    return static_cast<int>(result);
}

}  // namespace dv::vn
