// Unit tests of the document registry on both engines: validation (every bad field named, nothing
// written), symbols normalized by the reference parser, who sees what (scope), relations and
// their chains both ways, "in force", attachments stored by content, and references in a text
// resolved against the register.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "document/service.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::document {
namespace {

using auth::Scope;

class DocumentTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto t = testing::MakeSmallTree(conn(), now_, today_);
        root_ = t.root;
        a_ = t.a;
        a1_ = t.a1;
        b1_ = t.b1;
        files_ = std::filesystem::temp_directory_path() / ("dv-doc-files-" + std::to_string(::getpid()) + "-" +
                                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(files_);
    }
    void TearDown() override { std::filesystem::remove_all(files_); }
    db::Connection& conn() { return db_.conn(); }
    static Scope As(auth::Role role, int64_t org) {
        return Scope(7, "tester", {auth::Grant{1, 7, role, org, ""}});
    }
    Input In(const char* type, const char* symbol, const char* issued, int64_t owner, const char* visibility = "internal",
             const char* status = "issued") {
        Input in;
        in.type_code = type;
        in.symbol = symbol;
        in.issued_on = issued;
        in.title = std::string("Văn bản ") + symbol;
        in.owner_org_id = owner;
        in.visibility = visibility;
        in.status = status;
        return in;
    }
    Document Make(const char* type, const char* symbol, const char* issued, int64_t owner,
                  const char* visibility = "internal", const char* status = "issued") {
        auto r = Create(conn(), Scope::System(), In(type, symbol, issued, owner, visibility, status), {}, now_);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.value();
    }
    int64_t Count(const char* sql) { return conn().QueryOne(sql)->Int(0); }
    std::vector<std::string> Fields(const Error& e) {
        std::vector<std::string> out;
        for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
        return out;
    }
    std::vector<std::string> Symbols(const std::vector<Document>& docs) {
        std::vector<std::string> out;
        for (const auto& d : docs) out.push_back(d.symbol);
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::string> Visible(const Scope& s, store::Filter f = {}) {
        return Symbols(document::List(conn(), s, f, today_).value().documents);
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    int64_t root_ = 0, a_ = 0, a1_ = 0, b1_ = 0;
    std::filesystem::path files_;
};

TEST_P(DocumentTest, EveryBadFieldIsNamedAndNothingIsWritten) {
    Input in = In("mayor", "so muoi", "2016-02-30", root_);
    in.title = "";
    in.effective_on = "2016-01-01";
    in.visibility = "secret";
    auto r = Create(conn(), Scope::System(), in, {}, now_);
    ASSERT_TRUE(r.error().IsInvalid());
    EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"type_code:invalid_choice", "visibility:invalid_choice",
                                                           "symbol:unreadable", "issued_on:invalid_date",
                                                           "title:required"}));
    // The letters of the symbol must fit the type; dates must follow each other.
    Input mismatch = In("directive", "05-KH/TW", "2016-05-15", root_);
    mismatch.effective_on = "2016-05-01";
    mismatch.expires_on = "2016-05-01";
    EXPECT_EQ(Fields(Create(conn(), Scope::System(), mismatch, {}, now_).error()),
              (std::vector<std::string>{"symbol:type_mismatch", "effective_on:before_issued",
                                        "expires_on:before_effective"}));
    EXPECT_EQ(Fields(Create(conn(), Scope::System(), In("decree", "01-QĐ/ĐUK", "2016-03-21", root_), {}, now_).error()),
              (std::vector<std::string>{"symbol:system_mismatch"}));
    // An issued document needs its number; a draft does not.
    EXPECT_EQ(Fields(Create(conn(), Scope::System(), In("plan", "", "", root_), {}, now_).error()),
              (std::vector<std::string>{"symbol:required", "issued_on:required"}));
    EXPECT_TRUE(Create(conn(), Scope::System(), In("plan", "", "", root_, "internal", "draft"), {}, now_).ok());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM documents"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'"), 1);
}

