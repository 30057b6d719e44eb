// Unit tests of report templates, rounds and reports. Pure: a form definition refused with each error at
// its place; values that cannot be read refused, rules named (required, bounds, members, sums); numbers of
// a table summed; percentages with one decimal. On both engines: a draft that breaks a rule is saved and
// its submission refused; a stale save answered 409 naming the changed field, nothing written; return
// needs a comment; every submission kept; completeness at three levels and the totals against figures
// computed here from the values the test sent (the highest reporting units only; percentages recomputed
// from sums); scope (a cell reads neither another cell's report nor its round's others; the committee
// above reads and reviews them).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "auth/service.h"
#include "member/service.h"
#include "org/service.h"
#include "report/service.h"
#include "rollup/rollup.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::report {
namespace {

using auth::Grant;
using auth::Role;
using auth::Scope;

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
    return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

constexpr const char* kForm = R"json({
  "sections": [
    {"title": "Học tập", "fields": [
      {"key": "total", "label": "Tổng số", "type": "int", "required": true, "min": 0, "max_members": true},
      {"key": "studied", "label": "Đã học", "type": "int", "required": true, "min": 0},
      {"key": "absent", "label": "Vắng", "type": "int", "min": 0, "max": 1000},
      {"key": "pct", "label": "Tỷ lệ", "type": "percent", "num": "studied", "den": "total"},
      {"key": "plan", "label": "Có kế hoạch", "type": "bool", "required": true},
      {"key": "notes", "label": "Ghi chú", "type": "text"},
      {"key": "models", "label": "Mô hình", "type": "table", "max_rows": 3, "columns": [
        {"key": "name", "label": "Tên", "type": "text"}, {"key": "people", "label": "Số người", "type": "int"}]}
    ]}
  ],
  "sums": [{"total": "total", "parts": ["studied", "absent"]}]
})json";

Form TheForm() { return ParseForm(boost::json::parse(kForm)).value(); }

TEST(ReportForm, ADefinitionIsRefusedWithEachErrorAtItsPlace) {
    auto bad = ParseForm(boost::json::parse(R"json({"sections": [{"title": "", "fields": [
        {"key": "1x", "label": "A", "type": "int"},
        {"key": "a", "label": "A", "type": "int", "min": 5, "max": 1},
        {"key": "a", "label": "", "type": "int"},
        {"key": "p", "label": "P", "type": "percent", "num": "t", "den": "a"},
        {"key": "t", "label": "T", "type": "text"},
        {"key": "g", "label": "G", "type": "table", "columns": []},
        {"key": "h", "label": "H", "type": "nope"}]}],
        "sums": [{"total": "a", "parts": ["a"]}]})json"));
    ASSERT_FALSE(bad.ok());
    auto f = Fields(bad.error());
    for (const char* want : {"sections[0].title:required", "sections[0].fields[0].key:invalid_key",
                             "sections[0].fields[1].max:bounds", "sections[0].fields[2].key:duplicate_key",
                             "sections[0].fields[2].label:required", "sections[0].fields[3].num:not_integer_field",
                             "sections[0].fields[5].columns:required", "sections[0].fields[6].type:invalid_choice",
                             "sums[0].parts:too_few"})
        EXPECT_TRUE(Has(f, want)) << want;
    EXPECT_FALSE(ParseForm(boost::json::parse(R"({"sections": []})")).ok());
    // Bounds as a form sends them: text read as a number, or named.
    auto typed = ParseForm(boost::json::parse(R"json({"sections": [{"title": "T", "fields": [
        {"key": "a", "label": "A", "type": "int", "min": "5", "max": " 10 "},
        {"key": "b", "label": "B", "type": "int", "min": "mười"}]}]})json"));
    ASSERT_FALSE(typed.ok());
    EXPECT_EQ(Fields(typed.error()), std::vector<std::string>{"sections[0].fields[1].min:not_integer"});
    // A good one reads back the same through its JSON.
    auto form = TheForm();
    EXPECT_EQ(boost::json::serialize(ToJson(ParseForm(ToJson(form)).value())), boost::json::serialize(ToJson(form)));
    EXPECT_EQ(KeyFromLabel("Số đảng viên được kết nạp", {}), "so_dang_vien_duoc_ket_nap");
    EXPECT_EQ(KeyFromLabel("Số đảng viên", {"so_dang_vien"}), "so_dang_vien_2");
    EXPECT_EQ(KeyFromLabel("123", {}), "field");
}

