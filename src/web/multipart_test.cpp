// Unit tests of multipart/form-data parsing: the boundary parameter, framing as browsers send it, every
// refusal by its code, the limits, and generated bodies (round trips, every truncation, random damage).
#include "web/multipart.h"

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <random>
#include <set>

namespace dv::web::multipart {
namespace {

std::string CodeOf(const Error& e) { return e.field_errors.empty() ? "" : e.field_errors.front().code; }

// A body as a browser builds it: each part its headers, an empty line, its data.
struct Spec {
    std::string headers;
    std::string data;
};
std::string Body(std::string_view boundary, const std::vector<Spec>& parts) {
    std::string b;
    for (const auto& p : parts) b += "--" + std::string(boundary) + "\r\n" + p.headers + "\r\n\r\n" + p.data + "\r\n";
    return b + "--" + std::string(boundary) + "--\r\n";
}
// Parts point into the body: keep each test body alive for the whole test run.
Result<std::vector<Part>> ParseKept(std::string body, std::string_view boundary) {
    static std::deque<std::string> kept;
    kept.push_back(std::move(body));
    return Parse(kept.back(), boundary);
}

std::string Field(std::string_view name) {
    return "Content-Disposition: form-data; name=\"" + std::string(name) + "\"";
}
std::string FileField(std::string_view name, std::string_view filename) {
    return Field(name) + "; filename=\"" + std::string(filename) + "\"\r\nContent-Type: text/csv";
}

TEST(MultipartBoundary, QuotedOrNotAmongOtherParameters) {
    const std::pair<const char*, const char*> good[] = {
        {"multipart/form-data; boundary=----WebKitFormBoundaryx7Yz", "----WebKitFormBoundaryx7Yz"},
        {"multipart/form-data;boundary=abc", "abc"},
        {"Multipart/Form-Data; BOUNDARY=abc", "abc"},
        {"multipart/form-data; boundary=\"a b'()+_,-./:=?\"", "a b'()+_,-./:=?"},
        {"multipart/form-data; charset=utf-8; boundary=\"x=y:z\"", "x=y:z"},
        {"multipart/form-data; boundary=abc; charset=utf-8", "abc"},
        {"multipart/form-data; boundary = abc ;", "abc"},
        {"multipart/form-data; boundary=\"a\\\"b\"", nullptr},  // '"' is no boundary character
    };
    for (const auto& [ct, want] : good) {
        auto b = Boundary(ct);
        if (!want) {
            EXPECT_FALSE(b.ok()) << ct;
            continue;
        }
        ASSERT_TRUE(b.ok()) << ct << ": " << b.error().field_errors.front().message;
        EXPECT_EQ(*b, want) << ct;
    }
    EXPECT_EQ(Boundary(std::string("multipart/form-data; boundary=") + std::string(70, 'a'))->size(), 70u);
}

TEST(MultipartBoundary, RefusedWithACode) {
    const std::pair<std::string, const char*> bad[] = {
        {"multipart/form-data", "no_boundary"},
        {"multipart/form-data; charset=utf-8", "no_boundary"},
        {"multipart/form-data; boundary=", "bad_boundary"},
        {"multipart/form-data; boundary=\"\"", "bad_boundary"},
        {"multipart/form-data; boundary=" + std::string(71, 'a'), "bad_boundary"},
        {"multipart/form-data; boundary=\"abc \"", "bad_boundary"},
        {"multipart/form-data; boundary=ab\xc3\xa9", "bad_boundary"},
        {"multipart/form-data; boundary=a{b}", "bad_boundary"},
        {"multipart/form-data; boundary=\"abc", "bad_boundary"},
        {"multipart/form-data; boundary=abc; boundary=def", "bad_boundary"},
        {"multipart/form-data; boundary=a\"b", "bad_boundary"},
        {"multipart/form-data; boundary=\"abc\"x", "bad_boundary"},
        {"multipart/form-data; =abc", "bad_boundary"},
        {"multipart/form-data; boundary", "bad_boundary"},
        {std::string("multipart/form-data; boundary=a\rb"), "bad_boundary"},
    };
    for (const auto& [ct, code] : bad) {
        auto b = Boundary(ct);
        ASSERT_FALSE(b.ok()) << ct;
        EXPECT_EQ(b.error().code, ErrorCode::kBadRequest);
        EXPECT_EQ(b.error().message, "error.bad_multipart");
        EXPECT_EQ(CodeOf(b.error()), code) << ct;
    }
}

TEST(MultipartParse, FieldsAndAFileAsABrowserSendsThem) {
    std::string csv = "Họ và tên,Giới tính\r\nNguyễn Văn An,Nam\r\n";
    std::string body = Body("XyZ", {{Field("_csrf"), "tok"},
                                    {Field("org_id"), "42"},
                                    {FileField("file", "danh sách.csv"), csv},
                                    {Field("dry_run"), "1"}});
    auto parts = Parse(body, "XyZ");
    ASSERT_TRUE(parts.ok()) << parts.error().field_errors.front().message;
    ASSERT_EQ(parts->size(), 4u);
    EXPECT_EQ((*parts)[0].name, "_csrf");
    EXPECT_EQ((*parts)[0].data, "tok");
    EXPECT_FALSE((*parts)[0].filename);
    EXPECT_EQ((*parts)[1].data, "42");
    EXPECT_EQ((*parts)[2].name, "file");
    EXPECT_EQ((*parts)[2].filename, "danh sách.csv");
    EXPECT_EQ((*parts)[2].content_type, "text/csv");
    EXPECT_EQ((*parts)[2].data, csv);  // its own CRLFs stay; the one before the delimiter does not
    EXPECT_EQ((*parts)[3].data, "1");
}

TEST(MultipartParse, FramingDetails) {
    // A preamble and an epilogue are ignored; the first delimiter then needs the CRLF before it.
    auto p = ParseKept("This is a preamble.\r\n--b\r\n" + Field("a") + "\r\n\r\nx\r\n--b--\r\nepilogue --b\r\n", "b");
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->size(), 1u);
    EXPECT_EQ(p->front().data, "x");
    // Transport padding after a delimiter; no CRLF after the closing one.
    p = ParseKept("--b  \t\r\n" + Field("a") + "\r\n\r\nx\r\n--b--", "b");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->front().data, "x");
    // Empty data, data that looks almost like a delimiter, binary data with NULs and lone CR/LF.
    std::string binary("\0\r\n-\r\n--\r\n--c\r\r\n", 16);
    p = ParseKept(
        Body("b", {{Field("empty"), ""}, {Field("near"), "\r\n-b\r\n--\r\n--c"}, {FileField("f", "x.bin"), binary}}),
        "b");
    ASSERT_TRUE(p.ok()) << p.error().field_errors.front().message;
    ASSERT_EQ(p->size(), 3u);
    EXPECT_EQ((*p)[0].data, "");
    EXPECT_EQ((*p)[2].data, binary);
    // A "--bx" inside data is the delimiter "--b" followed by text: refused rather than guessed.
    EXPECT_EQ(CodeOf(ParseKept(Body("b", {{Field("near"), "\r\n--bx"}}), "b").error()), "bad_delimiter");
    // No parts at all is a valid (empty) form.
    p = ParseKept("--b--\r\n", "b");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->empty());
}

