// Unit tests of web/: routing, input reading, i18n, templates, OpenAPI, and the request
// pipeline driven through App::Handle (no sockets) over a real SQLite database.
#include <gtest/gtest.h>

#include <set>

#include "assets/assets.h"
#include "auth/service.h"
#include "db/migrate.h"
#include "demo/seed.h"
#include "testing/test_db.h"
#include "web/app.h"
#include "web/input.h"
#include "web/openapi.h"
#include "web/router.h"
#include "web/templates.h"

namespace dv::web {
namespace {

Route R(std::string method, std::string pattern) {
    Route r;
    r.method = std::move(method);
    r.pattern = std::move(pattern);
    r.handler = [](Context&) -> Result<Outcome> { return Outcome{}; };
    return r;
}

TEST(Router, MatchesParamsAndRest) {
    Router router;
    router.Add(R("GET", "/users/{id}"));
    router.Add(R("GET", "/users/new"));
    router.Add(R("POST", "/users/{id}/grants"));
    router.Add(R("GET", "/static/{path...}"));
    auto m = router.Find("GET", "/users/42");
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.route->pattern, "/users/{id}");
    EXPECT_EQ(m.params.at(0).second, "42");
    auto s = router.Find("GET", "/static/css/app.css");
    ASSERT_TRUE(s.route);
    EXPECT_EQ(s.params.at(0).second, "css/app.css");
    EXPECT_FALSE(router.Find("GET", "/static/").route);
    EXPECT_TRUE(router.Find("HEAD", "/users/42").route);  // HEAD answers like GET
    auto wrong = router.Find("DELETE", "/users/42/grants");
    EXPECT_FALSE(wrong.route);
    EXPECT_EQ(wrong.allowed_methods, std::vector<std::string>{"POST"});
    EXPECT_FALSE(router.Find("GET", "/nothing").route);
    EXPECT_THROW(router.Add(R("GET", "/users/{id}")), std::logic_error);
}

TEST(Input, ReportsEveryBadField) {
    boost::json::object o{{"name", "  Đảng bộ  "}, {"count", "x"}, {"flag", 3}, {"long", std::string(300, 'a')}};
    Input in(o, false);
    EXPECT_EQ(in.Str("name"), "Đảng bộ");
    EXPECT_FALSE(in.Int("count"));
    EXPECT_FALSE(in.Bool("flag"));
    in.Str("long", true, 0, 200);
    in.Str("missing");
    auto st = in.Finish();
    ASSERT_FALSE(st.ok());
    std::set<std::string> fields;
    for (const auto& f : st.error().field_errors) fields.insert(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::set<std::string>{"count:not_integer", "flag:not_boolean", "long:too_long", "missing:required"}));
}

TEST(Input, FormFieldsAreTextButNumbersParse) {
    Input in(boost::json::object{{"org_id", "12"}, {"active", "0"}}, true);
    EXPECT_EQ(in.Int("org_id"), 12);
    EXPECT_EQ(in.Bool("active"), false);
    Input json_in(boost::json::object{{"org_id", "12"}}, false);
    EXPECT_FALSE(json_in.Int("org_id"));  // JSON clients send numbers as numbers
}

// Regression (issue 10): form numbers were trimmed and read by from_chars; " 12" passed.
TEST(Input, FormNumbersAreReadStrictly) {
    Input in(boost::json::object{{"a", " 12"}, {"b", "12abc"}, {"c", "1e3"}, {"d", "0x1"}, {"e", "99999999999999999999"},
                                 {"f", "+1"}, {"g", "-3"}},
             true);
    for (const char* bad : {"a", "b", "c", "d", "e", "f"}) EXPECT_FALSE(in.Int(bad)) << bad;
    EXPECT_EQ(in.Int("g"), -3);
    std::set<std::string> fields;
    auto st = in.Finish();
    ASSERT_FALSE(st.ok());
    for (const auto& f : st.error().field_errors) fields.insert(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::set<std::string>{"a:not_integer", "b:not_integer", "c:not_integer", "d:not_integer",
                                             "e:not_integer", "f:not_integer"}));
}

