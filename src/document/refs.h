// refs: Vietnamese document numbers ("số và ký hiệu") found in any text. Party format
// "05-CT/TW", "01-QĐ/ĐUK", "09-HD/BTCTW"; state format "1234/QĐ-UBND", "30/2020/NĐ-CP",
// "59/2020/QH14", joint "100/2014/TTLT-BTC-BTP", the Prime Minister's "719/QĐ-TTg", official letters
// "4512/UBND-VX". Tolerant of typed spacing ("05 - CT/TW", "05- CT/TW"), a line break where a page
// broke the line (one, never an empty line), a word glued after the symbol ("05-CT/TWngày"), "số"
// or not, capitals ("QĐI", "NGÀY"), NFD input and the look-alike letters typed for Đ. The type
// comes from the word before the number ("Quy định số 01-QĐ/ĐUK" is a regulation) and only when
// there is none from the abbreviation; party "QĐ" alone stays undecided. A date right after
// ("ngày 21-3-2016", "(21/3/2016)", "ngày 12 tháng 4 năm 2022") is taken.
// Pure functions, no allocation beyond the results; safe on any bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace dv::document {

struct Reference {
    std::string symbol;       // normalized, NFC, no spaces: "01-QĐ/ĐUK"
    std::string number;       // as written: "01"
    std::string type_code;    // "regulation", "directive", …; "" when undecided
    std::string type_name;    // "Quy định"; "" when undecided
    std::string abbreviation; // the type letters of the symbol: "QĐ"
    std::string issuer_code;  // "ĐUK", "TW", "UBND", "CP"
    std::string system;       // "party" or "state"
    std::string date;         // 'YYYY-MM-DD' when the text gives one right after, else ""
    size_t start = 0, end = 0;  // code-point offsets of the matched text in the NFC-normalized input
};

// Every reference in `text`, in order of appearance. Invalid UTF-8 yields nothing.
std::vector<Reference> ExtractReferences(std::string_view text);

boost::json::object ToJson(const Reference& r);
boost::json::array ToJson(const std::vector<Reference>& refs);

}  // namespace dv::document
