// commitment model: a member's commitments of a year (bản đăng ký làm theo), their items and the
// self-assessment of each, and the dates of a year.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dv::commitment {

// status: draft -> submitted -> approved, or returned (to change and submit again).
// assessment: none -> submitted -> reviewed, or returned (to assess again).
struct Item {
    int position = 0;
    std::string body;
    std::string result;  // '' until assessed | done | partly | not_done
    std::string note;
};

struct Commitment {
    int64_t id = 0;
    int64_t member_id = 0;
    std::string member_name;
    int year = 0;
    int64_t org_id = 0;
    std::string org_name;
    std::optional<int64_t> theme_id;
    std::string theme_title;
    std::string status = "draft";
    std::string assessment = "none";
    std::string return_note, review_note;
    std::string submitted_on, approved_on, assessed_on, reviewed_on;
    std::string approved_by, reviewed_by;  // display names
    int64_t version = 0;
    int64_t created_at = 0, updated_at = 0;
    std::vector<Item> items;
};

// The dates of a year: members with nothing submitted by register_by are reminded; self-assessment opens
// on assess_from. `set`: the office set them (else the defaults, 31 March and 15 November).
struct YearDates {
    int year = 0;
    std::string register_by, assess_from;
    bool set = false;
};

// A member of a cell and their commitment of the year (the secretary's list).
struct Row {
    int64_t member_id = 0;
    std::string full_name, org_name;
    int64_t org_id = 0;
    std::optional<int64_t> commitment_id;
    std::string status, assessment;  // '' when nothing registered
    int64_t items = 0;
};

// Counts over a subtree (the roll-up source "commitments") beside its members.
struct Counts {
    int64_t org_id = 0;
    std::string org_name;
    int year = 0;
    std::string as_of;
    int64_t members = 0;
    int64_t registered = 0, approved = 0, assessed = 0, reviewed = 0;
    int64_t items = 0, done = 0, partly = 0, not_done = 0;
};

}  // namespace dv::commitment