TEST_P(DocumentTest, SymbolsAreReadAsPeopleTypeThem) {
    auto ct = Make("directive", "05 - CT/TW", "2016-05-15", root_, "public");
    EXPECT_EQ(ct.symbol, "05-CT/TW");
    EXPECT_EQ(ct.number, "05");
    EXPECT_EQ(ct.issuer_code, "TW");
    EXPECT_EQ(ct.issuer_name, "Ban Chấp hành Trung ương Đảng");
    EXPECT_EQ(ct.system, "party");
    EXPECT_EQ(ct.type_name, "Chỉ thị");
    // Party "QĐ" is a Quy định or a Quyết định: the chosen type decides. The look-alike Ð reads as Đ.
    EXPECT_EQ(Make("regulation", "01-Q\xC3\x90/\xC3\x90UK", "2016-03-21", root_).symbol, "01-QĐ/ĐUK");
    EXPECT_EQ(Make("decision", "12-QĐ/ĐUK", "2020-01-02", root_).symbol, "12-QĐ/ĐUK");
    auto nd = Make("decree", "30/2020/NĐ-CP", "2020-03-05", root_);
    EXPECT_EQ(nd.system, "state");
    EXPECT_EQ(nd.issuer_name, "Chính phủ");
    // Party numbers restart each term: the same symbol on another day is another document, the same day a duplicate.
    EXPECT_TRUE(Create(conn(), Scope::System(), In("regulation", "01-QĐ/ĐUK", "2021-04-01", root_), {}, now_).ok());
    auto dup = Create(conn(), Scope::System(), In("regulation", "01 - QĐ/ĐUK", "2016-03-21", root_), {}, now_);
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    // The normalized symbol reads back to itself (round trip).
    for (const auto& d : document::List(conn(), Scope::System(), {}, today_).value().documents) {
        auto again = ExtractReferences(d.symbol);
        ASSERT_EQ(again.size(), 1u) << d.symbol;
        EXPECT_EQ(again[0].symbol, d.symbol);
    }
}

TEST_P(DocumentTest, EachUnitSeesWhatItMaySee) {
    Make("directive", "05-CT/TW", "2016-05-15", root_, "public");
    Make("plan", "12-KH/ĐUK", "2016-07-20", root_);         // the bloc's internal plan
    Make("plan", "3-KH/ĐU", "2017-01-05", a_);               // A's own
    Make("report", "4-BC/CB", "2017-02-01", a1_);            // A1's own
    auto other = Make("plan", "7-KH/CB", "2017-03-01", b1_); // B1's internal
    Make("notice", "8-TB/CB", "2017-03-02", b1_, "public");  // B1's public notice
    Make("plan", "", "", b1_, "public", "draft");             // B1's public draft: not yet anyone's
    auto secretary_a = As(auth::Role::kSecretary, a_);
    EXPECT_EQ(Visible(secretary_a), (std::vector<std::string>{"05-CT/TW", "3-KH/ĐU", "4-BC/CB", "8-TB/CB"}));
    EXPECT_EQ(document::Get(conn(), secretary_a, other.id).error().code, ErrorCode::kNotFound);
    auto office = As(auth::Role::kOffice, root_);
    EXPECT_EQ(Visible(office).size(), 7u);
    // A member reads public documents, and what was sent to their cell or a unit above it.
    auto member = As(auth::Role::kMember, a1_);
    EXPECT_EQ(Visible(member), (std::vector<std::string>{"05-CT/TW", "8-TB/CB"}));
    int64_t plan = document::List(conn(), Scope::System(), {.symbol = "12-KH/ĐUK"}, today_).value().documents.at(0).id;
    conn().Exec("INSERT INTO document_distributions (document_id, sent_on, deadline, created_at) VALUES (?, ?, ?, ?)",
                {plan, std::string("2016-08-01"), std::string("2016-09-01"), now_});
    int64_t dist = conn().QueryOne("SELECT MAX(id) FROM document_distributions")->Int(0);
    conn().Exec("INSERT INTO document_recipients (distribution_id, document_id, org_id) VALUES (?, ?, ?)",
                {dist, plan, a_});
    EXPECT_EQ(Visible(member), (std::vector<std::string>{"05-CT/TW", "12-KH/ĐUK", "8-TB/CB"}));
    // B1 sees its own draft (a draft has no number yet).
    EXPECT_EQ(Visible(As(auth::Role::kSecretary, b1_)),
              (std::vector<std::string>{"", "05-CT/TW", "7-KH/CB", "8-TB/CB"}));
    // Nobody signed in sees nothing; writing needs kWrite on the owner unit.
    EXPECT_EQ(document::List(conn(), Scope(), {}, today_).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Create(conn(), As(auth::Role::kInspector, root_), In("plan", "9-KH/ĐUK", "2020-01-01", root_), {}, now_)
                  .error()
                  .code,
              ErrorCode::kForbidden);
    EXPECT_EQ(Create(conn(), secretary_a, In("plan", "9-KH/ĐU", "2020-01-01", b1_), {}, now_).error().code,
              ErrorCode::kNotFound);
    auto mine = Create(conn(), secretary_a, In("plan", "9-KH/ĐU", "2020-01-01", a1_), {}, now_);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(Update(conn(), As(auth::Role::kSecretary, b1_), mine->id, In("plan", "9-KH/ĐU", "2020-01-01", b1_), {}, now_)
                  .error()
                  .code,
              ErrorCode::kNotFound);
}