// Regression (issue 10): NUL and other control characters were stored through forms and the API.
TEST(Input, ControlCharactersAreRefusedInEveryTextField) {
    Input in(boost::json::object{{"name", std::string("a\0b", 3)},
                                 {"esc", "x\x1b[2J"},
                                 {"line", "one\ntwo"},
                                 {"c1", "a\xC2\x85"},
                                 {"body", "one\r\n\ttwo"},
                                 {"body_nul", std::string("one\n\0", 5)},
                                 {"password", "pass\tword"}},
             false);
    in.Str("name");
    in.Str("esc");
    in.Str("line");
    in.Str("c1");
    EXPECT_EQ(in.Text("body"), "one\r\n\ttwo");
    in.Text("body_nul");
    EXPECT_EQ(in.Secret("password"), "pass\tword");
    std::set<std::string> fields;
    auto st = in.Finish();
    ASSERT_FALSE(st.ok());
    for (const auto& f : st.error().field_errors) fields.insert(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::set<std::string>{"name:control_char", "esc:control_char", "line:control_char",
                                             "c1:control_char", "body_nul:control_char"}));
}

// Regression (issue 10): "/\t/evil.example" passed the old check and browsers followed it off-site.
TEST(Input, SameSitePathOnly) {
    for (const char* ok : {"/", "/orgs", "/members?q=Nguyễn Văn&page=2", "/orgs/12#top"})
        EXPECT_EQ(SameSitePath(ok), ok);
    for (const char* bad : {"", "orgs", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
                            "/orgs\r\nSet-Cookie: x=1", "/a\\b", "https://evil.example", "javascript:alert(1)",
                            " /orgs", "/\x7f", "/\xC2\x85"})
        EXPECT_EQ(SameSitePath(bad), "/") << bad;
    EXPECT_EQ(SameSitePath(std::string("/a\0b", 4)), "/");
}

TEST(I18n, LanguagesHaveTheSameKeys) {
    I18n i18n;  // throws if vi and en differ
    EXPECT_TRUE(i18n.Supports("vi"));
    EXPECT_TRUE(i18n.Supports("en"));
    EXPECT_EQ(i18n.Get("vi", "roles.secretary"), "Bí thư");
    EXPECT_EQ(i18n.Get("vi", "no.such.key"), "no.such.key");
}

TEST(Templates, I18nExpansionEscapesAndRejectsUnknownKeys) {
    I18n i18n;
    std::string error;
    auto out = Templates::ExpandI18n("<h1>{{t.roles.admin}}</h1>{{name}}", i18n, "vi", error);
    EXPECT_TRUE(error.empty());
    EXPECT_EQ(out, "<h1>" + HtmlEscape(i18n.Get("vi", "roles.admin")) + "</h1>{{name}}");
    Templates::ExpandI18n("{{t.nope.nope}}", i18n, "vi", error);
    EXPECT_NE(error.find("nope.nope"), std::string::npos);
}

TEST(Templates, StaticFilesAreLinkedWithTheirContentVersion) {
    I18n i18n;
    std::string error;
    const std::string version = Templates::StaticVersion("app.css");
    ASSERT_EQ(version.size(), 12u);
    EXPECT_EQ(Templates::ExpandI18n("<link href=\"{{static.app.css}}\">", i18n, "vi", error),
              "<link href=\"/static/app.css?v=" + version + "\">");
    EXPECT_TRUE(error.empty());
    EXPECT_NE(Templates::StaticVersion("app.css"), Templates::StaticVersion("htmx.min.js"));
    Templates::ExpandI18n("{{static.nope.css}}", i18n, "vi", error);
    EXPECT_NE(error.find("nope.css"), std::string::npos);
}

TEST(Templates, LineBreaksCollapseOutsidePreAndTextarea) {
    EXPECT_EQ(Templates::CollapseLineBreaks("<ul>\n  <li>a</li>\n</ul>"), "<ul> <li>a</li> </ul>");
    EXPECT_EQ(Templates::CollapseLineBreaks("<b>x</b> <i>y</i>"), "<b>x</b> <i>y</i>");  // no break: kept
    EXPECT_EQ(Templates::CollapseLineBreaks("a\n<PRE>1\n  2</PRE>\nb"), "a <PRE>1\n  2</PRE> b");
    EXPECT_EQ(Templates::CollapseLineBreaks("<textarea>\n x\n</textarea>"), "<textarea>\n x\n</textarea>");
}

