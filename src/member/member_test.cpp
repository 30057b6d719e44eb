// Unit tests of member records on both engines: validation, Vietnamese order and search, scope,
// transfers with history, status changes, and members following a merge of their cell.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "audit/audit.h"
#include "member/service.h"
#include "member/store.h"
#include "org/service.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::member {
namespace {

using auth::Scope;

class MemberTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto t = testing::MakeSmallTree(conn(), now_, today_);
        root_ = t.root;
        a_ = t.a;
        a1_ = t.a1;
        a2_ = t.a2;
        b1_ = t.b1;
    }
    db::Connection& conn() { return db_.conn(); }
    Member Sample(const std::string& name, int64_t org, const std::string& card = "") {
        Member m;
        m.full_name = name;
        m.gender = "Nữ";
        m.birth_date = "1980-02-03";
        m.admitted_on = "2005-06-07";
        m.official_on = "2006-06-07";
        m.status = Status::kOfficial;
        m.card_number = card;
        m.org_id = org;
        return m;
    }
    Member Add(const std::string& name, int64_t org, const std::string& card = "") {
        auto r = Create(conn(), Scope::System(), Sample(name, org, card), {}, now_, today_);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message + " " + (r.error().field_errors.empty() ? "" : r.error().field_errors[0].field));
        return r.value();
    }
    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    int64_t root_ = 0, a_ = 0, a1_ = 0, a2_ = 0, b1_ = 0;
};

TEST_P(MemberTest, ValidationNamesEachBadField) {
    Member m;
    m.full_name = "";
    m.gender = "x";
    m.birth_date = "1990-02-30";
    m.admitted_on = "2027-01-01";
    m.card_number = "12ab";
    m.status = Status::kOfficial;
    m.org_id = a1_;
    auto r = Create(conn(), Scope::System(), m, {}, now_, today_);
    ASSERT_FALSE(r.ok());
    std::set<std::string> fields;
    for (const auto& f : r.error().field_errors) fields.insert(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::set<std::string>{"full_name:required", "gender:invalid_choice", "birth_date:invalid_date",
                                             "admitted_on:in_future", "official_on:required", "card_number:format"}));
    Member order = Sample("Lê Văn Tám", a1_);
    order.official_on = "2004-01-01";  // before admission
    EXPECT_EQ(Create(conn(), Scope::System(), order, {}, now_, today_).error().field_errors.at(0).field, "official_on");
}

