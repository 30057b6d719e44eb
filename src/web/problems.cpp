// problems: problem codes and the explanation pages their type URIs resolve to.
#include "web/problems.h"

#include <algorithm>

#include "web/context.h"

namespace dv::web {

std::string ProblemCode(const Error& error, int status) {
    if (status == 405) return "method_not_allowed";
    if (error.message == "error.csrf") return "csrf";
    // Problems a client acts on differently from their status's usual meaning get their own type.
    if (error.message == "error.empty_install" || error.message == "error.password_change_required")
        return error.message.substr(6);
    return ToString(error.code);
}

const std::vector<std::string>& ProblemCodes() {
    static const std::vector<std::string> kCodes = {
        "invalid",  "bad_request", "unauthenticated", "forbidden", "not_found",          "conflict",
        "too_large", "unsupported", "throttled",      "internal",  "unavailable",        "method_not_allowed",
        "csrf",     "empty_install", "password_change_required"};
    return kCodes;
}

namespace {

// GET /problems/{code}: what the problem means and what to do, for people and for API clients.
Result<Outcome> ShowProblem(Context& ctx) {
    const std::string code = ctx.Param("code");
    const auto& codes = ProblemCodes();
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) return Error::NotFound();
    Outcome out;
    out.model = {{"code", code},
                 {"type", "/problems/" + code},
                 {"title", ctx.T("error." + code)},
                 {"detail", ctx.T("error_detail." + code)},
                 {"explanation", ctx.T("problems." + code)}};
    out.title = ctx.T("error." + code);
    return out;
}

}  // namespace

void RegisterProblemRoutes(Router& r) {
    using namespace schema;
    r.Add({.method = "GET", .pattern = "/problems/{code}", .kind = Kind::kHtml, .access = Access::kPublic,
           .template_name = "errors/problem", .summary = "problems.title", .tag = "system", .handler = ShowProblem,
           .response = Object({{"code", Str()}, {"type", Str()}, {"title", Str()}, {"detail", Str()},
                               {"explanation", Str()}})});
}

}  // namespace dv::web