TEST(ReportForm, ValuesAreReadAndRulesNamed) {
    auto form = TheForm();
    // What cannot be read is refused whole.
    auto unreadable = ReadValues(form, boost::json::parse(R"({"total": "mười", "plan": "có", "models": [{"people": "x"}]})").as_object());
    ASSERT_FALSE(unreadable.ok());
    auto f = Fields(unreadable.error());
    EXPECT_TRUE(Has(f, "values.total:not_integer"));
    EXPECT_TRUE(Has(f, "values.plan:not_boolean"));
    EXPECT_TRUE(Has(f, "values.models[0].people:not_integer"));
    EXPECT_FALSE(ReadValues(form, boost::json::parse(R"({"models": [{}, {}, {}, {}]})").as_object()).ok());
    // Thousands separators as people type them; blank table rows dropped; unknown keys ignored.
    auto v = ReadValues(form, boost::json::parse(R"({"total": "1.250", "studied": 1200, "absent": "", "plan": "1",
        "models": [{"name": "A", "people": "3"}, {"name": "", "people": ""}, {"name": "B", "people": 4}], "other": 1})").as_object());
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v.value().at("total").as_int64(), 1250);
    EXPECT_FALSE(v.value().contains("absent"));
    EXPECT_FALSE(v.value().contains("other"));
    EXPECT_EQ(v.value().at("models").as_array().size(), 2u);
    // Rules: absent is missing so the sum is not checked yet; total above the members is.
    auto problems = Check(form, v.value(), 1000);
    auto p = Fields(Error::Invalid(problems));
    EXPECT_TRUE(Has(p, "values.total:above_members"));
    EXPECT_FALSE(Has(p, "values.total:sum_mismatch"));
    v.value()["absent"] = 10;
    p = Fields(Error::Invalid(Check(form, v.value(), 2000)));
    EXPECT_TRUE(Has(p, "values.total:sum_mismatch")) << "1250 != 1200 + 10";
    v.value()["absent"] = 50;
    EXPECT_TRUE(Check(form, v.value(), 2000).empty());
    v.value()["absent"] = 5000;
    EXPECT_TRUE(Has(Fields(Error::Invalid(Check(form, v.value(), 9000))), "values.absent:above_max"));
    v.value().erase("plan");
    EXPECT_TRUE(Has(Fields(Error::Invalid(Check(form, v.value(), 9000))), "values.plan:required"));
    // Numbers: whole numbers, yes as 1, table columns summed.
    v.value()["plan"] = true;
    auto n = Numbers(form, v.value());
    EXPECT_EQ(n["total"], 1250);
    EXPECT_EQ(n["plan"], 1);
    EXPECT_EQ(n["models.people"], 7);
    EXPECT_FALSE(n.count("pct"));
    EXPECT_EQ(Percent(1, 3), "33,3 %");
    EXPECT_EQ(Percent(2, 3), "66,7 %");
    EXPECT_EQ(Percent(5, 0), "—");
    EXPECT_EQ(Percent(123456, 1000), "12.345,6 %");
}