// What a clerk could type and was accepted (issue [4/12]): each rule names its field, code and message.
TEST_P(MemberTest, EachRuleRefusesWithItsOwnMessage) {
    struct Case {
        const char* what;
        std::function<void(Member&)> change;
        std::string field, code, message;
    };
    const Case cases[] = {
        {"digits in the name", [](Member& m) { m.full_name = "Nguyễn Văn A1"; }, "full_name", "name_chars",
         "field.name_chars"},
        {"a symbol in the name", [](Member& m) { m.full_name = "Lê Thị Hoa (Hồng)"; }, "full_name", "name_chars",
         "field.name_chars"},
        {"a short citizen id", [](Member& m) { m.citizen_id = "12345"; }, "citizen_id", "format",
         "field.citizen_id_format"},
        {"an 11-digit citizen id", [](Member& m) { m.citizen_id = "44080012345"; }, "citizen_id", "format",
         "field.citizen_id_format"},
        {"letters in the phone", [](Member& m) { m.phone = "09-abc"; }, "phone", "format", "field.phone_format"},
        {"a phone without its 0", [](Member& m) { m.phone = "912345678"; }, "phone", "format", "field.phone_format"},
        {"a foreign number", [](Member& m) { m.phone = "+1 202 555 0100"; }, "phone", "format", "field.phone_format"},
        {"born 2012, admitted 2025",
         [](Member& m) {
             m.birth_date = "2012-03-04";
             m.admitted_on = "2025-05-06";
             m.official_on = "";
             m.status = Status::kProbationary;
         },
         "admitted_on", "too_young", "field.admitted_too_young"},
        {"admitted the day before the 18th birthday",
         [](Member& m) {
             m.birth_date = "1990-06-15";
             m.admitted_on = "2008-06-14";
             m.official_on = "2009-06-14";
         },
         "admitted_on", "too_young", "field.admitted_too_young"},
        {"born tomorrow",
         [](Member& m) {
             m.birth_date = "2026-11-28";
             m.admitted_on = "2005-06-07";
         },
         "birth_date", "in_future", "field.birth_in_future"},
        {"admitted tomorrow", [](Member& m) { m.admitted_on = "2026-11-28"; }, "admitted_on", "in_future",
         "field.admitted_in_future"},
        {"official tomorrow", [](Member& m) { m.official_on = "2026-11-28"; }, "official_on", "in_future",
         "field.official_in_future"},
    };
    for (const auto& c : cases) {
        Member m = Sample("Lê Thị Hoa", a1_);
        c.change(m);
        auto r = Create(conn(), Scope::System(), m, {}, now_, today_);
        ASSERT_FALSE(r.ok()) << c.what;
        const auto& errors = r.error().field_errors;
        auto e = std::find_if(errors.begin(), errors.end(), [&](const FieldError& f) { return f.field == c.field; });
        ASSERT_NE(e, errors.end()) << c.what;
        EXPECT_EQ(e->code + ":" + e->message, c.code + ":" + c.message) << c.what;
    }
    // A date that cannot be read is named once, for what it is, not also compared with the others.
    {
        Member m = Sample("Lê Thị Hoa", a1_);
        m.official_on = "1981-02-31";
        auto r = Create(conn(), Scope::System(), m, {}, now_, today_);
        ASSERT_FALSE(r.ok());
        ASSERT_EQ(r.error().field_errors.size(), 1u);
        EXPECT_EQ(r.error().field_errors[0].field + ":" + r.error().field_errors[0].code, "official_on:invalid_date");
    }
    // The same rules for a change (forms and PATCH go through Update).
    auto added = Add("Lê Thị Hoa", a1_);
    Patch p;
    p.phone = "09-abc";
    p.citizen_id = "12345";
    auto r = Update(conn(), Scope::System(), added.id, p, {}, now_, today_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field_errors.size(), 2u);
    EXPECT_EQ(std::count_if(r.error().field_errors.begin(), r.error().field_errors.end(),
                       [](const FieldError& e) { return e.code == "format"; }),
              2);
}

TEST_P(MemberTest, IdentifiersAreStoredAsDigitsAndNamesMayHaveHyphensAndApostrophes) {
    struct Case {
        const char* name;
        const char* citizen_id;
        const char* phone;
        const char* stored_citizen_id;
        const char* stored_phone;
    };
    const Case cases[] = {
        {"H'Hen Niê", "044 080 012 345", "+84 912 345 678", "044080012345", "0912345678"},
        {"Y-Moan Ê Ban", "044080012345", "0912.345.678", "044080012345", "0912345678"},
        {"Hồ Thị Xuân Hương", "183456789", "(0232) 3822 123", "183456789", "02323822123"},
        {"Nguyễn Văn O’Neil", "", "0388-123-456", "", "0388123456"},
    };
    for (const auto& c : cases) {
        Member m = Sample(c.name, a1_);
        m.citizen_id = c.citizen_id;
        m.phone = c.phone;
        auto r = Create(conn(), Scope::System(), m, {}, now_, today_);
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().field_errors.at(0).field;
        EXPECT_EQ(r->citizen_id, c.stored_citizen_id);
        EXPECT_EQ(r->phone, c.stored_phone);
    }
    // Exactly 18 on the admission day is old enough; a 29 February birthday counts from 1 March.
    Member adult = Sample("Lê Văn Mười", a1_);
    adult.birth_date = "1990-06-15";
    adult.admitted_on = "2008-06-15";
    adult.official_on = "2009-06-15";
    EXPECT_TRUE(Create(conn(), Scope::System(), adult, {}, now_, today_).ok());
    Member leap = Sample("Lê Văn Mười Một", a1_);
    leap.birth_date = "1988-02-29";
    leap.admitted_on = "2006-02-28";
    EXPECT_EQ(Create(conn(), Scope::System(), leap, {}, now_, today_).error().field_errors.at(0).code, "too_young");
    leap.admitted_on = "2006-03-01";
    EXPECT_TRUE(Create(conn(), Scope::System(), leap, {}, now_, today_).ok());
    // The rules themselves, as the importer calls them.
    EXPECT_TRUE(ValidCitizenId("044080012345"));
    EXPECT_FALSE(ValidCitizenId("44080012345"));
    EXPECT_EQ(NormalizePhone("912345678"), std::nullopt);
    EXPECT_EQ(NormalizePhone("0912345678"), "0912345678");
    EXPECT_EQ(NormalizePhone("0012345678"), std::nullopt);
    EXPECT_EQ(NormalizePhone("84912345678"), std::nullopt);
}

