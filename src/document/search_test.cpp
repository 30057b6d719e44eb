// Document search: queries without diacritics on both engines (titles, numbers, issuers, bodies), the
// ranking (title before body), the caller's scope, snippets of the original text with <mark> and HTML
// escaping, re-indexing on update and rebuild, and queries that must never reach the engine as syntax.
#include "document/search.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "document/search_store.h"
#include "document/service.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::document::search {
namespace {

using auth::Scope;

// ---- Words, queries and snippets (no database)

std::string Groups(const Query& q) {
    std::string out;
    for (const auto& g : q.groups) {
        out += "[";
        for (size_t i = 0; i < g.size(); ++i) out += (i ? " " : "") + g[i];
        out += "]";
    }
    return out + (q.last_prefix ? "*" : "");
}

TEST(DocumentSearchText, QueriesAreFoldedAndGroupedByWhatWasTypedTogether) {
    EXPECT_EQ(Groups(ParseQuery("Quy định trách nhiệm")), "[quy][dinh][trach][nhiem]*");
    EXPECT_EQ(Groups(ParseQuery("05-CT/TW")), "[05 ct tw]*");
    EXPECT_EQ(Groups(ParseQuery("chỉ thị 05 - CT/TW")), "[chi][thi][05][ct tw]*");
    EXPECT_EQ(Groups(ParseQuery("ĐẢNG ỦY KHỐI")), "[dang][uy][khoi]*");
    // NFD input (combining marks typed apart) and the look-alike Ð fold the same.
    EXPECT_EQ(Groups(ParseQuery("\xC3\x90"
                                "a\xCC\x89ng u\xCC\x89y")),
              "[dang][uy]*");
    // A one-letter last word is not a prefix (it would match most of the index).
    EXPECT_EQ(Groups(ParseQuery("khoi a")), "[khoi][a]");
    EXPECT_TRUE(ParseQuery("?! () \"*\" :-").empty());
}

TEST(DocumentSearchText, EngineSyntaxQuotesEveryWord) {
    Query q = ParseQuery("05-CT/TW \"NEAR(a AND b)\" title:x*");
    // Words typed together stay together, whatever joins them: "NEAR(a" is the phrase "near a".
    EXPECT_EQ(store::Fts5Expression(q), "\"05 ct tw\" AND \"near a\" AND \"and\" AND \"b\" AND \"title x\"");
    EXPECT_EQ(store::Fts5Expression(ParseQuery("dang uy")), "\"dang\" AND \"uy\" *");
    EXPECT_EQ(store::TsQueryText(ParseQuery("05-CT/TW quy din")), "('05' <-> 'ct' <-> 'tw') & 'quy' & 'din':*");
    EXPECT_EQ(store::TsQueryText(q), "('05' <-> 'ct' <-> 'tw') & ('near' <-> 'a') & 'and' & 'b' & ('title' <-> 'x')");
}

TEST(DocumentSearchText, HighlightMarksTheOriginalWords) {
    auto q = ParseQuery("dang uy khoi");
    EXPECT_EQ(ToHtml(Highlight("Đảng ủy Khối <các> cơ quan & \"doanh nghiệp\"", q)),
              "<mark>Đảng ủy Khối</mark> &lt;các&gt; cơ quan &amp; &quot;doanh nghiệp&quot;");
    // NFD text keeps its bytes; the marks cover each whole word with its combining marks.
    EXPECT_EQ(ToHtml(Highlight("u\xCC\x89y ban", ParseQuery("uy"))), "<mark>u\xCC\x89y</mark> ban");
    // The last word matches as a prefix, and only whole words are marked.
    EXPECT_EQ(ToHtml(Highlight("Quy định, quyết định", ParseQuery("quy din"))),
              "<mark>Quy định</mark>, quyết <mark>định</mark>");
    EXPECT_EQ(ToHtml(Highlight("Số 05-CT/TW ngày 15/5/2016", ParseQuery("05-CT/TW"))),
              "Số <mark>05</mark>-<mark>CT</mark>/<mark>TW</mark> ngày 15/5/2016");
}

TEST(DocumentSearchText, SnippetIsAWindowAroundTheBestMatch) {
    std::string body;
    for (int i = 0; i < 60; ++i) body += "lời " + std::to_string(i) + " ";
    body += "kiểm tra, giám sát\n\n  của Đảng ủy Khối. ";
    for (int i = 60; i < 120; ++i) body += "lời " + std::to_string(i) + " ";
    auto html = ToHtml(Snippet(body, ParseQuery("giam sat dang uy"), 16));
    EXPECT_EQ(html, "… lời 59 kiểm tra, <mark>giám sát</mark> của <mark>Đảng ủy</mark> Khối. lời 60 lời 61 lời 62 …");
    // Nothing matches: the opening words. A short text: all of it, without ellipsis.
    EXPECT_EQ(ToHtml(Snippet(body, ParseQuery("xyz"), 4)), "lời 0 lời 1 …");
    EXPECT_EQ(ToHtml(Snippet("  Một câu <ngắn>.  ", ParseQuery("cau"))), "Một <mark>câu</mark> &lt;ngắn&gt;.");
    EXPECT_TRUE(Snippet("", ParseQuery("cau")).empty());
}

// ---- Search on both engines

class DocumentSearchTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override { tree_ = testing::MakeSmallTree(conn(), now_, "2026-11-27"); }
    db::Connection& conn() { return db_.conn(); }

