// Unit tests of document distribution on both engines: sending (a subtree, a list, units that had it
// already, who may send, drafts, dates), recording a unit's study (each bad field named, nothing half
// written, audit rows with before and after, members counted as of the day), the roll-up's exact
// numbers relative to a given today, and scope (each caller sees only their units' rows).
#include "document/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "audit/audit.h"
#include "document/distribution_store.h"
#include "document/service.h"
#include "member/service.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::document::distribution {
namespace {

using auth::Grant;
using auth::Role;
using auth::Scope;

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
    return out;
}

class DistributionTest : public ::testing::TestWithParam<std::string> {
protected:
    // R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell, 3 members)
    //           │                            └─ A2 (attached cell, 2 members)
    //           └─ B1 (grassroots cell, 4 members)
    void SetUp() override {
        auto t = testing::MakeSmallTree(conn(), now_, today_);
        root_ = t.root;
        a_ = t.a;
        a1_ = t.a1;
        a2_ = t.a2;
        b1_ = t.b1;
        for (int i = 0; i < 3; ++i) AddMember(a1_, "2010-01-01");
        for (int i = 0; i < 2; ++i) AddMember(a2_, "2010-01-01");
        for (int i = 0; i < 4; ++i) AddMember(b1_, "2010-01-01");
        plan_ = MakeDocument(root_, "12-KH/ĐUK", "issued");
    }
    db::Connection& conn() { return db_.conn(); }