TEST_P(MemberTest, MembersBelongToCellsAndCardNumbersAreUnique) {
    EXPECT_EQ(Create(conn(), Scope::System(), Sample("Lê Văn Tám", a_), {}, now_, today_).error().field_errors.at(0).code,
              "not_a_cell");
    Add("Lê Văn Tám", a1_, "12345678");
    auto dup = Create(conn(), Scope::System(), Sample("Lê Văn Chín", a2_, "12345678"), {}, now_, today_);
    EXPECT_TRUE(dup.error().IsConflict());
    EXPECT_EQ(dup.error().field_errors.at(0).field, "card_number");
    // The same card written with separators is the same card.
    EXPECT_TRUE(Create(conn(), Scope::System(), Sample("Lê Văn Mười", a2_, "12.345.678"), {}, now_, today_)
                    .error()
                    .IsConflict());
}

// Create's and the import's duplicate-person rule holds on update too (it did not: an edit could make a record
// the namesake of another with the same birth date), in the same words that do not say where the other is.
TEST_P(MemberTest, AnUpdateCannotMakeARecordAnotherPersonWithoutACard) {
    Add("Lê Văn Tám", a1_);
    Member other = Add("Lê Văn Chín", b1_);  // the same birth date (Sample's)
    Patch rename;
    rename.full_name = "LE VAN TAM";  // folded, the same name
    auto r = Update(conn(), Scope::System(), other.id, rename, {}, now_, today_);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsConflict());
    ASSERT_EQ(r.error().field_errors.size(), 1u);
    EXPECT_EQ(r.error().field_errors[0].field, "full_name");
    EXPECT_EQ(r.error().field_errors[0].message, "field.person_taken");
    // Another birth date, or a card number, tells them apart; the record itself is no duplicate of itself.
    Patch with_card = rename;
    with_card.card_number = "7654321";
    EXPECT_TRUE(Update(conn(), Scope::System(), other.id, with_card, {}, now_, today_).ok());
    Patch phone;
    phone.phone = "0912345678";
    EXPECT_TRUE(Update(conn(), Scope::System(), other.id, phone, {}, now_, today_).ok());
    Patch born;
    born.birth_date = "1981-02-03";
    born.card_number = "";
    EXPECT_TRUE(Update(conn(), Scope::System(), other.id, born, {}, now_, today_).ok());
}

// The duplicate-person lookup reads the index on (name_folded, birth_date) (migration 0016), not every member.
TEST_P(MemberTest, ThePersonLookupReadsItsIndex) {
    Add("Lê Văn Tám", a1_);
    std::string plan;
    const db::Params args{std::string("le van tam"), std::string("1980-02-03"), int64_t{0}};
    if (conn().engine() == db::Engine::kSqlite) {
        for (const auto& r : conn().Query(std::string("EXPLAIN QUERY PLAN ") + store::kSelectPerson, args))
            plan += r.Text(3) + "\n";
        EXPECT_NE(plan.find("SEARCH members USING COVERING INDEX members_person"), std::string::npos) << plan;
    } else {
        conn().Exec("SET enable_seqscan = off");  // a few rows: the planner would rightly scan them
        for (const auto& r : conn().Query(std::string("EXPLAIN ") + store::kSelectPerson, args))
            plan += r.Text(0) + "\n";
        conn().Exec("RESET enable_seqscan");
        EXPECT_NE(plan.find("members_person"), std::string::npos) << plan;
    }
    EXPECT_TRUE(store::PersonTaken(conn(), "le van tam", "1980-02-03"));
}

