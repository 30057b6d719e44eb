// Router: the table of routes (method, path pattern, handler, and what OpenAPI and the
// permission matrix need to know about each), and matching a request against it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"
#include "web/schema.h"

namespace dv::web {

class Context;

// What a handler produces. The same Outcome becomes HTML (template + layout) or JSON (the model).
struct Outcome {
    int status = 200;
    boost::json::object model;
    // After a successful HTML form post: 303 to this URL. For JSON, sent as Location.
    std::string redirect;
    // An i18n key shown once on the next page (HTML only).
    std::string flash;
    // Overrides the route's template (e.g. a POST that renders a page).
    std::string template_name;
    // Translated page title; defaults to the route summary key.
    std::string title;
    std::vector<std::pair<std::string, std::string>> breadcrumbs;  // (href, label), last is current
    std::vector<std::pair<std::string, std::string>> headers;      // extra headers (Set-Cookie...)
    // A raw body that bypasses rendering (static files, metrics, OpenAPI).
    bool raw = false;
    std::string raw_body;
    std::string content_type;
};

using HandlerFn = std::function<Result<Outcome>(Context&)>;

enum class Access { kPublic, kSignedIn };

// How a route represents itself: an HTML page (JSON still on Accept: application/json),
// an API endpoint (always JSON), or raw bytes (static files, metrics).
enum class Kind { kHtml, kApi, kRaw };

// A field of a request body or query string, for validation messages and OpenAPI.
struct FieldSpec {
    std::string name;
    std::string type;  // "string", "integer", "boolean", "array" (of objects), "file" (a multipart upload)
    bool required = false;
    std::string description;
};

struct Route {
    std::string method;   // GET, POST, PUT, PATCH, DELETE
    std::string pattern;  // "/users/{id}"; "{rest...}" matches the remainder of the path
    Kind kind = Kind::kHtml;
    Access access = Access::kSignedIn;
    std::string template_name;  // page template (HTML GET routes)
    std::string summary;        // i18n key of the page title, or English text for API routes
    std::string tag;            // OpenAPI tag (the feature)
    HandlerFn handler;
    // HTML form posts: when the handler returns kInvalid/kConflict, the form page is shown again
    // (form_template, with the model from form_model plus the submitted values and the errors).
    std::string form_template;
    HandlerFn form_model;
    bool csrf_exempt = false;        // only for endpoints that create a session (checked otherwise)
    std::vector<FieldSpec> body;     // request body fields (OpenAPI)
    std::vector<FieldSpec> query;    // query parameters (OpenAPI)
    int success_status = 200;        // for OpenAPI
    // Open to a session whose one-time password is still to be changed (the change form, log-out):
    // every other signed-in route sends such a session to /account (HTML) or answers 403 (API).
    bool before_password_change = false;
    // A signed-in GET whose answer depends only on the data, the session, the URL, the language and
    // the date may be served from the page cache (web/cache.h) until the data changes. Off for a route
    // whose answer depends on anything else (the clock's time of day, another request header).
    bool cacheable = true;
    // The JSON the route answers with success_status (web/schema.h): the model of an HTML page on
    // Accept: application/json, an API answer, or a raw route's JSON body. Empty for a raw route
    // whose body is not JSON and for a 204. The OpenAPI document and the HTTP suites' validation of
    // every response read it from here.
    schema::Schema response;
    std::vector<int> other_statuses;  // other success statuses answered with the same JSON (OpenAPI)

    std::vector<std::string> segments;  // compiled from pattern by Router::Add
};

class Router {
public:
    void Add(Route route);

    struct Match {
        const Route* route = nullptr;
        std::vector<std::pair<std::string, std::string>> params;
        std::vector<std::string> allowed_methods;  // when the path matches but not the method (405)
    };
    // HEAD matches GET routes.
    Match Find(std::string_view method, std::string_view path) const;

    const std::vector<Route>& routes() const { return routes_; }

    // A view several routes answer with, declared once by its feature and named in their schemas by
    // schema::Ref(name); the OpenAPI document lists it under components/schemas.
    void AddComponent(const std::string& name, schema::Schema s);
    const boost::json::object& components() const { return components_; }

private:
    std::vector<Route> routes_;
    boost::json::object components_;
};

}  // namespace dv::web
