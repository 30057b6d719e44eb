// Unit tests of the synthetic data set on both engines: counts, the closure table, members as the services
// would write them, determinism, card numbers, ids continuing afterwards, and refusal of a non-empty database.
#include "gen/gen.h"

#include <gtest/gtest.h>

#include "core/vn_text.h"
#include "member/service.h"
#include "org/service.h"
#include "testing/test_db.h"

namespace dv::gen {
namespace {

constexpr int64_t kMembers = 3000;
constexpr int64_t kNow = 1'780'000'000'000;

int64_t Count(db::Connection& conn, const char* sql) { return conn.QueryOne(sql)->Int(0); }

class GenTest : public ::testing::TestWithParam<std::string> {
protected:
    Summary Run(testing::TestDb& db, uint64_t seed = 1) {
        auto r = Generate(db.conn(), {kMembers, seed}, audit::Actor{0, "cli", ""}, kNow);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.value();
    }
    // What two data sets must agree on, in id order.
    static std::vector<std::string> Fingerprint(db::Connection& conn) {
        std::vector<std::string> out;
        for (const auto& r : conn.Query("SELECT id, code, name, type_code, parent_id FROM orgs ORDER BY id"))
            out.push_back(std::to_string(r.Int(0)) + r.Text(1) + r.Text(2) + r.Text(3) +
                          std::to_string(r.OptInt(4).value_or(0)));
        for (const auto& r : conn.Query("SELECT id, full_name, birth_date, card_number, citizen_id, org_id, "
                                        "party_position, gov_position FROM members ORDER BY id"))
            out.push_back(std::to_string(r.Int(0)) + r.Text(1) + r.Text(2) + r.OptText(3).value_or("-") + r.Text(4) +
                          std::to_string(r.Int(5)) + r.Text(6) + r.Text(7));
        return out;
    }
    testing::TestDb db_{GetParam()};
};

TEST_P(GenTest, WritesEveryTableConsistently) {
    Summary s = Run(db_);
    auto& conn = db_.conn();
    EXPECT_EQ(s.members, kMembers);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM members"), kMembers);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM orgs"), s.orgs);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM members WHERE status = 'probationary'"), s.probationary);
    EXPECT_EQ(s.orgs_by_type.at("central"), 1);                // the party
    EXPECT_EQ(s.orgs_by_type.at("provincial_committee"), 34);  // the 34 provinces
    EXPECT_EQ(*org::RootName(conn), "Đảng Cộng sản Việt Nam");
    // One grassroots organization per 110 members of each province (rounded, one at least).
    const int64_t grassroots = s.orgs_by_type["grassroots_cell"] + s.orgs_by_type["grassroots_committee"];
    EXPECT_GE(grassroots, kMembers / 110 - 17);
    EXPECT_LE(grassroots, kMembers / 110 + 34);

    // One version and one create event per organization, as org::Create writes them.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM org_versions v JOIN orgs o ON o.id = v.org_id AND o.name = v.name "
                    "AND o.type_code = v.type_code AND v.valid_from = o.founded_on AND v.valid_to IS NULL AND "
                    "v.event_id = v.id"),
              s.orgs);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM org_events e JOIN orgs o ON o.id = e.org_id AND e.kind = 'create' "
                    "AND e.effective_on = o.founded_on"),
              s.orgs);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM orgs WHERE name_folded IS NULL OR founded_on IS NULL"), 0);
    auto events = org::HistoryOf(conn, auth::Scope::System(), 2).value().events;
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().details, R"({"name":"Đảng bộ thành phố Hà Nội","type":"provincial_committee"})");

    // The closure: every organization is its own depth-0 row, inherits its parent's ancestors one level
    // deeper, and has no other rows; all lie under the root.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM org_tree t WHERE "
                    "t.ancestor_id = o.id AND t.descendant_id = o.id AND t.depth = 0)"),
              0);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs o JOIN org_tree t ON t.descendant_id = o.parent_id WHERE NOT "
                    "EXISTS (SELECT 1 FROM org_tree u WHERE u.ancestor_id = t.ancestor_id AND u.descendant_id = "
                    "o.id AND u.depth = t.depth + 1)"),
              0);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM org_tree"),
              s.orgs + Count(conn, "SELECT COUNT(*) FROM orgs o JOIN org_tree t ON t.descendant_id = o.parent_id"));
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM org_tree WHERE ancestor_id = 1"), s.orgs);

    // Types nest as the glossary has them; members sit in cells of 1 to about 200.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE NOT ("
                    "(c.type_code = 'provincial_committee' AND p.type_code = 'central') OR "
                    "(c.type_code = 'bloc' AND p.type_code = 'provincial_committee') OR "
                    "(c.type_code IN ('grassroots_cell', 'grassroots_committee') AND p.type_code = 'bloc') OR "
                    "(c.type_code = 'sub_committee' AND p.type_code = 'grassroots_committee') OR "
                    "(c.type_code = 'attached_cell' AND p.type_code IN ('grassroots_committee', "
                    "'sub_committee')))"),
              0);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id JOIN org_types t ON "
                    "t.code = o.type_code WHERE t.holds_members = 0"),
              0);
    EXPECT_LE(Count(conn, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM members GROUP BY org_id) c"), 210);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs o JOIN org_types t ON t.code = o.type_code WHERE "
                    "t.holds_members = 1 AND NOT EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id)"),
              0);

    // One "admitted" placement per member, in its cell, from its admission.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM member_placements p JOIN members m ON m.id = p.member_id AND "
                    "p.org_id = m.org_id AND p.from_date = m.admitted_on AND p.to_date IS NULL AND "
                    "p.reason = 'admitted'"),
              kMembers);
    // Mostly official (with a card), some probationary (without one yet).
    EXPECT_GT(s.probationary, 0);
    EXPECT_LT(s.probationary, kMembers / 10);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM members WHERE (status = 'official') <> (card_number IS NOT NULL)"), 0);

    // Each record passes the member rules and carries the derived columns member::store::Insert writes.
    for (const auto& r : conn.Query("SELECT id, name_folded, sort_key FROM members WHERE id % 7 = 1")) {
        auto m = member::FindAny(conn, r.Int(0));
        ASSERT_TRUE(m);
        EXPECT_EQ(r.Text(1), vn::Fold(m->full_name));
        EXPECT_EQ(r.Text(2), vn::NameSortKeyHex(m->full_name));
        EXPECT_EQ(m->status_since, m->status == member::Status::kOfficial ? m->official_on : m->admitted_on);
        auto errors = member::Validate(*m, kAsOf);
        EXPECT_TRUE(errors.empty()) << m->full_name << ": " << errors.front().field << " " << errors.front().code;
    }

    // One audit row for the whole data set, and the chain holds.
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM audit_log WHERE action = 'gen.dataset'"), 1);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM audit_log"), 1);
    EXPECT_TRUE(audit::Verify(conn).ok);
    if (GetParam() == "sqlite") {
        EXPECT_TRUE(conn.Query("PRAGMA foreign_key_check").empty());
        EXPECT_EQ(conn.QueryOne("PRAGMA journal_mode")->Text(0), "wal");
        EXPECT_EQ(conn.QueryOne("PRAGMA foreign_keys")->Int(0), 1);
    }
}