TEST(MultipartParse, PartHeaders) {
    auto one = [](std::string headers) { return ParseKept(Body("b", {{std::move(headers), "v"}}), "b"); };
    auto p = one("content-disposition: FORM-DATA; NAME=plain; filename=\"C:\\\\Users\\\\an\\\\ds.xlsx\"");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->front().name, "plain");
    EXPECT_EQ(p->front().filename, "ds.xlsx");  // directories stripped
    p = one(Field("a") + "; filename=\"\"\r\nContent-Type: application/octet-stream");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->front().filename, "");  // an empty file input: a file part without a file
    p = one("Content-Type: text/plain\r\nX-Other: ignored\r\n" + Field("q\\\"uote") + ";");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->front().name, "q\"uote");
    EXPECT_EQ(p->front().content_type, "text/plain");
    p = one("Content-Disposition: form-data; name=\"a;b\"; filename=\"x=1;y.csv\"");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->front().name, "a;b");
    EXPECT_EQ(p->front().filename, "x=1;y.csv");
    // Duplicate names are kept in order; the caller decides.
    p = ParseKept(Body("b", {{Field("a"), "1"}, {Field("a"), "2"}}), "b");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ((*p)[1].data, "2");
}

TEST(MultipartParse, MalformedBodiesAreRefusedWithACode) {
    const std::string ok_part = "--b\r\n" + Field("a") + "\r\n\r\nx\r\n";
    const std::pair<std::string, const char*> cases[] = {
        {"", "no_first_boundary"},
        {"a=1&b=2", "no_first_boundary"},
        {"--c\r\n" + Field("a") + "\r\n\r\nx\r\n--c--", "no_first_boundary"},
        {"preamble--b\r\n" + Field("a") + "\r\n\r\nx", "no_first_boundary"},  // the delimiter needs its CRLF
        {ok_part, "no_closing_boundary"},
        {ok_part + "--b", "no_closing_boundary"},
        {ok_part + "--b-", "no_closing_boundary"},
        {"--b\r\n" + Field("a") + "\r\n\r\nx", "no_closing_boundary"},
        {"--b\r\n" + Field("a") + "\r\n", "no_closing_boundary"},
        {"--b\r\n" + Field("a") + "\r\n\r\nx\n--b--", "no_closing_boundary"},  // LF alone is not a line end
        {"--b\n" + Field("a") + "\n\nx\n--b--\n", "bad_delimiter"},
        {"--bc\r\n" + Field("a") + "\r\n\r\nx\r\n--b--", "bad_delimiter"},
        {ok_part + "--b-x", "bad_delimiter"},
        {ok_part + "--b\r\n\r\nx\r\n--b--", "no_disposition"},
        {"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "no_disposition"},
        {"--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--", "not_form_data"},
        {"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "no_name"},
        {"--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--", "no_name"},
        {"--b\r\nContent-Disposition: form-data; filename=a.csv\r\n\r\nx\r\n--b--", "no_name"},
        {"--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\n" + Field("a") + "\r\n" + Field("b") + "\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\n" + Field("a") + "\r\n folded\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\nno colon here\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\nBad Name: x\r\n" + Field("a") + "\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\n" + Field("a") + "\nX: y\r\n\r\nx\r\n--b--", "bad_header"},
        {"--b\r\n" + Field("a") + std::string("\r\nX: \0\r\n\r\nx\r\n--b--", 18), "bad_header"},
    };
    for (const auto& [body, code] : cases) {
        auto p = Parse(body, "b");
        ASSERT_FALSE(p.ok()) << body;
        EXPECT_EQ(p.error().code, ErrorCode::kBadRequest) << body;
        EXPECT_EQ(p.error().message, "error.bad_multipart") << body;
        EXPECT_EQ(CodeOf(p.error()), code) << body;
        EXPECT_FALSE(p.error().field_errors.front().message.empty());
    }
}

TEST(MultipartParse, LimitsHold) {
    Limits limits{.max_parts = 3, .max_header_bytes = 100, .max_field_bytes = 10};
    std::vector<Spec> three(3, {Field("a"), "x"});
    EXPECT_TRUE(Parse(Body("b", three), "b", limits).ok());
    three.push_back({Field("a"), "x"});
    EXPECT_EQ(CodeOf(Parse(Body("b", three), "b", limits).error()), "too_many_parts");

    EXPECT_TRUE(Parse(Body("b", {{Field("a"), std::string(10, 'x')}}), "b", limits).ok());
    EXPECT_EQ(CodeOf(Parse(Body("b", {{Field("a"), std::string(11, 'x')}}), "b", limits).error()), "field_too_large");
    // Files are bounded by the transport's body limit only.
    EXPECT_TRUE(Parse(Body("b", {{FileField("f", "a.csv"), std::string(1000, 'x')}}), "b", limits).ok());

    std::string long_header = Field("a") + "\r\nX-Pad: " + std::string(100, 'p');
    EXPECT_EQ(CodeOf(Parse(Body("b", {{long_header, "x"}}), "b", limits).error()), "header_too_large");
    std::string fits = Field("a") + "\r\nX: " + std::string(100 - Field("a").size() - 5, 'p');
    ASSERT_EQ(fits.size(), 100u);
    EXPECT_TRUE(Parse(Body("b", {{fits, "x"}}), "b", limits).ok());
}

// Random parts with random bytes (never the delimiter), built into a body and read back unchanged.
TEST(MultipartParse, GeneratedBodiesRoundTrip) {
    std::mt19937 rng(20240521);
    // No 'B', so the data never holds the delimiter.
    const std::string alphabet("ab\r\n-\0\xff", 7);
    for (int round = 0; round < 300; ++round) {
        std::vector<Spec> specs;
        std::vector<std::string> names;
        int n = static_cast<int>(rng() % 5);
        for (int i = 0; i < n; ++i) {
            std::string data;
            size_t len = rng() % 40;
            for (size_t j = 0; j < len; ++j) data += alphabet[rng() % alphabet.size()];
            names.push_back("f" + std::to_string(i));
            specs.push_back({i % 2 ? FileField(names.back(), "x.csv") : Field(names.back()), data});
        }
        std::string body = Body("B0und", specs);
        auto p = Parse(body, "B0und", {.max_parts = 64, .max_header_bytes = 4096, .max_field_bytes = 1 << 20});
        ASSERT_TRUE(p.ok()) << round << ": " << p.error().field_errors.front().message;
        ASSERT_EQ(p->size(), specs.size());
        for (size_t i = 0; i < specs.size(); ++i) {
            EXPECT_EQ((*p)[i].name, names[i]);
            EXPECT_EQ((*p)[i].data, specs[i].data) << round;
            EXPECT_EQ((*p)[i].filename.has_value(), i % 2 == 1);
        }
    }
}

const std::set<std::string> kCodes = {"no_first_boundary", "bad_delimiter",  "no_closing_boundary", "bad_header",
                                      "header_too_large",  "no_disposition", "not_form_data",       "no_name",
                                      "too_many_parts",    "field_too_large"};

// A body cut anywhere before the end of its closing delimiter is refused, never read as a shorter form.
TEST(MultipartParse, EveryTruncationIsRefused) {
    std::string body = Body("XyZ", {{Field("_csrf"), "tok"}, {FileField("file", "a.csv"), "a,b\r\n1,2\r\n"}});
    size_t close_end = body.rfind("--XyZ--") + 7;
    for (size_t cut = 0; cut < body.size(); ++cut) {
        auto p = Parse(std::string_view(body).substr(0, cut), "XyZ");
        if (cut >= close_end) {
            EXPECT_TRUE(p.ok()) << cut;
            continue;
        }
        ASSERT_FALSE(p.ok()) << "cut at " << cut;
        EXPECT_TRUE(kCodes.count(CodeOf(p.error()))) << CodeOf(p.error());
    }
}

// Damaged bodies: random bytes overwritten, inserted or removed. Each is either read (every part inside the
// body) or refused with a known code; under ASan this also proves no read past the body.
TEST(MultipartParse, RandomDamageIsReadOrRefusedCleanly) {
    std::mt19937 rng(7);
    const std::string base =
        Body("b0", {{Field("a"), "x"}, {FileField("f", "y.csv"), "1,2\r\n3,4\r\n"}, {Field("c"), ""}});
    const std::string noise("\r\n-\"; =b0\0:", 11);
    int refused = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string body = base;
        int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !body.empty(); ++e) {
            size_t at = rng() % body.size();
            char c = rng() % 2 ? noise[rng() % noise.size()] : static_cast<char>(rng() % 256);
            switch (rng() % 3) {
                case 0:
                    body[at] = c;
                    break;
                case 1:
                    body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), c);
                    break;
                default:
                    body.erase(at, 1 + rng() % 6);
                    break;
            }
        }
        // Parse a copy sized exactly, so any read past its end is caught.
        auto exact = std::make_unique<char[]>(body.size());
        std::copy(body.begin(), body.end(), exact.get());
        std::string_view view(exact.get(), body.size());
        auto p = Parse(view, "b0", {.max_parts = 4, .max_header_bytes = 200, .max_field_bytes = 64});
        if (!p.ok()) {
            ++refused;
            EXPECT_EQ(p.error().code, ErrorCode::kBadRequest);
            EXPECT_TRUE(kCodes.count(CodeOf(p.error()))) << CodeOf(p.error());
            continue;
        }
        for (const auto& part : *p) {
            EXPECT_FALSE(part.name.empty());
            if (part.data.empty()) continue;
            EXPECT_GE(part.data.data(), view.data());
            EXPECT_LE(part.data.data() + part.data.size(), view.data() + view.size());
        }
    }
    EXPECT_GT(refused, 1000);  // the damage did reach the parser's checks
}

}  // namespace
}  // namespace dv::web::multipart