TEST_P(DocumentTest, FiltersByTypeYearIssuerAndForce) {
    auto old_rule = Make("regulation", "01-QĐ/ĐUK", "2016-03-21", root_);
    auto new_rule = Make("regulation", "02-QĐ/ĐUK", "2021-04-01", root_);
    Make("directive", "05-CT/TW", "2016-05-15", root_, "public");
    Input later = In("plan", "20-KH/ĐUK", "2026-11-01", root_);
    later.effective_on = "2027-01-01";
    ASSERT_TRUE(Create(conn(), Scope::System(), later, {}, now_).ok());
    Input expired = In("plan", "21-KH/ĐUK", "2020-01-01", root_);
    expired.expires_on = "2021-01-01";
    ASSERT_TRUE(Create(conn(), Scope::System(), expired, {}, now_).ok());
    Make("report", "45-BC/ĐUK", "2015-12-01", root_);  // a report is never "in force" (nor out of it)
    ASSERT_TRUE(Relate(conn(), Scope::System(), new_rule.id, old_rule.id, "replaces", {}, now_).ok());
    auto s = Scope::System();
    EXPECT_EQ(Visible(s, {.type_code = "regulation"}), (std::vector<std::string>{"01-QĐ/ĐUK", "02-QĐ/ĐUK"}));
    EXPECT_EQ(Visible(s, {.issuer_code = "TW"}), (std::vector<std::string>{"05-CT/TW"}));
    EXPECT_EQ(Visible(s, {.year = 2016}), (std::vector<std::string>{"01-QĐ/ĐUK", "05-CT/TW"}));
    EXPECT_EQ(Visible(s, {.in_force = true}), (std::vector<std::string>{"02-QĐ/ĐUK", "05-CT/TW"}));
    EXPECT_EQ(Visible(s, {.in_force = false}), (std::vector<std::string>{"01-QĐ/ĐUK", "20-KH/ĐUK", "21-KH/ĐUK", "45-BC/ĐUK"}));
    // The model says the same as the query.
    for (const auto& d : document::List(conn(), s, {}, today_).value().documents)
        EXPECT_EQ(InForce(d, today_), d.symbol == "02-QĐ/ĐUK" || d.symbol == "05-CT/TW") << d.symbol;
    auto replaced = document::Get(conn(), s, old_rule.id).value();
    ASSERT_TRUE(replaced.replaced_by.has_value());
    EXPECT_EQ(*replaced.replaced_by, new_rule.id);
    // Newest first, paged.
    auto page = document::List(conn(), s, {.page = 2, .page_size = 2}, today_).value();
    EXPECT_EQ(page.total, 6);
    ASSERT_EQ(page.documents.size(), 2u);
    EXPECT_EQ(page.documents[0].symbol, "21-KH/ĐUK");
}

