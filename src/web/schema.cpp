// schema: JSON Schema builders and the shared components.
#include "web/schema.h"

namespace dv::web::schema {

namespace {
Schema Typed(const char* type) { return Schema{{"type", type}}; }
}  // namespace

Schema Str() { return Typed("string"); }
Schema Date() { return Schema{{"type", "string"}, {"format", "date"}}; }
Schema DateTime() { return Schema{{"type", "string"}, {"format", "date-time"}}; }
Schema Int() { return Typed("integer"); }
Schema Num() { return Typed("number"); }
Schema Bool() { return Typed("boolean"); }

Schema Nullable(Schema s) {
    if (auto* t = s.if_contains("type"); t && t->is_string()) {
        s["type"] = boost::json::array{t->get_string(), "null"};
        return s;
    }
    return Schema{{"anyOf", boost::json::array{std::move(s), Typed("null")}}};
}

Schema ArrayOf(Schema items) { return Schema{{"type", "array"}, {"items", std::move(items)}}; }

Schema AnyOf(std::initializer_list<Schema> choices) {
    boost::json::array a;
    for (const auto& c : choices) a.push_back(c);
    return Schema{{"anyOf", std::move(a)}};
}

Schema MapOf(Schema values) { return Schema{{"type", "object"}, {"additionalProperties", std::move(values)}}; }

// Closed where it is used: the component itself is open so that a use may add members (Extend).
Schema Ref(std::string_view name) {
    return Schema{{"$ref", "#/components/schemas/" + std::string(name)}, {"unevaluatedProperties", false}};
}

Schema AnyObject() { return Typed("object"); }

Schema File() { return Schema{{"type", "string"}, {"format", "binary"}}; }

bool IsFile(const Schema& s) {
    const auto* f = s.if_contains("format");
    return f && f->is_string() && f->get_string() == "binary";
}

Schema Object(std::initializer_list<Prop> props) { return Extend(Schema{}, props); }

Schema Extend(const Schema& base, std::initializer_list<Prop> more) {
    if (base.contains("$ref")) {
        // A component plus members: unevaluatedProperties sees the members the $ref evaluated.
        Schema s = base;
        boost::json::object properties;
        boost::json::array required;
        for (const auto& p : more) {
            properties[p.name] = p.schema;
            if (p.presence == kRequired) required.push_back(boost::json::value(p.name));
        }
        s["properties"] = std::move(properties);
        if (!required.empty()) s["required"] = std::move(required);
        return s;
    }
    boost::json::object properties;
    boost::json::array required;
    if (const auto* p = base.if_contains("properties")) properties = p->as_object();
    if (const auto* r = base.if_contains("required")) required = r->as_array();
    for (const auto& p : more) {
        properties[p.name] = p.schema;
        if (p.presence == kRequired) required.push_back(boost::json::value(p.name));
    }
    Schema s{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) s["required"] = std::move(required);
    s["additionalProperties"] = false;
    return s;
}

Schema Open(Schema s) {
    s.erase("additionalProperties");
    return s;
}

Schema Choices() { return ArrayOf(Object({{"value", Str()}, {"label", Str()}, {"selected", Bool()}})); }

boost::json::object Components() {
    Schema field_error = Object({{"field", Str()}, {"code", Str()}, {"detail", Str()}});
    Schema problem = Object({{"type", Str()},
                             {"title", Str()},
                             {"status", Int()},
                             {"detail", Str()},
                             {"code", Str(), kOptional},
                             {"errors", ArrayOf(std::move(field_error)), kOptional}});
    problem["description"] =
        "RFC 9457 problem details. `type` is a page that explains the problem (/problems/{code}); `code` is "
        "the stable machine key; `errors` names each field that failed validation.";
    return boost::json::object{{"Problem", std::move(problem)}};
}

}  // namespace dv::web::schema