    int64_t AddMember(int64_t org, const std::string& admitted) {
        member::Member m;
        m.full_name = "Nguyễn Văn ";  // a serial in letters: names have no digits
        for (char d : std::to_string(++serial_)) m.full_name += static_cast<char>('A' + (d - '0'));
        m.gender = "male";
        m.birth_date = "1980-02-03";
        m.admitted_on = admitted;
        m.status = member::Status::kProbationary;
        m.org_id = org;
        return member::Create(conn(), Scope::System(), m, {}, now_, today_).value().id;
    }
    int64_t MakeDocument(int64_t owner, const std::string& symbol, const std::string& status) {
        document::Input in;
        in.type_code = "plan";
        in.symbol = symbol;
        in.issued_on = status == "issued" ? "2025-04-20" : "";
        in.title = "Kế hoạch học tập, quán triệt Chỉ thị số 05-CT/TW";
        in.owner_org_id = owner;
        in.status = status;
        auto d = document::Create(conn(), Scope::System(), in, {}, now_);
        EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
        return d.value().id;
    }
    static Scope As(Role role, int64_t org, int64_t user = 7) {
        return Scope(user, "u" + std::to_string(user), {Grant{1, user, role, org, ""}});
    }
    Result<SendResult> SendList(int64_t doc, std::vector<int64_t> ids, const Scope& scope = Scope::System(),
                                const std::string& sent_on = "2025-05-01", const std::string& deadline = "2025-05-31") {
        SendInput in;
        in.mode = "list";
        in.org_ids = std::move(ids);
        in.sent_on = sent_on;
        in.deadline = deadline;
        return Send(conn(), scope, doc, in, {}, now_, today_);
    }
    Result<SendResult> SendSubtree(int64_t doc, int64_t root, const std::string& reach = "all",
                                   const Scope& scope = Scope::System()) {
        SendInput in;
        in.mode = "subtree";
        in.root_id = root;
        in.reach = reach;
        in.sent_on = "2025-05-01";
        in.deadline = "2025-05-31";
        return Send(conn(), scope, doc, in, {}, now_, today_);
    }
    Result<Recipient> Study(int64_t doc, int64_t org, const std::string& on, int64_t attendees,
                            const std::string& form = "cell_meeting", const Scope& scope = Scope::System()) {
        RecordInput in;
        in.studied_on = on;
        in.study_form = form;
        in.attendees = attendees;
        return Record(conn(), scope, doc, org, in, {}, now_, today_);
    }
    Result<Recipient> Receive(int64_t doc, int64_t org, const std::string& on) {
        RecordInput in;
        in.received_on = on;
        return Record(conn(), Scope::System(), doc, org, in, {}, now_, today_);
    }
    int64_t Audits(const char* action) {
        return conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = ?", {std::string(action)})->Int(0);
    }
    int64_t Count(const char* table) { return conn().QueryOne(std::string("SELECT COUNT(*) FROM ") + table)->Int(0); }
    std::vector<int64_t> Sorted(std::vector<int64_t> v) {
        std::sort(v.begin(), v.end());
        return v;
    }
    const RollupNode* Node(const std::vector<RollupNode>& nodes, int64_t id) {
        auto it = std::find_if(nodes.begin(), nodes.end(), [&](const RollupNode& n) { return n.org.id == id; });
        return it == nodes.end() ? nullptr : &*it;
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2025-06-30";
    int64_t root_ = 0, a_ = 0, a1_ = 0, a2_ = 0, b1_ = 0, plan_ = 0;
    int serial_ = 0;
};

TEST_P(DistributionTest, ASubtreeSendingReachesThePartyUnitsBelowTheRoot) {
    auto r = SendSubtree(plan_, root_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    // The bloc itself (level 1) owns the plan and does not study it; every grassroots unit and cell does.
    EXPECT_EQ(Sorted(r->added), Sorted({a_, a1_, a2_, b1_}));
    EXPECT_TRUE(r->already.empty());
    EXPECT_GT(r->distribution.id, 0);
    EXPECT_EQ(Count("document_recipients"), 4);
    auto row =
        conn().QueryOne("SELECT entity_id, org_id, after_json FROM audit_log WHERE action = 'distribution.send'");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->Int(0), r->distribution.id);
    EXPECT_EQ(row->Int(1), root_);
    auto after = boost::json::parse(row->Text(2)).as_object();
    EXPECT_EQ(after.at("recipients").as_array().size(), 4u);
    EXPECT_EQ(after.at("deadline").as_string(), "2025-05-31");

    // Only the grassroots level: the committee A and the cell B1, not A's own cells.
    int64_t other = MakeDocument(root_, "13-KH/ĐUK", "issued");
    auto g = SendSubtree(other, root_, "grassroots");
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(Sorted(g->added), Sorted({a_, b1_}));
    // A subtree below the root: A and its cells.
    int64_t third = MakeDocument(root_, "14-KH/ĐUK", "issued");
    EXPECT_EQ(Sorted(SendSubtree(third, a_)->added), Sorted({a_, a1_, a2_}));
}

TEST_P(DistributionTest, AUnitThatHadTheDocumentKeepsItsFirstRow) {
    auto first = SendList(plan_, {a1_, b1_});
    ASSERT_TRUE(first.ok());
    auto second = SendSubtree(plan_, root_);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(Sorted(second->added), Sorted({a_, a2_}));
    EXPECT_EQ(Sorted(second->already), Sorted({a1_, b1_}));
    EXPECT_EQ(store::GetAny(conn(), plan_, a1_)->distribution_id, first->distribution.id);
    EXPECT_EQ(store::GetAny(conn(), plan_, a2_)->distribution_id, second->distribution.id);
    // Nothing new: no error, no sending recorded, no audit row; a unit listed twice counts once.
    auto again = SendList(plan_, {a1_, a1_});
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->added.empty());
    EXPECT_EQ(again->already, std::vector<int64_t>{a1_});
    EXPECT_EQ(again->distribution.id, 0);
    EXPECT_EQ(Count("document_distributions"), 2);
    EXPECT_EQ(Count("document_recipients"), 4);
    EXPECT_EQ(Audits("distribution.send"), 2);
}

TEST_P(DistributionTest, OnlyTheOwnerUnitSendsAndOnlyToUnitsItManages) {
    Scope secretary = As(Role::kSecretary, a_);
    // The bloc's plan is not visible to A's secretary until it reaches A.
    EXPECT_TRUE(SendList(plan_, {a1_}, secretary).error().IsNotFound());
    ASSERT_TRUE(SendList(plan_, {a_}).ok());
    auto not_owner = SendList(plan_, {a1_}, secretary);
    EXPECT_TRUE(not_owner.error().IsForbidden());
    EXPECT_EQ(not_owner.error().message, "error.distribution_not_owner");
    // A's own plan goes down to A's cells, not to B1, not back to A itself.
    int64_t own = MakeDocument(a_, "03-KH/ĐU", "issued");
    EXPECT_EQ(Fields(SendList(own, {a1_, b1_}, secretary).error()), std::vector<std::string>{"org_ids:not_writable"});
    EXPECT_EQ(Fields(SendList(own, {a_}, secretary).error()), std::vector<std::string>{"org_ids:is_owner"});
    auto ok = SendList(own, {a1_, a2_}, secretary);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->added.size(), 2u);
    // Roles without write permission never send.
    EXPECT_TRUE(SendList(own, {a1_}, As(Role::kInspector, root_)).error().IsForbidden());
    EXPECT_TRUE(SendList(own, {a1_}, As(Role::kMember, a1_)).error().IsForbidden());
    // A subtree root outside the caller's units.
    SendInput in;
    in.mode = "subtree";
    in.root_id = b1_;
    in.deadline = "2025-07-30";
    EXPECT_EQ(Fields(Send(conn(), secretary, own, in, {}, now_, today_).error()),
              std::vector<std::string>{"root_id:not_writable"});
    EXPECT_EQ(Count("document_recipients"), 3);
}

