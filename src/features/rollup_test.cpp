// Unit tests of the roll-up facility on both engines: a property test of random write sequences
// through the services (member adds with back-dated admissions, transfers, status changes, new
// organizations, moves, merges and splits at random effective dates), checked against plain SQL over
// the raw tables (the tree as of the date from org_versions, placements covering it) for random
// organizations and dates, with the checkpoint of the totals moved between writes and before reads; and
// Verify naming a tampered row and a tampered total.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/rng.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"
#include "rollup/rollup.h"
#include "testing/test_db.h"

namespace dv::rollup {
namespace {

using auth::Scope;

constexpr const char* kToday = "2026-11-27";
constexpr int64_t kNow = 1'780'000'000'000;

// The plain-SQL baseline: who was placed in the subtree of an organization (as the tree stood that
// day) on a date, with what the metrics read. Independent of the facility's own query.
constexpr const char* kPlacedOn = R"(
WITH RECURSIVE sub (id) AS (
    SELECT CAST(? AS BIGINT)
    UNION
    SELECT v.org_id FROM org_versions v JOIN sub ON v.parent_id = sub.id
    WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)
)
SELECT p.org_id, m.gender, m.ethnicity, m.official_on, m.birth_date
FROM member_placements p JOIN members m ON m.id = p.member_id
WHERE p.org_id IN (SELECT id FROM sub) AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date > ?))";

// Completed years on `date` of someone born on `birth`, both 'YYYY-MM-DD'.
int Age(const std::string& birth, const std::string& date) {
    int years = std::stoi(date.substr(0, 4)) - std::stoi(birth.substr(0, 4));
    return date.substr(5) < birth.substr(5) ? years - 1 : years;
}

std::string Band(const std::optional<std::string>& birth, const std::string& date) {
    if (!birth) return "unknown";
    int age = Age(*birth, date);
    if (age <= 30) return "to_30";
    if (age <= 40) return "31_40";
    if (age <= 50) return "41_50";
    if (age <= 60) return "51_60";
    if (age <= 70) return "61_70";
    return "over_70";
}

std::map<std::string, int64_t> Baseline(db::Connection& conn, int64_t org, const std::string& date) {
    std::map<std::string, int64_t> out;
    for (const auto& r : conn.Query(kPlacedOn, {org, date, date, date, date})) {
        ++out["members"];
        if (r.Int(0) == org) ++out["members.here"];
        ++out["gender:" + r.Text(1)];
        ++out["ethnicity:" + r.Text(2)];
        auto official = r.OptText(3);
        ++out[official && *official <= date ? "status:official" : "status:probationary"];
        ++out["age:" + Band(r.OptText(4), date)];
    }
    return out;
}

std::string Day(int64_t days) { return time::FormatIso(time::CivilFromDays(days)); }
int64_t Days(const std::string& iso) { return time::DaysFromCivil(*time::ParseIsoDate(iso)); }

class RollupTest : public ::testing::TestWithParam<std::string> {
protected:
    db::Connection& conn() { return db_.conn(); }

    int64_t MakeOrg(std::optional<int64_t> parent, const std::string& code, const char* type, const std::string& on) {
        auto r = org::Create(conn(), Scope::System(), {parent, code, code, type, on, ""}, {}, kNow, kToday);
        return r.ok() ? r.value().id : 0;
    }
    std::vector<org::Org> Active() { return org::List(conn(), Scope::System()).value(); }
    static bool HoldsMembers(const org::Org& o) {
        return o.type_code == "attached_cell" || o.type_code == "grassroots_cell";
    }
    std::string LastChange(int64_t id) {
        return org::HistoryOf(conn(), Scope::System(), id).value().versions.back().valid_from;
    }

    testing::TestDb db_{GetParam()};
};

