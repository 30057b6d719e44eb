// vn_text: Vietnamese text handling with ICU: normalization, search folding, names and collation.
#pragma once

#include <string>
#include <string_view>

// All functions take and return UTF-8 and are thread-safe: each thread creates its own ICU collator
// (collators are not), and the ICU normalizers are immutable singletons. Callers validate UTF-8
// (text::IsValidUtf8); ill-formed input does not crash, each bad sequence becomes U+FFFD.
// Failures inside ICU (missing data, out of memory) throw std::runtime_error.
namespace dv::vn {

// NFC of the text, after replacing the look-alike letters people type for Đ/đ: U+00D0 Ð and U+0189 Ɖ
// become U+0110 Đ, U+00F0 ð becomes U+0111 đ. The form names and titles are stored in.
std::string Nfc(std::string_view utf8);

// The search form: no diacritics, đ/Đ as d, full Unicode lower case, NFC, runs of Unicode white space
// as one space, trimmed. "  Nguyễn Văn ĐỨC " -> "nguyen van duc". Removes every non-spacing mark, so
// it is meant for Latin script (other scripts lose vowel signs).
std::string Fold(std::string_view utf8);

// A Vietnamese full name: family name first, given name last. Each part is in Nfc form; middle
// holds the words in between joined by one space, and may be empty. A one-word name has only given.
struct NameParts {
    std::string family, middle, given;
};
NameParts SplitName(std::string_view full_name);

// Bytes that order full names the Vietnamese way under memcmp / std::string::operator<: by given
// name, then family name, then middle names, each by Vietnamese collation (Anh < Ánh < Bình < Dũng
// < Đức < Hà; accent- and case-aware). Contains 0x00 bytes: store it as a BLOB, or use the hex form.
std::string NameSortKey(std::string_view full_name);
// Lower-case hex of NameSortKey: orders the same under byte comparison (in SQL, COLLATE "C").
std::string NameSortKeyHex(std::string_view full_name);

// ICU Vietnamese ("vi") sort key of any text (titles, unit names), look-alikes mapped as in Nfc.
// Ends with its only 0x00 byte. Keys are only comparable when made by the same ICU version.
std::string CollationKey(std::string_view utf8);

// Vietnamese collation order of two texts: < 0, 0 or > 0; agrees with comparing CollationKeys.
int Compare(std::string_view a, std::string_view b);

}  // namespace dv::vn