    int64_t Add(const char* type, const char* symbol, const char* title, const std::string& body,
                std::optional<int64_t> owner = std::nullopt, const char* visibility = "public",
                const char* issued_on = "2020-01-15", const char* status = "issued") {
        Input in;
        in.type_code = type;
        in.symbol = symbol;
        in.issued_on = issued_on;
        in.title = title;
        in.body = body;
        in.owner_org_id = owner.value_or(tree_.root);
        in.visibility = visibility;
        in.status = status;
        auto r = Create(conn(), Scope::System(), in, {}, now_);
        EXPECT_TRUE(r.ok()) << (r.ok() ? ""
                                       : r.error().message + " " +
                                             (r.error().field_errors.empty() ? "" : r.error().field_errors[0].code));
        return r.ok() ? r.value().id : 0;
    }
    // The ids found, best first.
    std::vector<int64_t> Find(std::string_view q, const Scope& scope = Scope::System(), int limit = 20) {
        auto r = Search(conn(), scope, q, limit);
        EXPECT_TRUE(r.ok()) << q;
        std::vector<int64_t> ids;
        if (r.ok())
            for (const auto& h : r.value()) ids.push_back(h.document.id);
        return ids;
    }
    static bool Has(const std::vector<int64_t>& ids, int64_t id) { return std::count(ids.begin(), ids.end(), id) == 1; }
    Scope SecretaryOf(int64_t org) { return Scope(42, "bithu", {auth::Grant{1, 42, auth::Role::kSecretary, org, ""}}); }

    // Documents of the party's registers, as office staff would type them.
    void AddCorpus() {
        ct05_ =
            Add("directive", "05-CT/TW", "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                "Bộ Chính trị yêu cầu các cấp ủy, tổ chức đảng tập trung lãnh đạo, chỉ đạo thực hiện tốt "
                "các nội dung sau.",
                std::nullopt, "public", "2016-05-15");
        qd101_ =
            Add("regulation", "101-QĐ/TW",
                "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là cán bộ lãnh đạo chủ chốt các cấp",
                "Cán bộ, đảng viên phải gương mẫu thực hiện.", std::nullopt, "public", "2012-06-07");
        kh12_ = Add("plan", "12-KH/ĐUK", "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị trong Đảng bộ Khối",
                    "Ban Thường vụ Đảng ủy Khối xây dựng kế hoạch như sau.", std::nullopt, "public", "2016-09-01");
        bc_ = Add("report", "30-BC/ĐUK", "Báo cáo kết quả công tác năm 2020",
                  "Các chi bộ đã quán triệt quy định về trách nhiệm nêu gương. Quy định trách nhiệm nêu gương được "
                  "thực hiện nghiêm. Tiếp tục thực hiện quy định trách nhiệm nêu gương của cán bộ, đảng viên.",
                  std::nullopt, "public", "2020-12-20");
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    testing::SmallTree tree_;
    int64_t ct05_ = 0, qd101_ = 0, kh12_ = 0, bc_ = 0;
};

TEST_P(DocumentSearchTest, FindsVietnameseWithoutDiacritics) {
    AddCorpus();
    auto neu_guong = Find("quy dinh trach nhiem neu guong");
    ASSERT_EQ(neu_guong.size(), 2u);
    EXPECT_EQ(neu_guong[0], qd101_);
    EXPECT_EQ(neu_guong[1], bc_);
    // The issuer's name (Đảng ủy Khối các cơ quan tỉnh, from the symbol's ĐUK) and its words in titles.
    auto khoi = Find("dang uy khoi");
    EXPECT_TRUE(Has(khoi, kh12_) && Has(khoi, bc_));
    EXPECT_FALSE(Has(khoi, ct05_));
    // Numbers, typed as printed or loosely; the type's name is searched with the number.
    for (const char* q : {"05-CT/TW", "05 ct tw", "05-ct/tw", "chi thi 05", "Chỉ thị số 05"}) {
        auto ids = Find(q);
        EXPECT_TRUE(Has(ids, ct05_) && Has(ids, kh12_)) << q;
        EXPECT_FALSE(Has(ids, qd101_)) << q;
    }
    EXPECT_EQ(Find("101-QĐ/TW"), std::vector<int64_t>{qd101_});
    EXPECT_EQ(Find("101 qd tw"), std::vector<int64_t>{qd101_});
    // The last word is also a prefix; upper case and diacritics typed or not find the same.
    EXPECT_EQ(Find("quy din"), neu_guong);
    EXPECT_EQ(Find("QUY ĐỊNH TRÁCH NHIỆM NÊU GƯƠNG"), neu_guong);
    EXPECT_EQ(Find("ho chi minh"), std::vector<int64_t>{ct05_});
    EXPECT_TRUE(Find("ho chi minh khoi").empty());  // every word must match
}

TEST_P(DocumentSearchTest, TitleMatchBeatsBodyMentions) {
    AddCorpus();
    auto r = Search(conn(), Scope::System(), "trach nhiem neu guong", 10);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.value().size(), 2u);
    // The report says it three times in its body; the regulation once, in its title.
    EXPECT_EQ(r.value()[0].document.id, qd101_);
    EXPECT_GE(r.value()[0].rank, 1.0);
    EXPECT_LT(r.value()[1].rank, 1.0);
    EXPECT_GT(r.value()[1].rank, 0.0);
    // Among body mentions, more and closer mentions come first.
    int64_t once =
        Add("report", "31-BC/ĐUK", "Báo cáo sơ kết", "Có nhắc tới trách nhiệm, và ở đoạn khác là nêu gương.");
    auto ids = Find("trach nhiem neu guong");
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(ids[1], bc_);
    EXPECT_EQ(ids[2], once);
}