TEST_P(DistributionTest, ADraftIsNotSent) {
    int64_t draft = MakeDocument(root_, "", "draft");
    auto r = SendSubtree(draft, root_);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsConflict());
    EXPECT_EQ(r.error().message, "error.distribution_not_issued");
    EXPECT_EQ(Count("document_distributions"), 0);
}

TEST_P(DistributionTest, SendingDatesAndChoicesAreChecked) {
    EXPECT_EQ(Fields(SendList(plan_, {a1_}, Scope::System(), "2025-05-01", "2025-04-30").error()),
              std::vector<std::string>{"deadline:before_sent"});
    // Sent the day it is due: allowed.
    EXPECT_TRUE(SendList(plan_, {a1_}, Scope::System(), "2025-05-01", "2025-05-01").ok());
    EXPECT_EQ(Fields(SendList(plan_, {a2_}, Scope::System(), "2025-07-01", "2025-07-31").error()),
              std::vector<std::string>{"sent_on:in_future"});
    EXPECT_EQ(Fields(SendList(plan_, {a2_}, Scope::System(), "2025-04-19", "2025-05-31").error()),
              std::vector<std::string>{"sent_on:before_issued"});
    EXPECT_EQ(Fields(SendList(plan_, {}, Scope::System(), "2025-05-01", "").error()),
              (std::vector<std::string>{"deadline:required", "org_ids:required"}));
    SendInput in;
    in.mode = "tree";
    in.deadline = "31/5/2025";
    EXPECT_EQ(Fields(Send(conn(), Scope::System(), plan_, in, {}, now_, today_).error()),
              (std::vector<std::string>{"mode:invalid_choice", "deadline:invalid_date"}));
    in.mode = "subtree";
    in.reach = "everyone";
    in.deadline = "2025-07-31";
    EXPECT_EQ(Fields(Send(conn(), Scope::System(), plan_, in, {}, now_, today_).error()),
              (std::vector<std::string>{"reach:invalid_choice", "root_id:required"}));
    EXPECT_EQ(Count("document_recipients"), 1);
}

TEST_P(DistributionTest, RecordingNamesEachBadFieldAndWritesNothingThen) {
    ASSERT_TRUE(SendSubtree(plan_, root_).ok());
    RecordInput bad;
    bad.studied_on = "2025-07-02";  // after today
    bad.study_form = "webinar";
    bad.attendees = -1;
    auto r = Record(conn(), Scope::System(), plan_, a1_, bad, {}, now_, today_);
    ASSERT_TRUE(r.error().IsInvalid());
    EXPECT_EQ(Fields(r.error()),
              (std::vector<std::string>{"studied_on:in_future", "study_form:invalid_choice", "attendees:negative"}));
    EXPECT_EQ(Fields(Study(plan_, a1_, "2025-05-10", 4).error()),
              std::vector<std::string>{"attendees:more_than_members"});
    EXPECT_EQ(Fields(Study(plan_, a1_, "2025-04-30", 3).error()), std::vector<std::string>{"studied_on:before_sent"});
    EXPECT_EQ(Fields(Study(plan_, a1_, "2025-05-10", 3, "").error()), std::vector<std::string>{"study_form:required"});
    RecordInput missing;
    missing.study_form = "conference";
    EXPECT_EQ(Fields(Record(conn(), Scope::System(), plan_, a1_, missing, {}, now_, today_).error()),
              std::vector<std::string>{"studied_on:required"});
    EXPECT_EQ(Fields(Record(conn(), Scope::System(), plan_, a1_, {}, {}, now_, today_).error()),
              std::vector<std::string>{"received_on:required"});
    RecordInput order;
    order.received_on = "2025-05-12";
    order.studied_on = "2025-05-11";
    order.study_form = "cell_meeting";
    order.attendees = 2;
    EXPECT_EQ(Fields(Record(conn(), Scope::System(), plan_, a1_, order, {}, now_, today_).error()),
              std::vector<std::string>{"received_on:after_studied"});
    // Not a recipient, or no such unit: not found.
    int64_t other = MakeDocument(root_, "13-KH/ĐUK", "issued");
    EXPECT_TRUE(Study(other, a1_, "2025-05-10", 3).error().IsNotFound());
    EXPECT_TRUE(Study(plan_, 999999, "2025-05-10", 3).error().IsNotFound());
    // Nothing was written by any of these.
    auto row = store::GetAny(conn(), plan_, a1_);
    EXPECT_TRUE(row->received_on.empty());
    EXPECT_TRUE(row->studied_on.empty());
    EXPECT_FALSE(row->attendees);
    EXPECT_EQ(row->recorded_at, 0);
    EXPECT_EQ(Audits("distribution.record"), 0);
}