class ReportTest : public ::testing::TestWithParam<std::string> {
protected:
    // R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell)
    //           │                            └─ A2 (attached cell)
    //           └─ B1 (grassroots cell)
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, today_);
        // Members: A1 has 30, A2 20, B1 15 on the period's last day (A's subtree 50).
        int serial = 0;
        for (auto [org, n] : {std::pair{tree_.a1, 30}, {tree_.a2, 20}, {tree_.b1, 15}})
            for (int i = 0; i < n; ++i) {
                member::Member m;
                m.full_name = "Nguyễn Văn ";  // a serial in letters: names have no digits
                for (char d : std::to_string(++serial)) m.full_name += static_cast<char>('A' + (d - '0'));
                m.org_id = org;
                m.gender = "male";
                m.birth_date = "1980-02-03";
                m.admitted_on = "2015-01-01";
                m.status = member::Status::kProbationary;
                auto c = member::Create(conn(), Scope::System(), m, {}, now_, today_);
                ASSERT_TRUE(c.ok()) << c.error().message;
            }
        TemplateInput t;
        t.name = "Báo cáo năm";
        t.owner_org_id = tree_.root;
        t.form = boost::json::parse(kForm);
        auto made = CreateTemplate(conn(), Scope::System(), t, {}, now_);
        ASSERT_TRUE(made.ok()) << made.error().message;
        template_ = made.value().id;
        RoundInput r;
        r.template_id = template_;
        r.title = "Báo cáo năm 2025";
        r.period_kind = "year";
        r.period_from = "2025-01-01";
        r.opens_on = "2025-12-01";
        r.due_on = "2025-12-20";
        r.assign = "grassroots";
        r.under = tree_.root;
        auto opened = OpenRound(conn(), Scope::System(), r, {}, now_, "2025-12-01");
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        round_ = opened.value();
    }
    db::Connection& conn() { return db_.conn(); }
    static Scope As(Role role, int64_t org) { return Scope(7, "u", {Grant{1, 7, role, org, ""}}); }
    int64_t Version(int64_t org) { return ReportOf(conn(), Scope::System(), round_.id, org, today_).value().report.version; }
    boost::json::object Values(int64_t total, int64_t studied, int64_t absent, int64_t people) {
        return {{"total", total}, {"studied", studied}, {"absent", absent}, {"plan", true},
                {"models", boost::json::array{{{"name", "M"}, {"people", people}}}}, {"notes", "Ghi chú"}};
    }
    Result<Report> SubmitOn(int64_t org, const boost::json::object& values, const std::string& day,
                            const Scope& scope = Scope::System()) {
        return Submit(conn(), scope, round_.id, org, values, Version(org), {}, now_, day);
    }
    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    testing::SmallTree tree_;
    int64_t template_ = 0;
    Round round_;
};

TEST_P(ReportTest, ADraftBreakingARuleIsSavedAndItsSubmissionRefused) {
    EXPECT_EQ(round_.period_to, "2025-12-31");
    // Above A1's 30 members and not adding up: saved, the problems named.
    auto saved = SaveDraft(conn(), Scope::System(), round_.id, tree_.a1, Values(40, 20, 5, 3), Version(tree_.a1), {}, now_, "2025-12-05");
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    EXPECT_EQ(saved.value().report.status, Status::kDraft);
    auto p = Fields(Error::Invalid(saved.value().problems));
    EXPECT_TRUE(Has(p, "values.total:above_members"));
    auto refused = Submit(conn(), Scope::System(), round_.id, tree_.a1, std::nullopt, Version(tree_.a1), {}, now_, "2025-12-06");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(ReportOf(conn(), Scope::System(), round_.id, tree_.a1, today_).value().report.status, Status::kDraft);
    // Letters in a number: nothing saved.
    const auto before = Version(tree_.a1);
    boost::json::object letters{{"total", "ba mươi"}};
    EXPECT_FALSE(SaveDraft(conn(), Scope::System(), round_.id, tree_.a1, letters, before, {}, now_, "2025-12-06").ok());
    EXPECT_EQ(Version(tree_.a1), before);
    // Two people saving one draft: the later one, at the version it read, gets 409 naming what differs.
    auto first = SaveDraft(conn(), Scope::System(), round_.id, tree_.a1, Values(30, 25, 5, 3), before, {}, now_, "2025-12-07");
    ASSERT_TRUE(first.ok());
    auto second = SaveDraft(conn(), Scope::System(), round_.id, tree_.a1, Values(30, 26, 4, 3), before, {}, now_, "2025-12-07");
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
    auto changed = Fields(second.error());
    EXPECT_TRUE(Has(changed, "values.studied:changed"));
    EXPECT_FALSE(Has(changed, "values.total:changed"));
    EXPECT_EQ(ReportOf(conn(), Scope::System(), round_.id, tree_.a1, today_).value().report.values.at("studied").as_int64(), 25);
}

