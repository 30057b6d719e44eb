// http: plain request/response values, so nothing outside src/http/server.cpp sees Beast.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dv::http {

// Header names are compared case-insensitively; stored as received.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // raw request target: "/users?page=2"
    std::string path;    // decoded path without the query: "/users"
    std::string query;   // raw query string without '?': "page=2"
    Headers headers;
    std::string body;
    std::string remote_addr;  // peer IP address as text
    bool keep_alive = true;

    // The first header with this name (case-insensitive), or "".
    std::string_view Header(std::string_view name) const;
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    // Set by handlers for the access log and metrics: the route pattern that matched ("/users/{id}").
    std::string route;

    void SetHeader(std::string_view name, std::string value);
    void AddHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
    std::string_view Header(std::string_view name) const;
};

bool IEquals(std::string_view a, std::string_view b);

// Percent-decoding for paths and form fields. `plus_is_space` for application/x-www-form-urlencoded.
// Returns false on a malformed escape.
bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space);
std::string PercentEncode(std::string_view in);

// Parses "a=1&b=x%20y" into pairs (decoded). Malformed escapes make the whole parse fail.
bool ParseUrlEncoded(std::string_view in, std::vector<std::pair<std::string, std::string>>& out);

const char* StatusReason(int status);

}  // namespace dv::http