TEST_P(MemberTest, ListsSortByGivenNameAndSearchIgnoresDiacritics) {
    for (const char* n : {"Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Anh", "Phạm Thị Bình", "Hoàng Văn Dũng"}) Add(n, a1_);
    Add("Nguyễn Văn Anh", b1_);
    Filter f;
    f.org_id = a_;
    auto page = List(conn(), Scope::System(), f, today_).value();
    std::vector<std::string> names;
    for (const auto& m : page.members) names.push_back(m.full_name);
    EXPECT_EQ(names, (std::vector<std::string>{"Lê Văn Anh", "Nguyễn Thị Ánh", "Phạm Thị Bình", "Hoàng Văn Dũng",
                                               "Trần Văn Đức"}));
    Filter q;
    q.q = "nguyen van duc";
    EXPECT_EQ(List(conn(), Scope::System(), q, today_).value().total, 0);
    q.q = "TRAN VAN DUC";
    EXPECT_EQ(List(conn(), Scope::System(), q, today_).value().total, 1);
    q.q = "anh";
    EXPECT_EQ(List(conn(), Scope::System(), q, today_).value().total, 3);
    Filter paged;
    paged.page_size = 2;
    paged.page = 3;
    auto p3 = List(conn(), Scope::System(), paged, today_).value();
    EXPECT_EQ(p3.total, 6);
    EXPECT_EQ(p3.members.size(), 2u);
    Filter aged;
    aged.age_min = 46;  // born 1980-02-03: 46 on 2026-11-27
    EXPECT_EQ(List(conn(), Scope::System(), aged, today_).value().total, 6);
    aged.age_min = 47;
    EXPECT_EQ(List(conn(), Scope::System(), aged, today_).value().total, 0);
}

TEST_P(MemberTest, ScopeHidesOtherUnitsMembers) {
    auto in = Add("Lê Văn Tám", a1_);
    auto out = Add("Lê Văn Chín", b1_);
    Scope sec_a(8, "a", {{2, 8, auth::Role::kSecretary, a_, ""}});
    EXPECT_TRUE(Get(conn(), sec_a, in.id).ok());
    EXPECT_TRUE(Get(conn(), sec_a, out.id).error().IsNotFound());
    EXPECT_EQ(List(conn(), sec_a, Filter{}, today_).value().total, 1);
    Patch p;
    p.phone = "0912345678";
    EXPECT_TRUE(Update(conn(), sec_a, out.id, p, {}, now_, today_).error().IsNotFound());
    Scope inspector(7, "i", {{3, 7, auth::Role::kInspector, root_, ""}});
    EXPECT_TRUE(Update(conn(), inspector, in.id, p, {}, now_, today_).error().IsForbidden());
}

// Out of scope reads as absent for every role: a plain member, an inspector, a secretary (issue [4/12]).
TEST_P(MemberTest, OutOfScopeIsNotFoundForEveryRole) {
    auto in = Add("Lê Văn Tám", a1_);
    auto out = Add("Lê Văn Chín", b1_);
    Scope member(9, "dv", {{4, 9, auth::Role::kMember, a1_, ""}});
    EXPECT_TRUE(Get(conn(), member, in.id).error().IsNotFound());
    EXPECT_TRUE(Get(conn(), member, 999999).error().IsNotFound());
    Patch p;
    p.phone = "0912345678";
    EXPECT_TRUE(Update(conn(), member, in.id, p, {}, now_, today_).error().IsNotFound());
    EXPECT_TRUE(Transfer(conn(), member, in.id, a2_, "2025-01-01", "", {}, now_, today_).error().IsNotFound());
    Filter of_cell;
    of_cell.org_id = a1_;
    EXPECT_TRUE(List(conn(), member, of_cell, today_).error().IsNotFound());
    // A member without a linked record finds nobody; searching never lists others.
    EXPECT_EQ(List(conn(), member, Filter{}, today_).value().total, 0);
    Member created = Sample("Lê Văn Mười", a1_);
    EXPECT_TRUE(Create(conn(), member, created, {}, now_, today_).error().IsNotFound());

    Scope inspector(7, "i", {{3, 7, auth::Role::kInspector, a_, ""}});
    EXPECT_TRUE(Update(conn(), inspector, in.id, p, {}, now_, today_).error().IsForbidden());  // sees it
    EXPECT_TRUE(Update(conn(), inspector, out.id, p, {}, now_, today_).error().IsNotFound());
    EXPECT_TRUE(Transfer(conn(), inspector, out.id, a2_, "2025-01-01", "", {}, now_, today_).error().IsNotFound());
    EXPECT_TRUE(Create(conn(), inspector, created, {}, now_, today_).error().IsForbidden());
    created.org_id = b1_;
    EXPECT_TRUE(Create(conn(), inspector, created, {}, now_, today_).error().IsNotFound());
    EXPECT_EQ(ListRoot(conn(), inspector), a_);
    Scope two(6, "o", {{5, 6, auth::Role::kOffice, a1_, ""}, {6, 6, auth::Role::kOffice, root_, ""}});
    EXPECT_EQ(ListRoot(conn(), two), root_);
    EXPECT_EQ(ListRoot(conn(), member), std::nullopt);
}