TEST_P(ReportTest, SubmittedReturnedResubmittedEveryVersionKept) {
    auto sent = SubmitOn(tree_.b1, Values(15, 14, 1, 2), "2025-12-10");
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    // Submitted: not editable.
    auto edit = SaveDraft(conn(), Scope::System(), round_.id, tree_.b1, Values(15, 15, 0, 2), Version(tree_.b1), {}, now_, "2025-12-11");
    ASSERT_FALSE(edit.ok());
    EXPECT_EQ(edit.error().message, "report.error.not_editable");
    // The cell itself may not review its own report; the bloc may; a return needs a comment.
    EXPECT_FALSE(Return(conn(), As(Role::kSecretary, tree_.b1), round_.id, tree_.b1, "x", Version(tree_.b1), {}, now_, "2025-12-12").ok());
    auto no_comment = Return(conn(), As(Role::kOffice, tree_.root), round_.id, tree_.b1, " ", Version(tree_.b1), {}, now_, "2025-12-12");
    ASSERT_FALSE(no_comment.ok());
    EXPECT_TRUE(Has(Fields(no_comment.error()), "comment:required"));
    auto back = Return(conn(), As(Role::kOffice, tree_.root), round_.id, tree_.b1, "Bổ sung mô hình", Version(tree_.b1), {}, now_, "2025-12-12");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().status, Status::kReturned);
    // Fixed after the deadline: accepted as submitted, still on time (the first submission decides).
    auto again = SubmitOn(tree_.b1, Values(15, 15, 0, 5), "2025-12-28", As(Role::kSecretary, tree_.b1));
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again.value().submissions, 2);
    EXPECT_EQ(TimelinessOf(again.value(), round_.due_on, today_), Timeliness::kOnTime);
    auto rec = ReportOf(conn(), Scope::System(), round_.id, tree_.b1, today_).value();
    ASSERT_EQ(rec.events.size(), 3u);
    EXPECT_EQ(rec.events[0].kind, "submit");
    EXPECT_EQ(rec.events[0].seq, 2);
    EXPECT_EQ(rec.events[0].values.at("studied").as_int64(), 15);
    EXPECT_EQ(rec.events[1].kind, "return");
    EXPECT_EQ(rec.events[1].comment, "Bổ sung mô hình");
    EXPECT_EQ(rec.events[2].values.at("studied").as_int64(), 14);
    // The roll-up as of each day follows the submission in force then.
    EXPECT_EQ(TotalsOf(conn(), round_, tree_.root, "2025-12-15")["studied"], 14);
    EXPECT_EQ(TotalsOf(conn(), round_, tree_.root, "2025-12-28")["studied"], 15);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2025-12-15").returned, 1);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2025-12-28").returned, 0);
    auto ok = Accept(conn(), As(Role::kOffice, tree_.root), round_.id, tree_.b1, again.value().version, {}, now_, "2025-12-29");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value().status, Status::kAccepted);
    EXPECT_TRUE(rollup::Verify(conn()).differences == 0);
}