TEST_P(GenTest, CardNumbersAreUniqueTwelveDigits) {
    Run(db_);
    auto& conn = db_.conn();
    EXPECT_EQ(Count(conn, "SELECT COUNT(DISTINCT card_number) FROM members"),
              Count(conn, "SELECT COUNT(card_number) FROM members"));
    for (const auto& r : conn.Query("SELECT card_number FROM members WHERE card_number IS NOT NULL")) {
        const std::string card = r.Text(0);
        EXPECT_EQ(card.size(), 12u) << card;
        EXPECT_EQ(card.find_first_not_of("0123456789"), std::string::npos) << card;
    }
}

TEST_P(GenTest, SameSeedSameDataOtherSeedOtherData) {
    Run(db_);
    testing::TestDb again(GetParam());
    Run(again);
    EXPECT_EQ(Fingerprint(db_.conn()), Fingerprint(again.conn()));
    testing::TestDb other(GetParam());
    Run(other, 2);
    EXPECT_NE(Fingerprint(db_.conn()), Fingerprint(other.conn()));
}

TEST_P(GenTest, TheServicesCarryOnAfterwards) {
    Summary s = Run(db_);
    auto& conn = db_.conn();
    const std::string today = "2026-11-27";
    auto cell = org::Create(conn, auth::Scope::System(),
                            {int64_t{1}, "NEW", "Chi bộ Mới", "grassroots_cell", today, ""}, {}, kNow, today);
    ASSERT_TRUE(cell.ok()) << cell.error().message;
    EXPECT_EQ(cell->id, s.orgs + 1);
    member::Member m;
    m.full_name = "Lê Văn Tám";
    m.gender = "male";
    m.birth_date = "1980-02-03";
    m.admitted_on = "2005-06-07";
    m.official_on = "2006-06-07";
    m.status = member::Status::kOfficial;
    m.org_id = cell->id;
    auto added = member::Create(conn, auth::Scope::System(), m, {}, kNow, today);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->id, kMembers + 1);
    EXPECT_TRUE(audit::Verify(conn).ok);
    // The name search index holds every generated member ([5/12]): each one is found by their full name.
    for (const auto& r : conn.Query("SELECT id, name_folded FROM members WHERE id % 97 = 0")) {
        member::Filter f;
        f.q = r.Text(1);
        f.page_size = 500;
        auto found = member::List(conn, auth::Scope::System(), f, today);
        ASSERT_TRUE(found.ok());
        bool has = false;
        for (const auto& hit : found->members) has = has || hit.id == r.Int(0);
        EXPECT_TRUE(has) << r.Text(1);
    }
}

TEST_P(GenTest, RefusesADatabaseWithOrganizationsAndBadCounts) {
    auto& conn = db_.conn();
    EXPECT_TRUE(Generate(conn, {0, 1}, {}, kNow).error().IsInvalid());
    EXPECT_TRUE(Generate(conn, {kMaxMembers + 1, 1}, {}, kNow).error().IsInvalid());
    ASSERT_TRUE(org::Create(conn, auth::Scope::System(), {std::nullopt, "R", "Đảng bộ Khối", "bloc", "2016-01-01", ""},
                            {}, kNow, "2026-11-27")
                    .ok());
    auto refused = Generate(conn, {kMembers, 1}, {}, kNow);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().IsConflict());
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM orgs"), 1);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM members"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, GenTest, ::testing::ValuesIn(testing::Engines()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace dv::gen