TEST_P(MemberTest, TransferKeepsHistory) {
    auto m = Add("Lê Văn Tám", a1_);
    ASSERT_TRUE(Transfer(conn(), Scope::System(), m.id, a2_, "2020-03-01", "", {}, now_, today_).ok());
    ASSERT_TRUE(Transfer(conn(), Scope::System(), m.id, b1_, "2023-09-01", "Chuyển công tác", {}, now_, today_).ok());
    auto h = History(conn(), Scope::System(), m.id).value();
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[0].org_id, a1_);
    EXPECT_EQ(h[0].to_date, "2020-03-01");
    EXPECT_EQ(h[2].org_id, b1_);
    EXPECT_EQ(h[2].to_date, "");
    EXPECT_EQ(Get(conn(), Scope::System(), m.id).value().org_id, b1_);
    EXPECT_EQ(Transfer(conn(), Scope::System(), m.id, a1_, "2023-01-01", "", {}, now_, today_).error().field_errors.at(0).code,
              "before_last_change");
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(MemberTest, AMemberFromOutsideTheBlocStartsOnArrival) {
    auto m = Sample("Hồ Thị Lan", a1_);
    auto bad = Create(conn(), Scope::System(), m, {}, now_, today_, Arrival{"2004-01-01", ""});
    ASSERT_TRUE(bad.error().IsInvalid());
    std::vector<std::string> fields;
    for (const auto& f : bad.error().field_errors) fields.push_back(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::vector<std::string>{"arrived_on:before_admitted", "arrived_from:required"}));
    auto r = Create(conn(), Scope::System(), m, {}, now_, today_, Arrival{"2019-09-01", "Đảng bộ Sở Tài chính tỉnh Hà Tĩnh"});
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto h = History(conn(), Scope::System(), r.value().id).value();
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].from_date, "2019-09-01");
    EXPECT_EQ(h[0].reason, "transfer_in");
    EXPECT_EQ(h[0].note, "Đảng bộ Sở Tài chính tỉnh Hà Tĩnh");
    // Leaving the bloc is a status with its date; the membership here ends that day.
    Patch out;
    out.status = "transferred_out";
    out.status_since = "2025-03-01";
    ASSERT_TRUE(Update(conn(), Scope::System(), r.value().id, out, {}, now_, today_).ok());
    EXPECT_EQ(History(conn(), Scope::System(), r.value().id).value().back().to_date, "2025-03-01");
}

TEST_P(MemberTest, StatusChangesEndMembership) {
    auto m = Add("Lê Văn Tám", a1_);
    Patch p;
    p.status = "deceased";
    p.status_since = "2024-05-05";
    auto r = Update(conn(), Scope::System(), m.id, p, {}, now_, today_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(List(conn(), Scope::System(), Filter{}, today_).value().total, 0);  // active members only
    EXPECT_EQ(Transfer(conn(), Scope::System(), m.id, a2_, "2024-06-01", "", {}, now_, today_).error().message,
              "error.member_inactive");
    EXPECT_EQ(History(conn(), Scope::System(), m.id).value().back().to_date, "2024-05-05");
}

TEST_P(MemberTest, MergingACellMovesItsMembers) {
    Add("Lê Văn Tám", a1_);
    Add("Lê Văn Chín", a1_);
    ASSERT_TRUE(org::Reorganize(conn(), Scope::System(), a1_, {"merge", "2025-07-01", "", std::nullopt, "", a2_, ""}, {},
                                now_, today_)
                    .ok());
    Filter f;
    f.org_id = a2_;
    EXPECT_EQ(List(conn(), Scope::System(), f, today_).value().total, 2);
    // A cell with members cannot simply be dissolved.
    auto d = org::Reorganize(conn(), Scope::System(), a2_, {"dissolve", "2025-08-01", "", std::nullopt, "", std::nullopt, ""},
                             {}, now_, today_);
    EXPECT_TRUE(d.error().IsConflict());
}

INSTANTIATE_TEST_SUITE_P(Engines, MemberTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::member