TEST_P(DocumentTest, ChainsGoBothWaysAndNeverInACircle) {
    auto ct = Make("directive", "05-CT/TW", "2016-05-15", root_, "public");
    auto kh = Make("plan", "12-KH/ĐUK", "2016-07-20", root_);
    auto bc = Make("report", "45-BC/ĐUK", "2019-05-10", root_);
    auto a_plan = Make("plan", "3-KH/ĐU", "2016-08-01", a_);
    auto b_plan = Make("plan", "4-KH/CB", "2016-08-02", b1_);
    auto s = Scope::System();
    ASSERT_TRUE(Relate(conn(), s, kh.id, ct.id, "implements", {}, now_).ok());
    ASSERT_TRUE(Relate(conn(), s, bc.id, kh.id, "reports_on", {}, now_).ok());
    ASSERT_TRUE(Relate(conn(), s, a_plan.id, kh.id, "implements", {}, now_).ok());
    ASSERT_TRUE(Relate(conn(), s, b_plan.id, kh.id, "implements", {}, now_).ok());
    EXPECT_EQ(Fields(Relate(conn(), s, ct.id, bc.id, "guides", {}, now_).error()),
              (std::vector<std::string>{"to_id:cycle"}));
    EXPECT_EQ(Fields(Relate(conn(), s, ct.id, ct.id, "guides", {}, now_).error()),
              (std::vector<std::string>{"to_id:self"}));
    EXPECT_EQ(Fields(Relate(conn(), s, kh.id, ct.id, "likes", {}, now_).error()),
              (std::vector<std::string>{"kind:invalid_choice"}));
    EXPECT_EQ(Relate(conn(), s, kh.id, ct.id, "implements", {}, now_).error().code, ErrorCode::kConflict);

    auto from_report = ChainsOf(conn(), s, bc.id).value();
    ASSERT_EQ(from_report.paths_up.size(), 1u);
    std::vector<std::string> path;
    for (const auto& d : from_report.paths_up[0]) path.push_back(Label(d));
    EXPECT_EQ(path, (std::vector<std::string>{"Chỉ thị 05-CT/TW", "Kế hoạch 12-KH/ĐUK", "Báo cáo 45-BC/ĐUK"}));
    ASSERT_EQ(from_report.up.size(), 2u);
    EXPECT_EQ(from_report.up[1].depth, 2);
    EXPECT_EQ(*from_report.up[1].via, kh.id);

    // Down from the directive, as the office sees it, and as A's secretary sees it (not B1's plan).
    auto down = [&](const Scope& who) {
        std::vector<std::string> out;
        for (const auto& l : ChainsOf(conn(), who, ct.id).value().down)
            out.push_back(l.document.symbol + "@" + std::to_string(l.depth) + ":" + ToString(l.kind));
        return out;
    };
    EXPECT_EQ(down(s), (std::vector<std::string>{"12-KH/ĐUK@1:implements", "45-BC/ĐUK@2:reports_on",
                                                  "3-KH/ĐU@2:implements", "4-KH/CB@2:implements"}));
    // A's secretary does not see the bloc's internal plan, so the chain stops at the directive.
    EXPECT_TRUE(down(As(auth::Role::kSecretary, a_)).empty());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.relate'"), 4);
    auto rel = store::RelationsFrom(conn(), b_plan.id).at(0);
    EXPECT_EQ(Unrelate(conn(), As(auth::Role::kSecretary, a_), b_plan.id, rel.id, {}, now_).error().code,
              ErrorCode::kNotFound);
    ASSERT_TRUE(Unrelate(conn(), As(auth::Role::kSecretary, b1_), b_plan.id, rel.id, {}, now_).ok());
    EXPECT_EQ(down(s).size(), 3u);
}

