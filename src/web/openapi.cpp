// openapi: one operation per route; HTML pages are described too (text/html), since they are the
// same handlers answering JSON on Accept: application/json.
#include "web/openapi.h"

#include <algorithm>
#include <map>

namespace dv::web {

namespace {
boost::json::object Schema(const std::vector<FieldSpec>& fields) {
    boost::json::object props;
    boost::json::array required;
    for (const auto& f : fields) {
        props[f.name] = boost::json::object{{"type", f.type == "file" ? "string" : f.type}, {"description", f.description}};
        if (f.type == "file") props[f.name].as_object()["format"] = "binary";
        if (f.type == "array") props[f.name].as_object()["items"] = boost::json::object{{"type", "object"}};
        if (f.required) required.push_back(boost::json::value(f.name));
    }
    boost::json::object s{{"type", "object"}, {"properties", std::move(props)}};
    if (!required.empty()) s["required"] = std::move(required);
    return s;
}

std::string OperationId(const Route& r) {
    std::string out;
    for (char c : r.method) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : r.pattern) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}
boost::json::object ProblemContent() {
    return {{"application/problem+json", {{"schema", schema::Ref("Problem")}}}};
}

// The answers of one route: its success (the declared schema; none for a 204), the HTML form's 303,
// and problems. A signed-in route says how to authenticate on 401 (WWW-Authenticate).
boost::json::object Responses(const Route& r) {
    boost::json::object ok{{"description", "Success"}};
    boost::json::object content;
    if (schema::IsFile(r.response)) {
        content["application/octet-stream"] = {{"schema", r.response}};
    } else {
        if (r.kind == Kind::kHtml) content["text/html"] = {{"schema", schema::Str()}};
        if (!r.response.empty()) {
            content["application/json"] = {{"schema", r.response}};
        } else if (r.kind == Kind::kRaw) {
            content["*/*"] = {{"schema", schema::Str()}};
        }
    }
    if (r.success_status != 204 && !content.empty()) ok["content"] = std::move(content);
    boost::json::object responses;
    for (int other : r.other_statuses) responses[std::to_string(other)] = ok;
    responses[std::to_string(r.success_status)] = std::move(ok);
    if (r.kind == Kind::kHtml && r.method != "GET")
        responses["303"] = {{"description", "HTML form: redirect after success"}};
    if (r.access == Access::kSignedIn)
        responses["401"] = {{"description", "No valid session (HTML pages redirect to /login instead)"},
                            {"headers", {{"WWW-Authenticate", {{"description", "Cookie realm=\"dangvu\": sign in with "
                                                                                  "POST /api/v1/session for the dv_session cookie"},
                                                               {"schema", schema::Str()}}}}},
                            {"content", ProblemContent()}};
    responses["4XX"] = {{"description", "Client error (RFC 9457 problem details for JSON clients)"},
                        {"content", ProblemContent()}};
    responses["5XX"] = {{"description", "Server error or database unavailable (problem details)"},
                        {"content", ProblemContent()}};
    return responses;
}

// The shared Problem, then the views features declared (Router::AddComponent).
boost::json::object Components(const Router& router) {
    boost::json::object out = schema::Components();
    for (const auto& [name, s] : router.components()) out[name] = s;
    return out;
}
}  // namespace

boost::json::object BuildOpenApi(const Router& router) {
    boost::json::object paths;
    for (const auto& r : router.routes()) {
        std::string path = r.pattern;
        // OpenAPI has no catch-all parameter: {path...} is written {path}.
        auto dots = path.find("...}");
        if (dots != std::string::npos) path.erase(dots, 3);
        boost::json::object op{{"operationId", OperationId(r)}, {"summary", r.summary}, {"tags", boost::json::array{r.tag}}};
        boost::json::array params;
        for (const auto& seg : r.segments) {
            if (seg.size() > 2 && seg.front() == '{') {
                std::string name = seg.substr(1, seg.size() - 2);
                if (name.size() > 3 && name.substr(name.size() - 3) == "...") name.resize(name.size() - 3);
                params.push_back(boost::json::object{{"name", name}, {"in", "path"}, {"required", true},
                                                     {"schema", {{"type", name == "id" || name.ends_with("_id") ? "integer" : "string"}}}});
            }
        }
        for (const auto& q : r.query)
            params.push_back(boost::json::object{{"name", q.name}, {"in", "query"}, {"required", q.required},
                                                 {"description", q.description}, {"schema", {{"type", q.type}}}});
        if (!params.empty()) op["parameters"] = std::move(params);
        bool upload = std::any_of(r.body.begin(), r.body.end(), [](const FieldSpec& f) { return f.type == "file"; });
        if (upload) {
            boost::json::object content{{"multipart/form-data", {{"schema", Schema(r.body)}}}};
            op["requestBody"] = {{"required", true}, {"content", std::move(content)}};
        } else if (!r.body.empty()) {
            boost::json::object content{{"application/json", {{"schema", Schema(r.body)}}}};
            if (r.kind == Kind::kHtml) content["application/x-www-form-urlencoded"] = {{"schema", Schema(r.body)}};
            op["requestBody"] = {{"required", true}, {"content", std::move(content)}};
        }
        op["responses"] = Responses(r);
        // Public routes say so: no session needed (the document's default asks for one).
        if (r.access == Access::kPublic) op["security"] = boost::json::array{};
        std::string method;
        for (char c : r.method) method += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!paths.contains(path)) paths[path] = boost::json::object{};
        paths[path].as_object()[method] = std::move(op);
    }
    return boost::json::object{
        {"openapi", "3.1.0"},
        {"info", {{"title", "dangvu"}, {"version", DANGVU_VERSION},
                  {"license", {{"name", "UNLICENSED (all rights reserved; see packaging/copyright)"},
                              {"identifier", "LicenseRef-UNLICENSED"}}},
                  {"description", "Party affairs platform. Every HTML page answers JSON on Accept: application/json. "
                                  "State-changing requests with a session cookie need the X-CSRF-Token header "
                                  "(GET /api/v1/session returns the token)."}}},
        {"servers", boost::json::array{boost::json::object{{"url", "/"}, {"description", "This server"}}}},
        {"security", boost::json::array{boost::json::object{{"session", boost::json::array{}}}}},
        {"paths", std::move(paths)},
        {"components",
         {{"securitySchemes", {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "dv_session"}}}}},
          {"schemas", Components(router)}}}};
}

}  // namespace dv::web
