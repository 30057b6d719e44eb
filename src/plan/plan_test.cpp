// Unit tests of plans and tasks on both engines: a task's units expanded from a subtree, the grassroots
// under a unit or a list (never the plan's own unit, never one founded after the start); each rule refused
// with its field; standings derived from the day (overdue never stored); the roll-up of assigned, done and
// overdue against counts made here from the rows, on several days; the secretaries notified in the same
// transaction, one notice per task each; a stale update answered 409; scope on reads and writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "auth/service.h"
#include "document/service.h"
#include "notify/notify.h"
#include "org/service.h"
#include "plan/service.h"
#include "rollup/rollup.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::plan {
namespace {

using auth::Grant;
using auth::Role;
using auth::Scope;

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
    return out;
}

class PlanTest : public ::testing::TestWithParam<std::string> {
protected:
    // R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell)
    //           │                            └─ A2 (attached cell)
    //           └─ B1 (grassroots cell)
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, today_);
        plan_ = MakeDocument("86-KH/ĐUK", "issued");
        sec_a_ = AddUser("sec_a", Role::kSecretary, tree_.a);
        sec_b1_ = AddUser("sec_b1", Role::kSecretary, tree_.b1);
        office_ = AddUser("office", Role::kOffice, tree_.root);
    }
    db::Connection& conn() { return db_.conn(); }
    int64_t MakeDocument(const std::string& symbol, const std::string& status, const std::string& type = "plan") {
        document::Input in;
        in.type_code = type;
        in.symbol = symbol;
        in.issued_on = status == "issued" ? "2025-04-20" : "";
        in.title = "Kế hoạch thực hiện Chỉ thị số 05-CT/TW";
        in.owner_org_id = tree_.root;
        in.status = status;
        auto d = document::Create(conn(), Scope::System(), in, {}, now_);
        EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
        return d.value().id;
    }
    int64_t AddUser(const std::string& name, Role role, int64_t org) {
        auth::NewUser u;
        u.username = name;
        u.display_name = name;
        u.password = "Mat-khau-dai-2026";
        u.role = auth::ToString(role);
        u.org_id = org;
        auto r = auth::CreateUser(conn(), Scope::System(), u, {}, now_);
        EXPECT_TRUE(r.ok()) << name;
        return r.value().id;
    }
    static Scope As(Role role, int64_t org, int64_t user) { return Scope(user, "u", {Grant{1, user, role, org, ""}}); }
    Result<Task> Add(NewTask in, const Scope& scope = Scope::System()) {
        if (in.title.empty()) in.title = "Tổ chức học tập chuyên đề năm 2025";
        return AddTask(conn(), scope, plan_, in, {}, now_, today_);
    }
    Result<Task> AddGrassroots(const std::string& start = "2025-05-01", const std::string& due = "2025-06-30") {
        NewTask in;
        in.assign = "grassroots";
        in.under = tree_.root;
        in.start_on = start;
        in.due_on = due;
        return Add(in);
    }
    Result<Updated> Set(int64_t task, int64_t org, const std::string& status, const std::string& done_on = "",
                         const Scope& scope = Scope::System(), std::optional<int64_t> version = std::nullopt) {
        StatusChange c;
        c.status = status;
        c.done_on = done_on;
        c.comment = "Đã triển khai";
        if (!version) {
            auto u = UnitOf(conn(), Scope::System(), task, org);
            version = u.value().unit.version;
        }
        c.version = version;
        return UpdateUnit(conn(), scope, task, org, c, {}, now_, today_);
    }
    std::vector<int64_t> UnitIds(int64_t task) {
        std::vector<int64_t> out;
        for (const auto& u : UnitsOf(conn(), Scope::System(), task).value()) out.push_back(u.org_id);
        std::sort(out.begin(), out.end());
        return out;
    }
    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    testing::SmallTree tree_;
    int64_t plan_ = 0, sec_a_ = 0, sec_b1_ = 0, office_ = 0;
};