TEST_P(ReportTest, CompletenessAndTotalsAtThreeLevelsMatchTheRows) {
    // A1 on time, A2 late, A on time (holding its cells' figures), B1 missing.
    ASSERT_TRUE(SubmitOn(tree_.a1, Values(30, 28, 2, 4), "2025-12-10").ok());
    ASSERT_TRUE(SubmitOn(tree_.a2, Values(20, 17, 3, 6), "2025-12-22").ok());
    ASSERT_TRUE(SubmitOn(tree_.a, Values(50, 45, 5, 10), "2025-12-18").ok());
    const std::string day = "2026-01-05";
    // Computed here, from what the test sent: expected units per subtree and who sent when.
    struct Row {
        int64_t org;
        std::string sent;  // '' missing
        int64_t total, studied, people;
    };
    std::vector<Row> rows{{tree_.a, "2025-12-18", 50, 45, 10}, {tree_.a1, "2025-12-10", 30, 28, 4},
                          {tree_.a2, "2025-12-22", 20, 17, 6}, {tree_.b1, "", 0, 0, 0}};
    auto under = [&](int64_t top, int64_t org) { return org::IsInSubtree(conn(), top, org); };
    for (int64_t level : {tree_.root, tree_.a, tree_.a1}) {
        int64_t expected = 0, submitted = 0, late = 0, overdue = 0;
        for (const auto& r : rows) {
            if (!under(level, r.org)) continue;
            ++expected;
            if (!r.sent.empty()) ++submitted, late += r.sent > round_.due_on ? 1 : 0;
            else overdue += day > round_.due_on ? 1 : 0;
        }
        auto c = CountsOf(conn(), round_.id, level, day);
        EXPECT_EQ(c.expected, expected) << level;
        EXPECT_EQ(c.submitted, submitted) << level;
        EXPECT_EQ(c.late, late) << level;
        EXPECT_EQ(c.on_time, submitted - late) << level;
        EXPECT_EQ(c.missing, expected - submitted) << level;
        EXPECT_EQ(c.overdue, overdue) << level;
    }
    // Totals: the highest reporting units of each subtree (A holds A1 and A2; A1 its own).
    auto root = TotalsOf(conn(), round_, tree_.root, day);
    EXPECT_EQ(root["total"], 50);
    EXPECT_EQ(root["studied"], 45);
    EXPECT_EQ(root["models.people"], 10);
    EXPECT_EQ(root["plan"], 1);
    EXPECT_EQ(Percent(root["studied"], root["total"]), "90,0 %");
    EXPECT_EQ(TotalsOf(conn(), round_, tree_.a, day)["studied"], 45);
    EXPECT_EQ(TotalsOf(conn(), round_, tree_.a1, day)["studied"], 28);
    // B1 reports: the root's sum is A's and B1's; the percentage is recomputed from the sums (45+14)/(50+15),
    // not the average of 90 % and 93.3 %.
    ASSERT_TRUE(SubmitOn(tree_.b1, Values(15, 14, 1, 2), "2026-01-06").ok());
    root = TotalsOf(conn(), round_, tree_.root, "2026-01-06");
    EXPECT_EQ(root["total"], 65);
    EXPECT_EQ(root["studied"], 59);
    EXPECT_EQ(Percent(root["studied"], root["total"]), "90,8 %");
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2026-01-06").late, 2);
    EXPECT_EQ(rollup::Verify(conn()).differences, 0);
}