TEST_P(DistributionTest, ARecordCountsTheMembersOfThatDayAndChangesAreAudited) {
    ASSERT_TRUE(SendSubtree(plan_, root_).ok());
    // A member who joined A1 after the study does not count on that day.
    AddMember(a1_, "2025-06-01");
    auto first = Study(plan_, a_, "2025-05-20", 5, "conference");
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->members_total, 5);
    EXPECT_EQ(first->received_on, "2025-05-20");  // a unit that studied it had received it
    EXPECT_EQ(first->study_form, StudyForm::kConference);
    // Corrected later to the day after the newcomer arrived: six members then.
    auto changed = Study(plan_, a_, "2025-06-02", 6, "conference");
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_EQ(changed->members_total, 6);
    EXPECT_EQ(changed->received_on, "2025-06-02");
    ASSERT_EQ(Audits("distribution.record"), 2);
    auto last = conn().QueryOne(
        "SELECT before_json, after_json, org_id, entity_type FROM audit_log WHERE action = 'distribution.record' "
        "ORDER BY id DESC");
    auto before = boost::json::parse(last->Text(0)).as_object();
    auto after = boost::json::parse(last->Text(1)).as_object();
    EXPECT_EQ(before.at("studied_on").as_string(), "2025-05-20");
    EXPECT_EQ(before.at("attendees").as_int64(), 5);
    EXPECT_EQ(after.at("studied_on").as_string(), "2025-06-02");
    EXPECT_EQ(after.at("members_total").as_int64(), 6);
    EXPECT_EQ(last->Int(2), a_);
    EXPECT_EQ(last->Text(3), "document_recipient");
    // Receipt only, by the cell's secretary.
    RecordInput in;
    in.received_on = "2025-05-03";
    auto got = Record(conn(), As(Role::kSecretary, a1_), plan_, a1_, in, {}, now_, today_);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->received_on, "2025-05-03");
    EXPECT_TRUE(got->studied_on.empty());
    EXPECT_EQ(StatusOf(*got, "2025-05-31"), Status::kReceived);
    EXPECT_EQ(StatusOf(*got, "2025-06-01"), Status::kOverdue);
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(DistributionTest, TheRollUpCountsEachUnitAndEachMemberOnceRelativeToToday) {
    ASSERT_TRUE(SendSubtree(plan_, root_).ok());                        // A, A1, A2, B1; deadline 2025-05-31
    ASSERT_TRUE(Study(plan_, a1_, "2025-05-20", 3).ok());               // on time, 3 of 3
    ASSERT_TRUE(Study(plan_, a2_, "2025-06-05", 1).ok());               // late, 1 of 2
    ASSERT_TRUE(Study(plan_, a_, "2025-05-25", 2, "conference").ok());  // on time, 2 of 5
    ASSERT_TRUE(Receive(plan_, b1_, "2025-05-10").ok());                // received only

    auto r = RollupOf(conn(), Scope::System(), plan_, "2025-06-10");
    ASSERT_TRUE(r.ok());
    const auto& nodes = r->nodes;
    ASSERT_EQ(nodes.size(), 5u);  // R (no recipient, above them), A, A1, A2, B1
    EXPECT_EQ(nodes[0].org.id, root_);
    EXPECT_FALSE(nodes[0].recipient);
    EXPECT_EQ(Node(nodes, a1_)->status, Status::kOnTime);
    EXPECT_EQ(Node(nodes, a2_)->status, Status::kLate);
    EXPECT_EQ(Node(nodes, a_)->status, Status::kOnTime);
    EXPECT_EQ(Node(nodes, b1_)->status, Status::kOverdue);
    // A: its conference reached 2 of its 5 members, its cells 3 + 1: members are counted once, at A,
    // and A reached what the larger of the two says.
    const Totals& ta = Node(nodes, a_)->totals;
    EXPECT_EQ(ta.recipients, 3);
    EXPECT_EQ(ta.on_time, 2);
    EXPECT_EQ(ta.studied_late, 1);
    EXPECT_EQ(ta.late(), 1);
    EXPECT_EQ(ta.members_total, 5);
    EXPECT_EQ(ta.members_reached, 4);
    const Totals& tr = nodes[0].totals;
    EXPECT_EQ(tr.recipients, 4);
    EXPECT_EQ(tr.studied(), 3);
    EXPECT_EQ(tr.overdue, 1);
    EXPECT_EQ(tr.late(), 2);
    EXPECT_EQ(tr.members_total, 9);  // A's 5 and B1's 4 (today's, B1 has not studied)
    EXPECT_EQ(tr.members_reached, 4);
    EXPECT_EQ(r->overall.members_total, 9);
    EXPECT_EQ(r->overall.recipients, 4);
    EXPECT_EQ(Percent(tr.members_reached, tr.members_total), "44%");
    ASSERT_EQ(r->distributions.size(), 1u);
    EXPECT_EQ(r->distributions[0].units, 4);

    // Before the deadline nobody is late yet: B1 has received it and still has time.
    auto early = RollupOf(conn(), Scope::System(), plan_, "2025-05-31");
    EXPECT_EQ(Node(early->nodes, b1_)->status, Status::kReceived);
    EXPECT_EQ(early->overall.overdue, 0);
    EXPECT_EQ(early->overall.received, 1);
    EXPECT_EQ(early->overall.late(), 1);  // A2 studied after its deadline, whatever today is
}