TEST(Templates, EveryTemplateCompilesAndEscapesByDefault) {
    I18n i18n;
    Templates t(i18n);
    auto html = t.Render("vi", "errors/error",
                         boost::json::object{{"status", 404}, {"title", "<script>x</script>"}, {"message", "m"}});
    EXPECT_EQ(html.find("<script>x"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(Templates, RendersNestedSectionsStraightFromJson) {
    I18n i18n;
    Templates t(i18n);
    boost::json::object model{
        {"can_create", false},
        {"new_href", "/users/new"},
        {"users", boost::json::array{
                      boost::json::object{{"href", "/users/1"}, {"display_name", "Nguyễn Văn A"}, {"username", "a"},
                                          {"active", true}, {"status_label", "OK"},
                                          {"grants", boost::json::array{boost::json::object{{"role_label", "Bí thư"},
                                                                                            {"org_name", "Chi bộ 1"}},
                                                                        boost::json::object{{"role_label", "Đảng viên"},
                                                                                            {"org_name", "Chi bộ 2"}}}},
                                          {"created_display", "1/1/2026 08:00"}},
                      boost::json::object{{"href", "/users/2"}, {"display_name", "<b>B</b>"}, {"username", "b"},
                                          {"active", false}, {"status_label", "Khóa"},
                                          {"grants", boost::json::array{}}, {"created_display", nullptr}}}}};
    std::string html = t.Render("vi", "users/list", model);
    EXPECT_EQ(html.find("/users/new"), std::string::npos);               // false section hidden
    EXPECT_NE(html.find("href=\"/users/1\">Nguyễn Văn A</a>"), std::string::npos);
    EXPECT_NE(html.find("Bí thư"), std::string::npos);                   // list inside a list item
    EXPECT_NE(html.find("Chi bộ 2"), std::string::npos);
    EXPECT_NE(html.find("badge-off"), std::string::npos);                // inverted section on false
    EXPECT_NE(html.find("&lt;b&gt;B&lt;/b&gt;"), std::string::npos);    // escaped
    EXPECT_NE(html.find(i18n.Get("vi", "users.no_grants")), std::string::npos);  // inverted on empty list
    // An empty string counts as false in sections.
    auto events = [&](const char* decision) {
        return t.Render("vi", "orgs/show",
                        boost::json::object{{"org", {{"id", 1}, {"name", "X"}}},
                                            {"events", boost::json::array{boost::json::object{
                                                           {"date_display", "1/1/2016"}, {"decision", decision}}}}});
    };
    const std::string label = i18n.Get("vi", "orgs.decision");
    EXPECT_EQ(events("").find(label), std::string::npos);
    EXPECT_NE(events("Quyết định số 1-QĐ/ĐUK").find(label), std::string::npos);
    std::string empty = t.Render("vi", "users/list", boost::json::object{{"users", boost::json::array{}}});
    EXPECT_EQ(empty.find("/users/1"), std::string::npos);
    // Dotted names and look-ups that fall back to outer sections (site.* inside {{#user}}).
    std::string page = t.RenderLayout(
        "vi",
        boost::json::object{{"lang", "vi"}, {"page_title", "T"},
                            {"site", {{"bloc_name", "Đảng bộ Khối"}, {"party_name", "ĐCSVN"}}},
                            {"user", {{"display_name", "Lê Văn Dũng"}, {"roles_label", "Bí thư"}}},
                            {"csrf_token", "tok123"}},
        "<p>BODY</p>");
    EXPECT_NE(page.find("Đảng bộ Khối"), std::string::npos);
    EXPECT_NE(page.find("Lê Văn Dũng"), std::string::npos);
    EXPECT_NE(page.find("tok123"), std::string::npos);  // csrf_token read from the root inside {{#user}}
    EXPECT_NE(page.find("<p>BODY</p>"), std::string::npos);
    EXPECT_LT(page.find("<html"), page.find("<p>BODY</p>"));
    EXPECT_LT(page.find("<p>BODY</p>"), page.find("</html>"));
}

TEST(Assets, MigrationsTemplatesAndHtmxAreEmbedded) {
    EXPECT_TRUE(assets::Find("migrations/0001_foundation.sql"));
    EXPECT_TRUE(assets::Find("templates/layout.mustache"));
    EXPECT_TRUE(assets::Find("static/htmx.min.js"));
    EXPECT_TRUE(assets::Find("static/app.css"));
    EXPECT_FALSE(assets::Find("static/nothing.css"));
}

// The pipeline, end to end but without sockets.
class PipelineTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(demo::Seed(db_.conn(), clock_.Now(), demo::Size::kSmall).ok());
        settings_.access_log = "off";
        pool_ = std::make_unique<db::Pool>(db_.url(), 2);
        app_ = std::make_unique<App>(settings_, *pool_, clock_);
    }
    http::Response Do(const std::string& method, const std::string& target, const std::string& body = "",
                      http::Headers headers = {}) {
        http::Request req;
        req.method = method;
        req.target = target;
        auto q = target.find('?');
        req.path = target.substr(0, q);
        req.query = q == std::string::npos ? "" : target.substr(q + 1);
        req.headers = std::move(headers);
        req.body = body;
        req.remote_addr = "127.0.0.1";
        return app_->Handle(req);
    }
    testing::TestDb db_{"sqlite"};
    time::FixedClock clock_{1'780'000'000'000};
    config::Settings settings_;
    std::unique_ptr<db::Pool> pool_;
    std::unique_ptr<App> app_;
};

TEST_F(PipelineTest, PagesNeedASessionAndApiSaysSoInJson) {
    auto page = Do("GET", "/users");
    EXPECT_EQ(page.status, 303);
    EXPECT_EQ(page.Header("Location"), "/login?next=%2Fusers");
    auto api = Do("GET", "/api/v1/users");
    EXPECT_EQ(api.status, 401);
    EXPECT_EQ(api.Header("Content-Type"), "application/problem+json");
    auto doc = boost::json::parse(api.body).as_object();
    EXPECT_EQ(doc.at("status").as_int64(), 401);
}

TEST_F(PipelineTest, NotFoundAndMethodNotAllowed) {
    auto nf = Do("GET", "/khong-co", "", {{"Accept", "text/html"}});
    EXPECT_EQ(nf.status, 404);
    EXPECT_NE(nf.body.find("lang=\"vi\""), std::string::npos);
    auto m = Do("PUT", "/api/v1/session", "{}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(m.status, 405);
    EXPECT_NE(m.Header("Allow").find("GET"), std::string_view::npos);
}

TEST_F(PipelineTest, LoginThenCsrfIsRequiredForWrites) {
    auto login = Do("POST", "/api/v1/session", R"({"username":"admin","password":"dangvu-demo"})",
                    {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200) << login.body;
    std::string cookie(login.Header("Set-Cookie"));
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    std::string session = cookie.substr(0, cookie.find(';'));
    std::string csrf(boost::json::parse(login.body).at("csrf_token").as_string());
    std::string body = R"({"parent_id":1,"code":"NEW","name":"Chi bộ mới","type":"grassroots_cell"})";
    auto no_csrf = Do("POST", "/api/v1/orgs", body, {{"Content-Type", "application/json"}, {"Cookie", session}});
    EXPECT_EQ(no_csrf.status, 403);
    auto ok = Do("POST", "/api/v1/orgs", body,
                 {{"Content-Type", "application/json"}, {"Cookie", session}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(ok.status, 201) << ok.body;
    auto dup = Do("POST", "/api/v1/orgs", body,
                  {{"Content-Type", "application/json"}, {"Cookie", session}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(dup.status, 409);
}

TEST_F(PipelineTest, OpenApiListsEveryRoute) {
    I18n i18n;
    auto doc = BuildOpenApi(app_->router());
    EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
    const auto& paths = doc.at("paths").as_object();
    for (const auto& r : app_->router().routes()) {
        std::string path = r.pattern;
        if (auto p = path.find("...}"); p != std::string::npos) path.erase(p, 3);
        std::string method = r.method;
        for (char& c : method) c = static_cast<char>(std::tolower(c));
        ASSERT_TRUE(paths.contains(path)) << path;
        EXPECT_TRUE(paths.at(path).as_object().contains(method)) << method << " " << path;
    }
}

// Every route that answers JSON declares what (web/schema.h), a 204 declares no body, and public routes
// say they need no session: the HTTP suites validate each answer against these declarations.
TEST_F(PipelineTest, OpenApiDeclaresEveryJsonResponse) {
    auto doc = BuildOpenApi(app_->router());
    for (const auto& r : app_->router().routes()) {
        if (r.kind != Kind::kRaw && r.success_status != 204)
            EXPECT_FALSE(r.response.empty()) << r.method << " " << r.pattern << " declares no response schema";
        if (r.success_status == 204) EXPECT_TRUE(r.response.empty()) << r.method << " " << r.pattern;
    }
    const auto& session = doc.at("paths").at("/api/v1/session").as_object();
    EXPECT_FALSE(session.at("delete").at("responses").at("204").as_object().contains("content"));
    EXPECT_TRUE(doc.at("paths").at("/healthz").at("get").at("security").as_array().empty());
    EXPECT_FALSE(doc.at("servers").as_array().empty());
    EXPECT_EQ(doc.at("components").at("schemas").at("Problem").at("additionalProperties"), false);
}

TEST(SchemaTest, ObjectsAreClosedAndListTheirRequiredMembers) {
    using namespace schema;
    auto s = Object({{"id", Int()}, {"note", Nullable(Str()), kOptional}});
    EXPECT_EQ(s.at("additionalProperties"), false);
    EXPECT_EQ(s.at("required"), (boost::json::array{"id"}));
    EXPECT_EQ(s.at("properties").at("note").at("type"), (boost::json::array{"string", "null"}));
    auto t = Extend(s, {{"href", Str()}});
    EXPECT_EQ(t.at("required"), (boost::json::array{"id", "href"}));
    EXPECT_EQ(Nullable(Ref("Org")).at("anyOf").as_array().size(), 2u);
    auto view = Extend(Ref("Org"), {{"href", Str()}});
    EXPECT_EQ(view.at("unevaluatedProperties"), false);
    EXPECT_EQ(view.at("required"), (boost::json::array{"href"}));
}

}  // namespace
}  // namespace dv::web

namespace dv::web {
namespace {

class ProxyTest : public PipelineTest {
protected:
    void SetUp() override {
        settings_.trust_proxy = true;
        PipelineTest::SetUp();
    }
    int LoginFrom(const std::string& forwarded, const std::string& user, const std::string& password) {
        return Do("POST", "/api/v1/session", R"({"username":")" + user + R"(","password":")" + password + "\"}",
                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", forwarded}})
            .status;
    }
};

TEST_F(ProxyTest, ThrottlingCountsTheForwardedClientNotTheProxy) {
    // The proxy appends the client's address last; the pair (user name, that address) is throttled.
    for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginFrom("203.0.113.9, 10.1.1.1", "kiemtra", "wrong-one"), 401);
    EXPECT_EQ(LoginFrom("10.1.1.1", "kiemtra", "dangvu-demo"), 429);           // that client is held back
    EXPECT_EQ(LoginFrom("198.51.100.7, 10.1.1.2", "kiemtra", "dangvu-demo"), 200);  // others are not
}

}  // namespace
}  // namespace dv::web

namespace dv::web {
namespace {

class SecureCookieTest : public PipelineTest {
protected:
    void SetUp() override {
        settings_.secure_cookies = true;
        PipelineTest::SetUp();
    }
};

TEST_F(SecureCookieTest, CookiesAreSecureBehindTls) {
    auto login = Do("POST", "/api/v1/session", R"({"username":"admin","password":"dangvu-demo"})",
                    {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200);
    EXPECT_NE(std::string(login.Header("Set-Cookie")).find("; Secure"), std::string::npos);
}

TEST_F(PipelineTest, CookiesAreNotSecureByDefault) {
    auto login = Do("POST", "/api/v1/session", R"({"username":"admin","password":"dangvu-demo"})",
                    {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200);
    EXPECT_EQ(std::string(login.Header("Set-Cookie")).find("Secure"), std::string::npos);
}

}  // namespace
}  // namespace dv::web