TEST_P(ReportTest, ScopeACellReadsItsOwnTheCommitteeAboveReadsAndReviews) {
    ASSERT_TRUE(SubmitOn(tree_.a1, Values(30, 28, 2, 4), "2025-12-10").ok());
    auto a2 = As(Role::kSecretary, tree_.a2);
    EXPECT_EQ(ReportOf(conn(), a2, round_.id, tree_.a1, today_).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(ReportOf(conn(), a2, round_.id, tree_.a2, today_).ok());
    EXPECT_EQ(SaveDraft(conn(), a2, round_.id, tree_.a1, Values(1, 1, 0, 0), 1, {}, now_, "2025-12-11").error().code,
              ErrorCode::kNotFound);
    auto list = Reports(conn(), a2, round_, tree_.a2, "", 1, 20).value();
    ASSERT_EQ(list.total, 1);
    EXPECT_EQ(list.reports[0].org_id, tree_.a2);
    auto committee = As(Role::kSecretary, tree_.a);
    auto rec = ReportOf(conn(), committee, round_.id, tree_.a1, today_);
    ASSERT_TRUE(rec.ok());
    EXPECT_TRUE(rec.value().can_review);
    EXPECT_FALSE(ReportOf(conn(), committee, round_.id, tree_.a, today_).value().can_review);  // its own: the bloc reviews
    EXPECT_EQ(ReportOf(conn(), committee, round_.id, tree_.b1, today_).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Accept(conn(), committee, round_.id, tree_.a1, rec.value().report.version, {}, now_, "2025-12-12").ok());
    // Reminders go to the units still to report, through their secretaries.
    auth::NewUser u{"sec_b1", "sec_b1", "Mat-khau-dai-2026", "secretary", tree_.b1};
    ASSERT_TRUE(auth::CreateUser(conn(), Scope::System(), u, {}, now_).ok());
    auto n = Remind(conn(), Scope::System(), round_.id, {}, std::nullopt, {}, now_, today_);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(n.value(), 3);  // A, A2, B1
    EXPECT_EQ(Remind(conn(), committee, round_.id, {}, std::nullopt, {}, now_, today_).error().code, ErrorCode::kForbidden);
}

TEST_P(ReportTest, AUnitMergedAwayIsCarriedByTheOneThatAbsorbedItOneFoundedLaterIsNotAsked) {
    // A2 merged into B1 mid-round: its row stays; B1's secretary reads, fills and submits it.
    org::Reorganization merge;
    merge.kind = "merge";
    merge.effective_on = "2025-12-05";
    merge.into_id = tree_.b1;
    ASSERT_TRUE(org::Reorganize(conn(), Scope::System(), tree_.a2, merge, {}, now_, today_).ok());
    auto b1 = As(Role::kSecretary, tree_.b1);
    auto rec = ReportOf(conn(), b1, round_.id, tree_.a2, today_);
    ASSERT_TRUE(rec.ok()) << rec.error().message;
    EXPECT_EQ(rec.value().carried_by, tree_.b1);
    EXPECT_TRUE(rec.value().can_edit);
    auto sent = Submit(conn(), b1, round_.id, tree_.a2, Values(0, 0, 0, 0), rec.value().report.version, {}, now_, "2025-12-10");
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2025-12-10").submitted, 1);
    // It counts under A until the merger and under B1 from then on; the bloc's figure does not move.
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.a, "2025-12-04").expected, 3);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.a, "2025-12-05").expected, 2);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.b1, "2025-12-04").expected, 1);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.b1, "2025-12-05").expected, 2);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.b1, "2025-12-10").submitted, 1);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2025-12-04").expected, 4);
    EXPECT_EQ(CountsOf(conn(), round_.id, tree_.root, "2025-12-10").expected, 4);
    EXPECT_EQ(rollup::Verify(conn()).differences, 0);
    // Another cell's secretary still reads nothing of it.
    EXPECT_EQ(ReportOf(conn(), As(Role::kSecretary, tree_.a1), round_.id, tree_.a2, today_).error().code, ErrorCode::kNotFound);

    // A unit founded after a round's opening day is not asked.
    auto late = org::Create(conn(), Scope::System(), {tree_.root, "C1", "C1", "grassroots_cell", "2026-01-10", ""}, {}, now_, today_);
    ASSERT_TRUE(late.ok()) << late.error().message;
    RoundInput r;
    r.template_id = template_;
    r.title = "Báo cáo quý IV năm 2025";
    r.period_kind = "quarter";
    r.period_from = "2025-10-01";
    r.opens_on = "2026-01-05";
    r.due_on = "2026-01-20";
    r.assign = "grassroots";
    r.under = tree_.root;
    auto q4 = OpenRound(conn(), Scope::System(), r, {}, now_, today_);
    ASSERT_TRUE(q4.ok()) << q4.error().message;
    EXPECT_EQ(q4.value().period_to, "2025-12-31");
    std::vector<int64_t> asked;
    for (const auto& rep : Reports(conn(), Scope::System(), q4.value(), tree_.root, "", 1, 50).value().reports) asked.push_back(rep.org_id);
    EXPECT_EQ(std::count(asked.begin(), asked.end(), late.value().id), 0);
    EXPECT_EQ(std::count(asked.begin(), asked.end(), tree_.b1), 1);
    // A quarter must start a quarter.
    r.period_from = "2025-11-01";
    auto bad = OpenRound(conn(), Scope::System(), r, {}, now_, today_);
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(Has(Fields(bad.error()), "period_from:period_start"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::report