TEST_P(PlanTest, UnitsAreExpandedFromTheChoiceNeverThePlansOwnUnit) {
    auto g = AddGrassroots();
    ASSERT_TRUE(g.ok()) << g.error().message;
    std::vector<int64_t> all{tree_.a, tree_.a1, tree_.a2, tree_.b1};
    std::sort(all.begin(), all.end());
    EXPECT_EQ(UnitIds(g.value().id), all);
    EXPECT_EQ(g.value().units, 4);

    NewTask sub;
    sub.assign = "subtree";
    sub.under = tree_.a;
    sub.due_on = "2025-12-31";
    sub.start_on = "2025-05-01";
    auto s = Add(sub);
    ASSERT_TRUE(s.ok());
    std::vector<int64_t> under_a{tree_.a, tree_.a1, tree_.a2};
    std::sort(under_a.begin(), under_a.end());
    EXPECT_EQ(UnitIds(s.value().id), under_a);

    NewTask list;
    list.assign = "list";
    list.org_ids = {tree_.b1, tree_.a1, tree_.b1};
    list.due_on = "2025-12-31";
    list.start_on = "2025-05-01";
    auto l = Add(list);
    ASSERT_TRUE(l.ok());
    std::vector<int64_t> two{tree_.a1, tree_.b1};
    std::sort(two.begin(), two.end());
    EXPECT_EQ(UnitIds(l.value().id), two);

    // A unit founded after the start is not asked: in a subtree it is left out, in a list refused.
    auto late = org::Create(conn(), Scope::System(), {tree_.a, "A3", "A3", "attached_cell", "2025-08-01", ""}, {}, now_,
                            today_);
    ASSERT_TRUE(late.ok());
    auto again = Add(sub);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(UnitIds(again.value().id), under_a);
    list.org_ids = {late.value().id};
    EXPECT_EQ(Fields(Add(list).error()), std::vector<std::string>{"org_ids:founded_later"});
}