TEST_P(RollupTest, RandomWritesAgreeWithPlainSqlForRandomOrganizationsAndDates) {
    Rng rng(20261207);
    int64_t root = MakeOrg(std::nullopt, "R", "bloc", "2016-01-01");
    for (const char* c : {"A", "B"}) {
        int64_t committee = MakeOrg(root, c, "grassroots_committee", "2016-01-01");
        MakeOrg(committee, std::string(c) + "1", "attached_cell", "2016-01-01");
        MakeOrg(committee, std::string(c) + "2", "attached_cell", "2016-01-01");
    }
    MakeOrg(root, "C1", "grassroots_cell", "2016-01-01");

    const int64_t first = Days("2016-01-01"), last = Days(kToday);
    std::vector<int64_t> members;
    std::set<std::string> boundary_days;
    int applied = 0, codes = 0;
    std::string checkpoint;
    const char* kEthnicities[] = {"Kinh", "Tày", "Mường"};
    constexpr int kOperations = 300;
    for (int i = 0; i < kOperations; ++i) {
        // The checkpoint of the totals moves now and then (forward, and once back), so later writes land
        // on both sides of it: dated on or before it (the totals change too) and after.
        if (i % 75 == 50) {
            checkpoint = Day(first + (last - first) * (i + 1) / kOperations - (i == 200 ? 900 : 0));
            Checkpoint(conn(), checkpoint);
            for (int64_t d : {-1, 0, 1}) boundary_days.insert(Day(Days(checkpoint) + d));
        }
        // Member writes dated on the checkpoint day itself now and then (the edge of "on or before").
        auto some_day = [&](int64_t lo) {
            return !checkpoint.empty() && Days(checkpoint) >= lo && rng.Percent(25) ? checkpoint : Day(rng.Between(lo, last));
        };
        // Reorganizations follow a clock that runs from 2016 to today; member writes take any past date,
        // so admissions and transfers land before and after the reorganizations already recorded.
        const int64_t clock = first + (last - first) * (i + 1) / kOperations;
        auto orgs = Active();
        std::vector<org::Org> cells, committees, others;
        for (const auto& o : orgs) {
            if (HoldsMembers(o)) cells.push_back(o);
            else committees.push_back(o);
            if (o.parent_id) others.push_back(o);
        }
        int pick = static_cast<int>(rng.Between(0, 99));
        bool ok = false;
        if (pick < 40 && !cells.empty()) {
            member::Member m;
            m.full_name = "Nguyễn Văn An";
            m.gender = rng.Percent(50) ? "male" : "female";
            int64_t born = Days("1950-01-01") + rng.Between(0, 365 * 55);
            m.birth_date = Day(born - time::CivilFromDays(born).day + rng.Between(1, 28));
            int64_t admitted = std::min(last, Days(m.birth_date) + 365 * 19 + rng.Between(0, 365 * 30));
            admitted = std::max(admitted, first - 3000 + rng.Between(0, last - first + 3000));
            m.admitted_on = Day(std::min(admitted, last));
            if (Days(m.admitted_on) < Days(m.birth_date) + 365 * 19) m.admitted_on = Day(Days(m.birth_date) + 365 * 19);
            if (m.admitted_on > kToday) continue;
            if (rng.Percent(60) && Days(m.admitted_on) + 365 < last) {
                m.official_on = Day(Days(m.admitted_on) + 365 + rng.Between(0, 100));
                if (m.official_on > kToday) m.official_on = kToday;
                m.status = member::Status::kOfficial;
            }
            m.ethnicity = kEthnicities[rng.Between(0, 2)];
            m.org_id = cells[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(cells.size()) - 1))].id;
            auto r = member::Create(conn(), Scope::System(), m, {}, kNow, kToday);
            if (r.ok()) members.push_back(r.value().id);
            ok = r.ok();
        } else if (pick < 60 && !members.empty() && cells.size() > 1) {
            int64_t id = members[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(members.size()) - 1))];
            int64_t to = cells[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(cells.size()) - 1))].id;
            std::string date = some_day(first);
            ok = member::Transfer(conn(), Scope::System(), id, to, date, "", {}, kNow, kToday).ok();
        } else if (pick < 70 && !members.empty()) {
            int64_t id = members[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(members.size()) - 1))];
            auto m = member::Get(conn(), Scope::System(), id).value();
            if (Days(m.admitted_on) >= last) continue;
            member::Patch p;
            std::string date = some_day(Days(m.admitted_on) + 1);
            if (m.status == member::Status::kProbationary && rng.Percent(50)) {
                p.status = "official";
                p.official_on = date;
            } else {
                p.status = rng.Percent(50) ? "deceased" : "transferred_out";
                p.status_since = date;
            }
            ok = member::Update(conn(), Scope::System(), id, p, {}, kNow, kToday).ok();
        } else if (pick < 78) {
            auto& parent = committees[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(committees.size()) - 1))];
            bool cell = rng.Percent(70);
            ok = MakeOrg(parent.id, "N" + std::to_string(++codes), cell ? "attached_cell" : "grassroots_committee",
                         Day(std::max(Days(LastChange(parent.id)), clock - rng.Between(0, 400)))) != 0;
        } else if (!others.empty()) {
            auto& x = others[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(others.size()) - 1))];
            std::string date = Day(std::max(Days(LastChange(x.id)), std::min(last, clock - rng.Between(0, 200))));
            boundary_days.insert(date);
            boundary_days.insert(Day(Days(date) - 1));
            if (pick < 88) {
                auto& p = committees[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(committees.size()) - 1))];
                org::Reorganization r{.kind = "move", .effective_on = date, .parent_id = p.id};
                ok = org::Reorganize(conn(), Scope::System(), x.id, r, {}, kNow, kToday).ok();
            } else if (pick < 94) {
                std::vector<org::Org> same;
                for (const auto& o : others)
                    if (o.id != x.id && HoldsMembers(o) == HoldsMembers(x)) same.push_back(o);
                if (same.empty()) continue;
                auto& into = same[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(same.size()) - 1))];
                org::Reorganization r{.kind = "merge", .effective_on = date, .into_id = into.id};
                ok = org::Reorganize(conn(), Scope::System(), x.id, r, {}, kNow, kToday).ok();
            } else if (HoldsMembers(x)) {
                org::Split s{.effective_on = date, .parts = {}, .decision = ""};
                for (int part = 0; part < 2; ++part)
                    s.parts.push_back({.code = "S" + std::to_string(++codes), .name = "S", .type_code = "", .members = {},
                                       .units = {}});
                auto impact = org::ImpactOf(conn(), Scope::System(), x.id).value();
                for (const auto& m : impact.member_list)
                    if (rng.Percent(50)) s.parts[1].members.push_back(m.id);
                ok = org::SplitOrg(conn(), Scope::System(), x.id, s, {}, kNow, kToday).ok();
            }
        }
        applied += ok ? 1 : 0;
    }
    ASSERT_GT(applied, kOperations / 2);
    ASSERT_GT(members.size(), 60u);

    // Every organization that ever existed, on random days (past, boundaries of reorganizations, the
    // future where age bands still move) against the plain SQL.
    std::vector<int64_t> all;
    for (const auto& r : conn().Query("SELECT id FROM orgs ORDER BY id")) all.push_back(r.Int(0));
    std::vector<std::string> days(boundary_days.begin(), boundary_days.end());
    for (int i = 0; i < 40; ++i) days.push_back(Day(rng.Between(first - 400, Days("2060-01-01"))));
    days.push_back(kToday);
    // Read with the checkpoint where the writes left it, then at today (as after a start-up), then early.
    int checked = 0;
    for (const char* checkpoint : {"", kToday, "2017-06-30"}) {
        if (*checkpoint) Checkpoint(conn(), checkpoint);
        for (int i = 0; i < 200; ++i) {
            int64_t org = all[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(all.size()) - 1))];
            const std::string& day = days[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(days.size()) - 1))];
            auto expected = Baseline(conn(), org, day);
            // The members source's figures (the meetings source's "mtg…" are checked by Verify below).
            auto figures = Figures(conn(), org, day);
            std::erase_if(figures, [](const auto& kv) { return kv.first.rfind("mtg", 0) == 0; });
            ASSERT_EQ(figures, expected) << "org " << org << " on " << day << ", checkpoint "
                                                           << CheckpointDay(conn());
            if (!expected.empty()) ++checked;
            ASSERT_EQ(Figure(conn(), org, "members", day), expected["members"]);
            for (const auto& band : kAgeBands)
                ASSERT_EQ(Figure(conn(), org, "age:" + band, day), expected["age:" + band]) << band;
            auto of = FigureOf(conn(), {org}, "status:official", day);
            ASSERT_EQ(of.contains(org) ? of[org] : 0, expected["status:official"]);
        }
        EXPECT_EQ(Verify(conn()).differences, 0) << "checkpoint " << CheckpointDay(conn());
    }
    EXPECT_GT(checked, 150);
}

