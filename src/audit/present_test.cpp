// Unit tests of audit/present: labelled changes, masking of personal identifiers, entity links.
#include <gtest/gtest.h>

#include "audit/present.h"

namespace dv::audit {
namespace {

Entry MemberUpdate() {
    Entry e;
    e.action = "member.update";
    e.entity_type = "member";
    e.entity_id = 9;
    e.org_id = 4;
    e.before_json = R"({"id":9,"full_name":"Nguyễn Văn An","birth_date":"1980-05-22","citizen_id":"001080012345",)"
                    R"("phone":"0912345678","org_id":4,"org_name":"Chi bộ 1","status":"probationary"})";
    e.after_json = R"({"id":9,"full_name":"Nguyễn Văn An","birth_date":"1980-05-22","citizen_id":"001080012346",)"
                   R"("phone":"0912345678","org_id":4,"org_name":"Chi bộ 1","status":"official"})";
    return e;
}

TEST(AuditPresent, AnUpdateShowsOnlyTheChangedFields) {
    auto c = Changes(MemberUpdate(), true);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].field, "citizen_id");
    EXPECT_EQ(c[0].before, "001080012345");
    EXPECT_EQ(c[0].after, "001080012346");
    EXPECT_EQ(c[1].field, "status");
    EXPECT_EQ(c[1].after, "official");
}

TEST(AuditPresent, IdentifiersAreMaskedForReadersWhoMayNotSeeThem) {
    auto c = Changes(MemberUpdate(), false);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].before, "•••••••••345");
    EXPECT_EQ(c[0].after, "•••••••••346");
    EXPECT_EQ(Mask("birth_date", "1980-05-22"), "••/••/1980");
    EXPECT_EQ(Mask("phone", "0912345678"), "•••••••678");
    EXPECT_EQ(Mask("card_number", "12"), "12");
    EXPECT_EQ(Mask("phone", ""), "");
    // Inside the API's raw JSON too, at any depth (a bulk import's rows).
    std::string masked = MaskJson(R"({"members":[{"citizen_id":"001080012345","full_name":"A"}]})");
    EXPECT_EQ(masked.find("001080012345"), std::string::npos);
    EXPECT_NE(masked.find("•••••••••345"), std::string::npos);
    EXPECT_NE(masked.find("\"A\""), std::string::npos);
}

TEST(AuditPresent, ACreationListsItsFieldsWithDatesTheVietnameseWay) {
    Entry e;
    e.action = "member.create";
    e.entity_type = "member";
    e.entity_id = 3;
    e.after_json = R"({"id":3,"full_name":"Lê Thị Bích","admitted_on":"2010-02-03","org_id":4,"org_name":"Chi bộ 1",)"
                   R"("official_on":null,"gov_position":""})";
    auto c = Changes(e, true);
    ASSERT_EQ(c.size(), 3u);  // id, org_id (named beside it) and empty fields left out
    EXPECT_EQ(c[0].field, "full_name");
    EXPECT_EQ(c[1].after, "3/2/2010");
    EXPECT_EQ(c[2].field, "org_name");
    EXPECT_EQ(EntityName(e), "Lê Thị Bích");
    EXPECT_EQ(EntityHref(e, false), "/members/3");
}

TEST(AuditPresent, LinksGoWhereTheReaderMayGo) {
    Entry u;
    u.entity_type = "user";
    u.entity_id = 5;
    EXPECT_EQ(EntityHref(u, true), "/users/5");
    EXPECT_EQ(EntityHref(u, false), "");
    Entry r;
    r.entity_type = "document_recipient";
    r.entity_id = 77;
    r.after_json = R"({"document_id":12,"org_id":40,"studied_on":"2025-05-10"})";
    EXPECT_EQ(EntityHref(r, false), "/documents/12/recipients/40");
    Entry s;
    s.entity_type = "session";
    s.entity_id = 1;
    EXPECT_EQ(EntityHref(s, true), "");
    EXPECT_EQ(Readable("member.split_into"), "member split into");
}

}  // namespace
}  // namespace dv::audit