TEST_P(PlanTest, EachRuleRefusesWithItsField) {
    NewTask in;
    in.title = " ";
    in.assign = "list";
    in.org_ids = {tree_.root};
    in.start_on = "2025-06-01";
    in.due_on = "2025-05-01";
    EXPECT_EQ(Fields(AddTask(conn(), Scope::System(), plan_, in, {}, now_, today_).error()),
              (std::vector<std::string>{"title:required", "due_on:before_start", "org_ids:not_writable"}));
    in.title = "x";
    in.assign = "everyone";
    in.due_on = "2025-13-01";
    in.start_on = "2025-01-01";  // before the plan was issued
    EXPECT_EQ(Fields(AddTask(conn(), Scope::System(), plan_, in, {}, now_, today_).error()),
              (std::vector<std::string>{"start_on:before_issued", "due_on:invalid_date", "assign:invalid_choice"}));
    in.assign = "subtree";
    in.start_on = "";
    in.due_on = "2027-01-01";
    EXPECT_EQ(Fields(AddTask(conn(), Scope::System(), plan_, in, {}, now_, today_).error()),
              (std::vector<std::string>{"under:required"}));
    // Only the plan's unit assigns (a reader elsewhere: 403; a unit that cannot see the plan: 404); a draft
    // plan assigns nothing; a document that is no plan has no tasks.
    in.under = tree_.a;
    EXPECT_EQ(AddTask(conn(), As(Role::kInspector, tree_.root, 99), plan_, in, {}, now_, today_).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(AddTask(conn(), As(Role::kSecretary, tree_.a, sec_a_), plan_, in, {}, now_, today_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(AddTask(conn(), Scope::System(), MakeDocument("87-KH/ĐUK", "draft"), in, {}, now_, today_).error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(AddTask(conn(), Scope::System(), MakeDocument("12-CT/ĐUK", "issued", "directive"), in, {}, now_, today_)
                  .error()
                  .code,
              ErrorCode::kNotFound);
    // Nothing was written by any of them.
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM plan_tasks")->Int(0), 0);
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM notifications")->Int(0), 0);
}

TEST_P(PlanTest, StandingsFollowTheDayAndTheRollUpAgreesWithTheRows) {
    auto t = AddGrassroots("2025-05-01", "2025-06-30").value();
    ASSERT_TRUE(Set(t.id, tree_.a1, "done", "2025-06-15").ok());  // on time
    ASSERT_TRUE(Set(t.id, tree_.b1, "done", "2025-07-10").ok());  // late
    ASSERT_TRUE(Set(t.id, tree_.a2, "in_progress").ok());          // overdue after the due date
    // A: never touched.
    std::map<int64_t, TaskUnit> rows;
    for (const auto& u : UnitsOf(conn(), Scope::System(), t.id).value()) rows[u.org_id] = u;
    EXPECT_EQ(StandingOf(rows[tree_.a1], t.due_on, "2025-06-20"), Standing::kDoneOnTime);
    EXPECT_EQ(StandingOf(rows[tree_.b1], t.due_on, "2025-06-20"), Standing::kNotStarted);
    EXPECT_EQ(StandingOf(rows[tree_.b1], t.due_on, "2025-07-05"), Standing::kOverdue);
    EXPECT_EQ(StandingOf(rows[tree_.b1], t.due_on, "2025-07-10"), Standing::kDoneLate);
    EXPECT_EQ(StandingOf(rows[tree_.a2], t.due_on, "2025-06-30"), Standing::kInProgress);
    EXPECT_EQ(StandingOf(rows[tree_.a2], t.due_on, "2025-07-01"), Standing::kOverdue);
    EXPECT_EQ(StandingOf(rows[tree_.a], t.due_on, today_), Standing::kOverdue);

    // The roll-up against counts made here from the rows, for each organization and several days.
    std::map<int64_t, std::vector<int64_t>> under{{tree_.root, {tree_.a, tree_.a1, tree_.a2, tree_.b1}},
                                                  {tree_.a, {tree_.a, tree_.a1, tree_.a2}},
                                                  {tree_.a1, {tree_.a1}},
                                                  {tree_.b1, {tree_.b1}}};
    for (const char* day : {"2025-04-30", "2025-05-01", "2025-06-15", "2025-06-30", "2025-07-01", "2025-07-10", "2026-11-27"}) {
        for (const auto& [org, units] : under) {
            int64_t assigned = 0, done = 0, overdue = 0;
            for (int64_t u : units) {
                auto s = StandingOf(rows[u], t.due_on, day);
                if (std::string(day) >= t.start_on) ++assigned;
                if (s == Standing::kDoneOnTime || s == Standing::kDoneLate) ++done;
                if (s == Standing::kOverdue) ++overdue;
            }
            for (auto [metric, expected] : {std::pair{"assigned", assigned}, {"done", done}, {"overdue", overdue}}) {
                EXPECT_EQ(rollup::Figure(conn(), org, TaskMetric(t.id, metric), day), expected) << org << day << metric;
                EXPECT_EQ(rollup::Figure(conn(), org, PlanMetric(plan_, metric), day), expected) << org << day << metric;
                EXPECT_EQ(rollup::Figure(conn(), org, std::string("tasks:") + metric, day), expected);
            }
        }
    }
    // The task's own counts (today, everything in scope) and the secretary of A's view of them.
    auto whole = GetTask(conn(), Scope::System(), plan_, t.id, today_).value();
    EXPECT_EQ(whole.units, 4);
    EXPECT_EQ(whole.done, 2);
    EXPECT_EQ(whole.overdue, 2);
    auto of_a = GetTask(conn(), As(Role::kSecretary, tree_.a, sec_a_), plan_, t.id, today_).value();
    EXPECT_EQ(of_a.units, 3);
    EXPECT_EQ(of_a.done, 1);
    EXPECT_EQ(of_a.overdue, 2);
    EXPECT_EQ(CountOverdue(conn(), As(Role::kSecretary, tree_.b1, sec_b1_), today_), 0);
    EXPECT_EQ(CountOverdue(conn(), Scope::System(), today_), 2);
    // Marked done again later (a correction): the roll-up follows.
    ASSERT_TRUE(Set(t.id, tree_.a, "done", "2025-08-01").ok());
    EXPECT_EQ(rollup::Figure(conn(), tree_.root, TaskMetric(t.id, "overdue"), "2025-08-01"), 1);
    EXPECT_EQ(rollup::Figure(conn(), tree_.root, TaskMetric(t.id, "overdue"), "2025-07-31"), 2);
    auto report = rollup::Verify(conn());
    EXPECT_EQ(report.differences, 0);
}

TEST_P(PlanTest, SecretariesAreNotifiedOncePerTaskInTheSameTransaction) {
    ASSERT_TRUE(AddGrassroots().ok());
    // The secretary of A answers for A, A1 and A2: one notice naming three units; B1's secretary one.
    auto a = notify::List(conn(), As(Role::kSecretary, tree_.a, sec_a_), {});
    ASSERT_EQ(a.items.size(), 1u);
    EXPECT_EQ(a.items[0].kind, "task_assigned_many");
    auto b = notify::List(conn(), As(Role::kSecretary, tree_.b1, sec_b1_), {});
    ASSERT_EQ(b.items.size(), 1u);
    EXPECT_EQ(b.items[0].kind, "task_assigned");
    EXPECT_EQ(b.items[0].href.rfind("/plans/" + std::to_string(plan_) + "/tasks/", 0), 0u);
    // The office at the plan's own unit is not told about its own assignment.
    EXPECT_EQ(notify::List(conn(), As(Role::kOffice, tree_.root, office_), {}).total, 0);
    // The task and its notices are written together, audited once.
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'task.create'")->Int(0), 1);
}

TEST_P(PlanTest, AStaleUpdateIsRefusedAndNothingIsOverwritten) {
    auto t = AddGrassroots().value();
    auto first = UnitOf(conn(), Scope::System(), t.id, tree_.a1).value().unit.version;
    ASSERT_TRUE(Set(t.id, tree_.a1, "in_progress", "", Scope::System(), first).ok());
    auto stale = Set(t.id, tree_.a1, "done", "2025-06-01", Scope::System(), first);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    auto now = UnitOf(conn(), Scope::System(), t.id, tree_.a1).value();
    EXPECT_EQ(now.unit.status, Status::kInProgress);
    EXPECT_EQ(now.updates.size(), 1u);
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'task.update'")->Int(0), 1);
    // Bad input names its field and writes nothing.
    EXPECT_EQ(Fields(Set(t.id, tree_.a1, "finished").error()), std::vector<std::string>{"status:invalid_choice"});
    EXPECT_EQ(Fields(Set(t.id, tree_.a1, "done", "2030-01-01").error()), std::vector<std::string>{"done_on:in_future"});
    EXPECT_EQ(Fields(Set(t.id, tree_.a1, "done", "2025-04-01").error()), std::vector<std::string>{"done_on:before_start"});
    EXPECT_EQ(Fields(Set(t.id, tree_.a1, "in_progress", "2025-06-01").error()),
              std::vector<std::string>{"done_on:not_done"});
    EXPECT_EQ(UnitOf(conn(), Scope::System(), t.id, tree_.a1).value().updates.size(), 1u);
}

TEST_P(PlanTest, EachUnitReadsAndWritesOnlyItsOwn) {
    auto t = AddGrassroots().value();
    auto sec_a = As(Role::kSecretary, tree_.a, sec_a_);
    auto sec_b1 = As(Role::kSecretary, tree_.b1, sec_b1_);
    EXPECT_EQ(UnitsOf(conn(), sec_b1, t.id).value().size(), 1u);
    EXPECT_EQ(UnitOf(conn(), sec_b1, t.id, tree_.a1).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Set(t.id, tree_.a1, "done", "2025-06-01", sec_b1).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Set(t.id, tree_.a1, "done", "2025-06-01", sec_a).ok());
    EXPECT_TRUE(UnitOf(conn(), sec_a, t.id, tree_.a1).value().can_update);
    // An inspector reads and may not write.
    auto inspector = As(Role::kInspector, tree_.root, 99);
    EXPECT_EQ(UnitsOf(conn(), inspector, t.id).value().size(), 4u);
    EXPECT_EQ(Set(t.id, tree_.b1, "done", "2025-06-01", inspector).error().code, ErrorCode::kForbidden);
    // A plain member sees no unit's row.
    auto member = As(Role::kMember, tree_.a1, 98);
    EXPECT_TRUE(UnitsOf(conn(), member, t.id).value().empty());
}

// A deployment that gains the tasks source (or a new version of it) builds that source alone at start-up:
// the members' figures are left as they are (a tampered row stays tampered, so they were not rebuilt) and
// the tasks' figures come out as a full rebuild gives them.
TEST_P(PlanTest, ANewSourceIsBuiltAloneAtStartUp) {
    auto t = AddGrassroots("2025-05-01", "2025-06-30").value();
    ASSERT_TRUE(Set(t.id, tree_.a1, "done", "2025-06-15").ok());
    ASSERT_TRUE(Set(t.id, tree_.b1, "done", "2025-07-10").ok());
    rollup::EnsureBuilt(conn(), now_);  // every source recorded as built
    const int64_t overdue_before = rollup::Figure(conn(), tree_.root, TaskMetric(t.id, "overdue"), "2025-07-05");
    ASSERT_EQ(overdue_before, 3);
    // As if the tasks source had never been built, and a members row had been tampered with.
    conn().Exec("DELETE FROM rollup_deltas WHERE metric LIKE 'task%' OR metric LIKE 'plan.%'");
    conn().Exec("DELETE FROM rollup_totals WHERE metric LIKE 'task%' OR metric LIKE 'plan.%'");
    conn().Exec("DELETE FROM rollup_sources WHERE name = 'tasks'");
    conn().Exec("INSERT INTO rollup_deltas (org_id, metric, day, delta) VALUES (?, 'members', '2020-01-01', 7)", {tree_.root});
    auto tampered = [&] {
        return conn().QueryOne("SELECT COUNT(*) FROM rollup_deltas WHERE org_id = ? AND metric = 'members' AND day = "
                               "'2020-01-01' AND delta = 7",
                               {tree_.root})->Int(0);
    };
    rollup::EnsureBuilt(conn(), now_);
    EXPECT_EQ(rollup::Figure(conn(), tree_.root, TaskMetric(t.id, "overdue"), "2025-07-05"), overdue_before);
    EXPECT_EQ(rollup::Figure(conn(), tree_.root, "tasks:done", today_), 2);
    EXPECT_EQ(tampered(), 1);  // the members source was not rebuilt
    auto report = rollup::Verify(conn());
    ASSERT_GE(report.differences, 1);
    for (const auto& d : report.first) EXPECT_EQ(d.metric, "members");  // nothing of the tasks differs
    // A new version of the tasks source: its rows replaced, nothing doubled.
    const int64_t differences = report.differences;
    conn().Exec("UPDATE rollup_sources SET version = 0 WHERE name = 'tasks'");
    rollup::EnsureBuilt(conn(), now_);
    EXPECT_EQ(rollup::Figure(conn(), tree_.root, TaskMetric(t.id, "assigned"), today_), 4);
    EXPECT_EQ(rollup::Verify(conn()).differences, differences);
    EXPECT_EQ(tampered(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, PlanTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::plan