TEST_P(DistributionTest, EachCallerSeesOnlyTheirUnitsRows) {
    ASSERT_TRUE(SendSubtree(plan_, root_).ok());
    ASSERT_TRUE(Study(plan_, a1_, "2025-05-20", 3).ok());
    Scope secretary = As(Role::kSecretary, a_);
    auto r = RollupOf(conn(), secretary, plan_, today_);
    ASSERT_TRUE(r.ok());
    std::vector<int64_t> ids;
    for (const auto& n : r->nodes) ids.push_back(n.org.id);
    EXPECT_EQ(Sorted(ids), Sorted({a_, a1_, a2_}));
    EXPECT_EQ(r->overall.recipients, 3);
    EXPECT_EQ(r->overall.members_total, 5);
    auto list = StudyList(conn(), secretary, {});
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->total, 3);
    // Not studied first.
    EXPECT_EQ(list->rows.back().org_id, a1_);
    EXPECT_EQ(list->rows.front().document_label, "Kế hoạch 12-KH/ĐUK");
    EXPECT_TRUE(GetRecipient(conn(), secretary, plan_, b1_).error().IsNotFound());
    EXPECT_TRUE(Study(plan_, b1_, "2025-05-20", 4, "cell_meeting", secretary).error().IsNotFound());
    EXPECT_TRUE(Study(plan_, a2_, "2025-05-20", 2, "cell_meeting", As(Role::kSecretary, a1_)).error().IsNotFound());

    // A member of A1 sees their cell's row and the committee's above it, no roll-up.
    Scope member = As(Role::kMember, a1_, 8);
    EXPECT_TRUE(RollupOf(conn(), member, plan_, today_).error().IsForbidden());
    auto own = OwnUnits(conn(), member, plan_);
    ASSERT_TRUE(own.ok());
    ASSERT_EQ(own->size(), 2u);
    EXPECT_EQ((*own)[0].org_id, a1_);
    EXPECT_EQ((*own)[1].org_id, a_);
    EXPECT_TRUE(GetRecipient(conn(), member, plan_, a1_).ok());
    EXPECT_TRUE(GetRecipient(conn(), member, plan_, a2_).error().IsNotFound());
    auto mine = StudyList(conn(), member, {});
    EXPECT_EQ(mine->total, 2);
    EXPECT_TRUE(Study(plan_, a1_, "2025-05-21", 3, "cell_meeting", member).error().IsForbidden());
    // Only not yet studied.
    StudyFilter open;
    open.open_only = true;
    EXPECT_EQ(StudyList(conn(), member, open)->total, 1);
    // Outside every unit: the document is not there at all.
    EXPECT_TRUE(OwnUnits(conn(), As(Role::kMember, 999999), plan_).error().IsNotFound());
}