TEST_P(DocumentTest, AttachmentsAreStoredByContentAndChecked) {
    auto d = Make("plan", "12-KH/ĐUK", "2016-07-20", a_);
    std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";
    auto s = Scope::System();
    auto first = Attach(conn(), s, d.id, "Kế hoạch.pdf", pdf, files_.string(), {}, now_);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->content_type, "application/pdf");
    auto second = Attach(conn(), As(auth::Role::kSecretary, a_), d.id, "ban-sao.pdf", pdf, files_.string(), {}, now_);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first->sha256, second->sha256);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM stored_files"), 1);
    auto path = files_ / first->sha256.substr(0, 2) / first->sha256.substr(2);
    EXPECT_EQ(std::filesystem::file_size(path), pdf.size());
    // The bytes decide the kind, not the name.
    EXPECT_EQ(Fields(Attach(conn(), s, d.id, "virus.pdf", "MZ\x90\x00", files_.string(), {}, now_).error()),
              (std::vector<std::string>{"file:file_type"}));
    EXPECT_EQ(Attach(conn(), As(auth::Role::kSecretary, b1_), d.id, "x.pdf", pdf, files_.string(), {}, now_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(Attach(conn(), As(auth::Role::kInspector, root_), d.id, "x.pdf", pdf, files_.string(), {}, now_)
                  .error()
                  .code,
              ErrorCode::kForbidden);
    auto read = ReadAttachment(conn(), As(auth::Role::kInspector, root_), d.id, first->id, files_.string());
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->second, pdf);
    EXPECT_EQ(ReadAttachment(conn(), As(auth::Role::kSecretary, b1_), d.id, first->id, files_.string()).error().code,
              ErrorCode::kNotFound);
    ASSERT_TRUE(Detach(conn(), s, d.id, second->id, {}, now_).ok());
    EXPECT_EQ(AttachmentsOf(conn(), s, d.id).value().size(), 1u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('document.attach', 'document.detach')"), 3);
    // A damaged file is never served as if it were the document.
    { std::ofstream(path, std::ios::binary | std::ios::trunc) << "%PDF-1.4 changed"; }
    EXPECT_EQ(ReadAttachment(conn(), s, d.id, first->id, files_.string()).error().code, ErrorCode::kInternal);
    EXPECT_EQ(SniffContentType(std::string("PK\x03\x04", 4) + "....word/document.xml", "a.docx"),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(SniffContentType("\x89PNG\r\n\x1A\n....", "scan"), "image/png");
}

TEST_P(DocumentTest, ADocumentAndItsFirstFileAreWrittenTogetherOrNotAtAll) {
    Input in = In("plan", "12-KH/ĐUK", "2016-07-20", a_);
    in.title = "";
    auto bad = Create(conn(), Scope::System(), in, {}, now_, NewFile{"scan.pdf", "GIF89a not accepted", files_.string()});
    EXPECT_EQ(Fields(bad.error()), (std::vector<std::string>{"title:required", "file:file_type"}));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM documents"), 0);
    EXPECT_FALSE(std::filesystem::exists(files_));
    in.title = "Kế hoạch";
    auto ok = Create(conn(), Scope::System(), in, {}, now_, NewFile{"scan.pdf", "%PDF-1.7\n%%EOF", files_.string()});
    ASSERT_TRUE(ok.ok());
    auto files = AttachmentsOf(conn(), Scope::System(), ok->id).value();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename, "scan.pdf");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('document.create', 'document.attach')"), 2);
}

TEST_P(DocumentTest, ReferencesInATextAreMatchedToTheRegister) {
    Make("directive", "05-CT/TW", "2016-05-15", root_, "public");
    Make("regulation", "01-QĐ/ĐUK", "2016-03-21", root_, "public");
    Make("regulation", "01-QĐ/ĐUK", "2021-04-01", root_, "public");  // the next term's 01
    std::string text =
        "Để thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII), Ban Thường vụ ban hành Quy định số "
        "01-QĐ/ĐUK ngày 21-3-2016 và Quy định số 03-QĐ/ĐUK ngày 23-10-2018; 95% đảng viên đăng ký.";
    auto found = ResolveReferences(conn(), As(auth::Role::kMember, a1_), text);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].ref.symbol, "05-CT/TW");
    ASSERT_EQ(found[0].matches.size(), 1u);
    ASSERT_EQ(found[1].matches.size(), 1u);  // the 2016 one only: the text gives the day
    EXPECT_EQ(found[1].matches[0].issued_on, "2016-03-21");
    EXPECT_EQ(found[2].ref.symbol, "03-QĐ/ĐUK");
    EXPECT_TRUE(found[2].matches.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::document