TEST_P(DocumentSearchTest, OnlyDocumentsTheCallerMaySee) {
    AddCorpus();
    int64_t internal_b1 =
        Add("report", "7-BC/CB", "Báo cáo nội bộ chi bộ B1 về kiểm điểm", "Nội dung kiểm điểm.", tree_.b1, "internal");
    int64_t draft_root = Add("plan", "", "Dự thảo kế hoạch kiểm điểm cuối năm", "", tree_.root, "public", "", "draft");
    EXPECT_EQ(Find("kiem diem").size(), 2u);  // the system scope sees both
    EXPECT_TRUE(Find("kiem diem", SecretaryOf(tree_.a)).empty());
    EXPECT_EQ(Find("kiem diem", SecretaryOf(tree_.b1)), std::vector<int64_t>{internal_b1});
    EXPECT_EQ(Find("kiem diem", SecretaryOf(tree_.root)).size(), 2u);
    EXPECT_TRUE(Has(Find("ke hoach kiem diem", SecretaryOf(tree_.root)), draft_root));
    // Public issued documents are for every signed-in user; nobody signed in gets nothing.
    EXPECT_EQ(Find("quy dinh trach nhiem neu guong", SecretaryOf(tree_.a)).size(), 2u);
    EXPECT_TRUE(Search(conn(), Scope(), "quy dinh", 10).error().IsForbidden());
}

TEST_P(DocumentSearchTest, HitsCarrySnippetsOfTheOriginalText) {
    int64_t id = Add("notice", "9-TB/ĐUK", "Thông báo <khẩn> về hội nghị & học tập",
                     "Ngày 12/4/2022, Ban Thường vụ tổ chức hội nghị học tập Chỉ thị số 05-CT/TW cho cán bộ <chủ chốt> "
                     "& đảng viên.");
    auto r = Search(conn(), Scope::System(), "hoi nghi 05-CT/TW", 10);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.value().size(), 1u);
    const Hit& h = r.value()[0];
    EXPECT_EQ(h.document.id, id);
    EXPECT_EQ(h.document.symbol, "9-TB/ĐUK");
    EXPECT_EQ(h.document.type_name, "Thông báo");
    EXPECT_EQ(h.title_html, "Thông báo &lt;khẩn&gt; về <mark>hội nghị</mark> &amp; học tập");
    EXPECT_EQ(h.snippet_html,
              "Ngày 12/4/2022, Ban Thường vụ tổ chức <mark>hội nghị</mark> học tập Chỉ thị số <mark>05</mark>-"
              "<mark>CT</mark>/<mark>TW</mark> cho cán bộ &lt;chủ chốt&gt; &amp; đảng viên.");
    EXPECT_EQ(h.snippet.size(), 9u);
}

