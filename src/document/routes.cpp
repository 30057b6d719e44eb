// document routes ([3/10], first step): the reference extractor over HTTP.
#include "document/refs.h"
#include "web/context.h"

namespace dv::web {

namespace {

// POST /api/v1/refs/extract {"text": "..."}: the references found, as `dangvu refs extract` prints them.
Result<Outcome> ExtractRefs(Context& ctx) {
    auto& in = ctx.input();
    // A whole report or article: up to the body limit, not the 200 code points of a form field.
    std::string text = in.Str("text", true, 1, 10 * 1024 * 1024);
    DV_TRY(in.Finish());
    Outcome out;
    out.model = {{"references", document::ToJson(document::ExtractReferences(text))}};
    return out;
}

const std::vector<FieldSpec> kExtractFields = {{"text", "string", true, "the text to read (UTF-8)"}};

}  // namespace

void RegisterDocumentRoutes(Router& r) {
    r.Add({.method = "POST", .pattern = "/api/v1/refs/extract", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Document references (05-CT/TW, 30/2020/NĐ-CP …) found in a text", .tag = "documents",
           .handler = ExtractRefs, .body = kExtractFields});
}

}  // namespace dv::web
