// member model: a party member's record and where they belonged when.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dv::member {

// dự bị / chính thức / chuyển đi / từ trần / ra khỏi Đảng
enum class Status { kProbationary, kOfficial, kTransferredOut, kDeceased, kRemoved };
const char* ToString(Status s);
std::optional<Status> ParseStatus(std::string_view s);
inline bool IsActive(Status s) { return s == Status::kProbationary || s == Status::kOfficial; }

struct Member {
    int64_t id = 0;
    std::string full_name;
    std::string gender;  // "male" | "female"
    std::string birth_date, ethnicity, hometown;
    std::string admitted_on, official_on;  // 'YYYY-MM-DD' or ''
    std::string card_number;               // '' until issued
    std::string party_position, gov_position, citizen_id, phone;
    int64_t org_id = 0;
    std::string org_name;
    Status status = Status::kProbationary;
    std::string status_since;
    int64_t created_at = 0, updated_at = 0;
};

// [from_date, to_date) in one organization.
struct Placement {
    int64_t org_id = 0;
    std::string org_name;  // as the organization was named at from_date
    std::string from_date, to_date;
    std::string reason;  // admitted, transfer_in, transfer, reorganization
    std::string note;
};

struct Filter {
    std::optional<int64_t> org_id;          // this organization's subtree (default: all in scope)
    std::optional<int64_t> id;              // this member only (a plain member's view: their own record)
    std::optional<Status> status;
    std::string q;                          // name, diacritics ignored
    std::string position;                   // party or government position contains (case-insensitive ASCII)
    std::optional<int> age_min, age_max;    // completed years today
    int page = 1;
    int page_size = 50;
};

}  // namespace dv::member