TEST_P(DocumentSearchTest, UpdateAndReindexKeepTheIndexCurrent) {
    AddCorpus();
    auto before = Get(conn(), Scope::System(), bc_).value();
    Input in;
    in.type_code = before.type_code;
    in.symbol = before.symbol;
    in.issued_on = before.issued_on;
    in.title = "Báo cáo tổng kết công tác thi đua khen thưởng";
    in.body = "Phong trào thi đua yêu nước.";
    in.owner_org_id = before.owner_org_id;
    in.visibility = "public";
    ASSERT_TRUE(Update(conn(), Scope::System(), bc_, in, {}, now_).ok());
    EXPECT_EQ(Find("trach nhiem neu guong"), std::vector<int64_t>{qd101_});
    EXPECT_EQ(Find("thi dua khen thuong"), std::vector<int64_t>{bc_});

    // A rebuilt index finds the same; an emptied one nothing.
    {
        db::Transaction tx(conn());
        store::Clear(conn());
        tx.Commit();
    }
    EXPECT_TRUE(Find("thi dua").empty());
    EXPECT_EQ(Reindex(conn()), 4);
    EXPECT_EQ(Find("thi dua khen thuong"), std::vector<int64_t>{bc_});
    EXPECT_EQ(Find("quy dinh trach nhiem neu guong"), std::vector<int64_t>{qd101_});
}

TEST_P(DocumentSearchTest, AnyTypedTextIsSafe) {
    AddCorpus();
    auto field = [&](std::string_view q) {
        auto r = Search(conn(), Scope::System(), q, 10);
        return r.ok() ? std::string("ok")
                      : r.error().field_errors.at(0).field + ":" + r.error().field_errors.at(0).code;
    };
    EXPECT_EQ(field(""), "q:required");
    EXPECT_EQ(field("   "), "q:required");
    EXPECT_EQ(field(std::string(201, 'a')), "q:too_long");
    EXPECT_EQ(field(std::string(200, 'a')), "ok");
    EXPECT_EQ(field("quy \xC3\x28"), "q:invalid_utf8");
    // Punctuation only finds nothing; FTS5 and tsquery operators are words like any other.
    for (const char* q : {"?!", "()", "\"", "*", "-", "^", ":", "'", "\\", "&|!<->", "{title}:"}) {
        EXPECT_EQ(field(q), "ok") << q;
        EXPECT_TRUE(Find(q).empty()) << q;
    }
    for (const char* q : {"AND", "OR quy", "NOT dinh", "NEAR(quy dinh)", "title:quy", "quy*", "\"quy dinh",
                          "quy' & 'dinh", "quy:* | dinh", "body : quy", "{title label}: quy", "quy + dinh -x"}) {
        EXPECT_EQ(field(q), "ok") << q;
    }
    EXPECT_EQ(Find("\"quy dinh* trach\" NHIEM: (neu) guong"), Find("quy dinh trach nhiem neu guong"));
    // A long query of many words is one more AND, not an error.
    std::string many;
    for (int i = 0; i < 45; ++i) many += "quy ";  // 179 characters once trimmed
    EXPECT_EQ(field(many), "ok");
    EXPECT_EQ(Find(many).size(), 2u);
    // The limit is clamped.
    EXPECT_EQ(Find("quy", Scope::System(), 0).size(), 1u);
    EXPECT_EQ(Find("quy", Scope::System(), 1000).size(), 2u);
}

TEST_P(DocumentSearchTest, EachTierRanksItsNewestMatchesOnly) {
    std::vector<int64_t> ids;
    for (int i = 1; i <= 5; ++i)
        ids.push_back(
            Add("plan", (std::to_string(i) + "-KH/ĐUK").c_str(), "Kế hoạch công tác tháng", "Nội dung công tác."));
    auto match = [&](bool heading_only, std::vector<int64_t> except, int window, int limit) {
        std::vector<int64_t> out;
        for (const auto& r :
             store::Match(conn(), Scope::System(), ParseQuery("cong tac"), heading_only, except, window, limit))
            out.push_back(r.id);
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(match(true, {}, 3, 10), (std::vector<int64_t>{ids[2], ids[3], ids[4]}));
    EXPECT_EQ(match(false, {ids[4]}, 2, 10), (std::vector<int64_t>{ids[2], ids[3]}));
    EXPECT_EQ(match(false, {}, 100, 10), ids);
    EXPECT_EQ(match(false, {}, 100, 2).size(), 2u);
    EXPECT_TRUE(match(true, ids, 100, 10).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentSearchTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::document::search
