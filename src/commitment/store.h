// commitment store: the only SQL over commitment_years, commitments, commitment_items and
// commitment_reminders. The service decides who may read what; these reads are unscoped.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "commitment/model.h"
#include "db/db.h"

namespace dv::commitment::store {

std::optional<YearDates> Dates(db::Connection& conn, int year);
void SetDates(db::Connection& conn, const YearDates& d, int64_t user_id, int64_t now);

std::optional<Commitment> Get(db::Connection& conn, int64_t id);
std::optional<Commitment> ForMember(db::Connection& conn, int64_t member_id, int year);
int64_t Insert(db::Connection& conn, const Commitment& c, int64_t now);
// Writes the status fields, org and theme of `c`, raising the version; false when not at `version`.
bool Update(db::Connection& conn, const Commitment& c, int64_t version, int64_t approved_by, int64_t reviewed_by,
            int64_t now);
void ReplaceItems(db::Connection& conn, int64_t id, const std::vector<Item>& items);

// The active members of `cells` with their commitment of `year`; show: all | missing | to_approve | to_review.
struct Rows {
    std::vector<Row> rows;
    int64_t total = 0;
};
Rows MembersOf(db::Connection& conn, const std::vector<int64_t>& cells, int year, const std::string& show,
               int64_t limit, int64_t offset);
// How many commitments of `year` in `cells` wait for approval, and how many self-assessments for review.
std::pair<int64_t, int64_t> Pending(db::Connection& conn, const std::vector<int64_t>& cells, int year);
// Commitments of `year` in the subtrees of `roots` (as the tree stands) in the given state, their cells.
std::vector<int64_t> PendingCells(db::Connection& conn, const std::vector<int64_t>& roots, int year);

// Reminders. Each returns (member_id, user_id, cell) not yet reminded of `kind` this year.
// register: active members with an account and nothing submitted or approved for `year`.
std::vector<std::tuple<int64_t, int64_t, int64_t>> NotRegistered(db::Connection& conn, int year);
// assess: approved commitments whose self-assessment is not submitted (members with an account).
std::vector<std::tuple<int64_t, int64_t, int64_t>> NotAssessed(db::Connection& conn, int year);
// approve / review: commitments waiting for the secretary since `before` or earlier (member_id, 0, cell).
std::vector<std::tuple<int64_t, int64_t, int64_t>> Waiting(db::Connection& conn, int year, const std::string& kind,
                                                            const std::string& before);
void MarkReminded(db::Connection& conn, int year, int64_t member_id, const std::string& kind, int64_t now);

// The account of a member (active), if any.
std::optional<int64_t> UserOf(db::Connection& conn, int64_t member_id);

}  // namespace dv::commitment::store