INSTANTIATE_TEST_SUITE_P(Engines, DistributionTest, ::testing::ValuesIn(testing::Engines()));

// The roll-up as a pure function: units above and below each other, and shares for display.
TEST(DistributionRollup, MembersAreCountedOnceAtTheHighestRecipient) {
    auto node = [](int64_t id, std::optional<int64_t> parent, int depth, int64_t total) {
        org::TreeNode n;
        n.org.id = id;
        n.org.parent_id = parent;
        n.org.depth = depth;
        n.total = total;
        return n;
    };
    // 1 ─ 2 ─┬─ 3 (10 members)
    //        └─ 4 (6 members)
    //   └ 5 ─ 6 (8 members; 5 itself not a recipient)
    std::vector<org::TreeNode> tree = {node(1, std::nullopt, 0, 24),
                                       node(2, 1, 1, 16),
                                       node(3, 2, 2, 10),
                                       node(4, 2, 2, 6),
                                       node(5, 1, 1, 8),
                                       node(6, 5, 2, 8)};
    auto rec = [](int64_t org, const std::string& studied, std::optional<int64_t> att, std::optional<int64_t> total) {
        Recipient r;
        r.org_id = org;
        r.deadline = "2025-05-31";
        r.studied_on = studied;
        r.attendees = att;
        r.members_total = total;
        return r;
    };
    // 2 held a conference for 12 of its 16; its cells reached 9 + 5 = 14 in their own meetings: 14.
    std::vector<Recipient> rs = {rec(2, "2025-05-10", 12, 16), rec(3, "2025-05-11", 9, 10), rec(4, "2025-06-02", 5, 6),
                                 rec(6, "", std::nullopt, std::nullopt)};
    auto nodes = BuildRollup(tree, rs, "2025-06-15");
    ASSERT_EQ(nodes.size(), 6u);
    EXPECT_EQ(nodes[1].totals.members_total, 16);
    EXPECT_EQ(nodes[1].totals.members_reached, 14);
    EXPECT_EQ(nodes[4].totals.members_total, 8);  // 5 passes up what 6 holds
    EXPECT_EQ(nodes[4].totals.members_reached, 0);
    EXPECT_EQ(nodes[0].totals.members_total, 24);
    EXPECT_EQ(nodes[0].totals.members_reached, 14);
    EXPECT_EQ(nodes[0].totals.recipients, 4);
    EXPECT_EQ(nodes[0].totals.on_time, 2);
    EXPECT_EQ(nodes[0].totals.studied_late, 1);
    EXPECT_EQ(nodes[0].totals.overdue, 1);
    auto overall = Overall(nodes);
    EXPECT_EQ(overall.members_reached, 14);
    EXPECT_EQ(overall.members_total, 24);
    // A conference that reached more than the cells did counts, never beyond the members.
    rs[0].attendees = 16;
    EXPECT_EQ(BuildRollup(tree, rs, "2025-06-15")[1].totals.members_reached, 16);
    // A unit with no recipient at or under it is left out.
    rs.pop_back();
    EXPECT_EQ(BuildRollup(tree, rs, "2025-06-15").size(), 4u);
}

TEST(DistributionRollup, SharesAreRoundedForDisplayOnly) {
    EXPECT_EQ(Percent(4, 9), "44%");
    EXPECT_EQ(Percent(1, 2), "50%");
    EXPECT_EQ(Percent(999, 1000), "99%");  // not everyone: never 100%
    EXPECT_EQ(Percent(1, 1000), "1%");     // someone: never 0%
    EXPECT_EQ(Percent(0, 7), "0%");
    EXPECT_EQ(Percent(7, 7), "100%");
    EXPECT_EQ(Percent(0, 0), "");
}

