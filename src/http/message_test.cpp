// Table tests for the plain HTTP helpers in http/message.h.
#include "http/message.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dv::http {
namespace {

TEST(IEqualsTest, ComparesAsciiCaseInsensitively) {
    struct Case {
        std::string_view a, b;
        bool equal;
    };
    const Case cases[] = {
        {"", "", true},
        {"Content-Type", "content-type", true},
        {"CONTENT-TYPE", "content-type", true},
        {"Content-Type", "Content-Typ", false},
        {"abc", "abd", false},
        {"a-b", "a_b", false},
        // Only ASCII letters fold: bytes of UTF-8 text are compared as they are.
        {"\xC3\x89", "\xC3\xA9", false},
        {"[", "{", false},
    };
    for (const auto& c : cases) EXPECT_EQ(IEquals(c.a, c.b), c.equal) << c.a << " vs " << c.b;
}

TEST(HeadersTest, RequestHeaderFindsFirstMatchIgnoringCase) {
    Request req;
    req.headers = {{"Host", "example.org"}, {"X-Dup", "one"}, {"x-dup", "two"}};
    EXPECT_EQ(req.Header("host"), "example.org");
    EXPECT_EQ(req.Header("X-DUP"), "one");
    EXPECT_EQ(req.Header("missing"), "");
}

TEST(HeadersTest, SetHeaderReplacesInPlaceAndDropsDuplicates) {
    Response res;
    res.AddHeader("Set-Cookie", "a=1");
    res.AddHeader("Content-Type", "text/plain");
    res.AddHeader("set-cookie", "b=2");
    res.SetHeader("SET-COOKIE", "c=3");
    const Headers expected = {{"Set-Cookie", "c=3"}, {"Content-Type", "text/plain"}};
    EXPECT_EQ(res.headers, expected);
    EXPECT_EQ(res.Header("set-cookie"), "c=3");

    res.SetHeader("Cache-Control", "no-store");
    EXPECT_EQ(res.headers.back(), (std::pair<std::string, std::string>("Cache-Control", "no-store")));
    EXPECT_EQ(res.Header("Missing"), "");
}

TEST(PercentDecodeTest, Table) {
    struct Case {
        std::string_view in;
        bool plus_is_space;
        bool ok;
        std::string out;
    };
    const Case cases[] = {
        {"", false, true, ""},
        {"/users/42", false, true, "/users/42"},
        {"/a%20b", false, true, "/a b"},
        {"%2F%2f", false, true, "//"},
        {"%C4%90%E1%BB%A9c", false, true,
         "\xC4\x90\xE1\xBB\xA9"
         "c"},  // "Đức"
        {"a+b", false, true, "a+b"},
        {"a+b", true, true, "a b"},
        {"%2B", true, true, "+"},
        {"%00", false, true, std::string(1, '\0')},
        {"100%", false, false, ""},
        {"%4", false, false, ""},
        {"%zz", false, false, ""},
        {"%4g", false, false, ""},
        {"ok%2", true, false, ""},
    };
    for (const auto& c : cases) {
        std::string out = "stale";
        EXPECT_EQ(PercentDecode(c.in, out, c.plus_is_space), c.ok) << c.in;
        EXPECT_EQ(out, c.out) << c.in;
    }
}

TEST(PercentEncodeTest, Table) {
    struct Case {
        std::string_view in;
        std::string out;
    };
    const Case cases[] = {
        {"", ""},
        {"AZaz09-._~", "AZaz09-._~"},
        {"a b", "a%20b"},
        {"a+b&c=d/e?f#g%", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25"},
        {"\xC4\x90", "%C4%90"},
        {std::string_view("\0\xFF", 2), "%00%FF"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(PercentEncode(c.in), c.out) << c.in;
        std::string back;
        EXPECT_TRUE(PercentDecode(c.out, back, false));
        EXPECT_EQ(back, c.in);
    }
}

TEST(ParseUrlEncodedTest, Table) {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    struct Case {
        std::string_view in;
        bool ok;
        Pairs out;
    };
    const Case cases[] = {
        {"", true, {}},
        {"a=1&b=x%20y", true, {{"a", "1"}, {"b", "x y"}}},
        {"name=Nguy%E1%BB%85n+V%C4%83n+A", true, {{"name", "Nguy\xE1\xBB\x85n V\xC4\x83n A"}}},
        {"flag", true, {{"flag", ""}}},
        {"flag=", true, {{"flag", ""}}},
        {"=v", true, {{"", "v"}}},
        {"&&a=1&&", true, {{"a", "1"}}},
        {"a=1=2", true, {{"a", "1=2"}}},
        {"a=1&a=2", true, {{"a", "1"}, {"a", "2"}}},
        {"k%2Bx=%26", true, {{"k+x", "&"}}},
        {"a=1&b=%zz", false, {}},
        {"%=1", false, {}},
    };
    for (const auto& c : cases) {
        Pairs out = {{"stale", "value"}};
        EXPECT_EQ(ParseUrlEncoded(c.in, out), c.ok) << c.in;
        EXPECT_EQ(out, c.out) << c.in;
    }
}

TEST(StatusReasonTest, Table) {
    struct Case {
        int status;
        std::string_view reason;
    };
    const Case cases[] = {
        {200, "OK"},
        {201, "Created"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {303, "See Other"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {409, "Conflict"},
        {413, "Payload Too Large"},
        {415, "Unsupported Media Type"},
        {422, "Unprocessable Entity"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {503, "Service Unavailable"},
        {299, "Unknown"},
        {0, "Unknown"},
        {-1, "Unknown"},
    };
    for (const auto& c : cases) EXPECT_EQ(StatusReason(c.status), c.reason) << c.status;
}

}  // namespace
}  // namespace dv::http