TEST_P(RollupTest, VerifyNamesATamperedRowAndRebuildRepairsIt) {
    int64_t root = MakeOrg(std::nullopt, "R", "bloc", "2016-01-01");
    int64_t cell = MakeOrg(root, "C", "grassroots_cell", "2016-01-01");
    member::Member m;
    m.full_name = "Trần Thị Bình";
    m.gender = "female";
    m.birth_date = "1990-03-04";
    m.admitted_on = "2016-05-06";
    m.org_id = cell;
    ASSERT_TRUE(member::Create(conn(), Scope::System(), m, {}, kNow, kToday).ok());
    EXPECT_EQ(Figure(conn(), root, "members", kToday), 1);
    EXPECT_EQ(Figure(conn(), root, "members", "2016-05-05"), 0);
    EXPECT_EQ(Figure(conn(), root, "age:31_40", "2021-03-04"), 1);
    EXPECT_EQ(Figure(conn(), root, "age:to_30", "2021-03-03"), 1);
    EXPECT_EQ(Figure(conn(), root, "members.here", kToday), 0);
    EXPECT_EQ(Figure(conn(), cell, "members.here", kToday), 1);
    auto clean = Verify(conn());
    EXPECT_EQ(clean.differences, 0);
    EXPECT_GT(clean.rows, 5);

    conn().Exec("UPDATE rollup_deltas SET delta = delta + 2 WHERE org_id = ? AND metric = 'members' AND day = ?",
                {root, std::string("2016-05-06")});
    conn().Exec("INSERT INTO rollup_deltas (org_id, metric, day, delta) VALUES (?, 'gender:male', '2020-01-01', 1)", {cell});
    auto bad = Verify(conn());
    ASSERT_EQ(bad.differences, 2);
    EXPECT_EQ(bad.first[0].org_id, root);
    EXPECT_EQ(bad.first[0].metric, "members");
    EXPECT_EQ(bad.first[0].stored, 3);
    EXPECT_EQ(bad.first[0].expected, 1);
    EXPECT_EQ(bad.first[1].metric, "gender:male");
    Rebuild(conn());
    EXPECT_EQ(Verify(conn()).differences, 0);

    // A checkpointed total tampered with reads wrong from the checkpoint on, and verify names it.
    Checkpoint(conn(), kToday);
    EXPECT_EQ(Figure(conn(), root, "members", kToday), 1);
    conn().Exec("UPDATE rollup_totals SET total = total + 5 WHERE org_id = ? AND metric = 'members'", {root});
    EXPECT_EQ(Figure(conn(), root, "members", kToday), 6);
    EXPECT_EQ(Figure(conn(), root, "members", "2020-01-01"), 1);  // before the checkpoint: the changes
    auto total = Verify(conn());
    ASSERT_EQ(total.differences, 1);
    EXPECT_EQ(total.first[0].metric, "members");
    EXPECT_EQ(total.first[0].day, std::string("total to ") + kToday);
    EXPECT_EQ(total.first[0].stored, 6);
    EXPECT_EQ(total.first[0].expected, 1);
    Rebuild(conn());
    EXPECT_EQ(Verify(conn()).differences, 0);
    EXPECT_EQ(Figure(conn(), root, "members", kToday), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, RollupTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::rollup