// /study's summary: every figure equals the number of units its list shows, overall and per
// grassroots organization, and each unit is named with its parent.
TEST(DistributionSummary, EveryFigureEqualsTheListBehindIt) {
    auto node = [](int64_t id, std::optional<int64_t> parent, int depth, const char* type, const char* name) {
        org::TreeNode n;
        n.org.id = id;
        n.org.parent_id = parent;
        n.org.depth = depth;
        n.org.type_code = type;
        n.org.name = name;
        n.total = 5;
        return n;
    };
    // Bloc 1 ─┬─ grassroots 2 ─┬─ cell 3 "Chi bộ 1"
    //         │                └─ cell 4 "Chi bộ 2"
    //         └─ grassroots 5 ─── cell 6 "Chi bộ 1" (same name, other parent)
    std::vector<org::TreeNode> tree = {node(1, std::nullopt, 0, "bloc", "Đảng bộ Khối"),
                                       node(2, 1, 1, "grassroots_committee", "Đảng bộ Sở Y tế"),
                                       node(3, 2, 2, "cell", "Chi bộ 1"),
                                       node(4, 2, 2, "cell", "Chi bộ 2"),
                                       node(5, 1, 1, "grassroots_committee", "Đảng bộ Sở Tài chính"),
                                       node(6, 5, 2, "cell", "Chi bộ 1")};
    auto rec = [](int64_t org, const std::string& received, const std::string& studied) {
        Recipient r;
        r.org_id = org;
        r.deadline = "2025-05-31";
        r.received_on = received;
        r.studied_on = studied;
        if (!studied.empty()) {
            r.attendees = 4;
            r.members_total = 5;
        }
        return r;
    };
    std::vector<Recipient> rs = {rec(3, "2025-05-01", "2025-05-10"), rec(4, "2025-05-02", ""),
                                 rec(6, "", "2025-06-03"), rec(5, "", "")};
    Document d;
    d.id = 7;
    auto s = Summarize(d, tree, {"grassroots_committee"}, rs, "2025-06-15");
    ASSERT_EQ(s.units.size(), 4u);
    ASSERT_EQ(s.groups.size(), 2u);
    EXPECT_EQ(s.deadline, "2025-05-31");
    auto count = [&](UnitFilter f, std::optional<int64_t> group) {
        int64_t n = 0;
        for (const auto& u : s.units)
            if ((!group || u.group_id == *group) && Matches(f, u.recipient, u.status)) ++n;
        return n;
    };
    auto check = [&](const Figures& fig, std::optional<int64_t> group) {
        EXPECT_EQ(fig.totals.recipients, count(UnitFilter::kAll, group));
        EXPECT_EQ(fig.received, count(UnitFilter::kReceived, group));
        EXPECT_EQ(fig.totals.studied(), count(UnitFilter::kStudied, group));
        EXPECT_EQ(fig.totals.late(), count(UnitFilter::kLate, group));
        EXPECT_EQ(fig.totals.overdue, count(UnitFilter::kOverdue, group));
    };
    check(s.figures, std::nullopt);
    for (const auto& g : s.groups) check(g.figures, g.org.id);
    EXPECT_EQ(s.figures.totals.recipients, 4);
    EXPECT_EQ(s.figures.received, 3);  // 3 and 4 acknowledged; 6 studied, which implies it
    EXPECT_EQ(s.figures.totals.studied(), 2);
    EXPECT_EQ(s.figures.totals.late(), 3);  // 6 studied late; 4 and 5 overdue
    EXPECT_EQ(s.groups[0].org.id, 2);
    EXPECT_EQ(s.groups[0].figures.totals.recipients, 2);
    EXPECT_EQ(s.groups[1].figures.totals.recipients, 2);  // 5 itself and its cell 6
    // Two cells called "Chi bộ 1" are told apart by their parents.
    EXPECT_EQ(s.units[0].recipient.org_id, 3);
    EXPECT_EQ(s.units[0].parent_name, "Đảng bộ Sở Y tế");
    EXPECT_EQ(s.units[3].recipient.org_id, 6);
    EXPECT_EQ(s.units[3].parent_name, "Đảng bộ Sở Tài chính");
    EXPECT_EQ(ParseUnitFilter("late"), UnitFilter::kLate);
    EXPECT_EQ(ParseUnitFilter(""), UnitFilter::kAll);
    EXPECT_FALSE(ParseUnitFilter("bogus"));
}

}  // namespace
}  // namespace dv::document::distribution
