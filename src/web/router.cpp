// Router: pattern compilation and matching (a linear scan; the table is small).
#include "web/router.h"

#include <stdexcept>

namespace dv::web {

namespace {
std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        out.emplace_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

bool IsParam(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
}  // namespace

void Router::Add(Route route) {
    route.segments = Split(route.pattern);
    for (const auto& r : routes_)
        if (r.method == route.method && r.pattern == route.pattern)
            throw std::logic_error("duplicate route " + route.method + " " + route.pattern);
    routes_.push_back(std::move(route));
}

void Router::AddComponent(const std::string& name, schema::Schema s) {
    if (components_.contains(name)) throw std::logic_error("duplicate schema component " + name);
    components_[name] = schema::Open(std::move(s));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
    Match m;
    const std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
    auto segs = Split(path);
    for (const auto& r : routes_) {
        std::vector<std::pair<std::string, std::string>> params;
        bool ok = true;
        size_t i = 0;
        for (; i < r.segments.size(); ++i) {
            const auto& s = r.segments[i];
            if (IsParam(s) && s.size() > 5 && s.compare(s.size() - 4, 4, "...}") == 0) {
                std::string rest;
                for (size_t k = i; k < segs.size(); ++k) rest += (k > i ? "/" : "") + segs[k];
                if (rest.empty()) ok = false;
                params.emplace_back(s.substr(1, s.size() - 5), rest);
                i = segs.size();
                break;
            }
            if (i >= segs.size()) {
                ok = false;
                break;
            }
            if (IsParam(s)) {
                params.emplace_back(s.substr(1, s.size() - 2), segs[i]);
            } else if (s != segs[i]) {
                ok = false;
                break;
            }
        }
        if (!ok || i != segs.size()) continue;
        if (r.method != want) {
            m.allowed_methods.push_back(r.method);
            continue;
        }
        m.route = &r;
        m.params = std::move(params);
        return m;
    }
    return m;
}

}  // namespace dv::web
