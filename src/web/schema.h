// schema: small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 uses them) that routes declare
// for their responses. A route's declaration beside its handler is the only copy: the OpenAPI document
// is generated from it, and the HTTP suites validate every JSON answer against it.
//
// Objects are closed (`additionalProperties: false`): a field added to a view and not to its schema
// fails the suites. Properties are required unless marked kOptional.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace dv::web::schema {

using Schema = boost::json::object;

Schema Str();
Schema Date();       // "YYYY-MM-DD"
Schema DateTime();   // RFC 3339 date and time
Schema Int();
Schema Num();
Schema Bool();
Schema Nullable(Schema s);  // the value may also be null
Schema ArrayOf(Schema items);
// The choices of a form's select (web::Options): [{value, label, selected}].
Schema Choices();
// Any one of these (a handler with two kinds of answer).
Schema AnyOf(std::initializer_list<Schema> choices);
// An object used as a map: any member names, each value matching `values` (a form's submitted values).
Schema MapOf(Schema values);
// A shared component, closed where used: {"$ref": "#/components/schemas/NAME",
// "unevaluatedProperties": false} (see Router::AddComponent).
Schema Ref(std::string_view name);
// An object whose members are not listed (the OpenAPI document itself, an event's stored details).
Schema AnyObject();
// Not JSON: the route answers a file (a download, an export) whatever the Accept header.
Schema File();
bool IsFile(const Schema& s);

enum Presence { kRequired, kOptional };

struct Prop {
    Prop(std::string name, Schema schema, Presence presence = kRequired)
        : name(std::move(name)), schema(std::move(schema)), presence(presence) {}
    std::string name;
    Schema schema;
    Presence presence;
};

// A closed object with these properties.
Schema Object(std::initializer_list<Prop> props);
// `base`'s properties plus `more` (the same view with a page's extra fields). `base` may be a Ref.
Schema Extend(const Schema& base, std::initializer_list<Prop> more);
// The object opened, as a component is stored (Router::AddComponent): each Ref closes it where used.
Schema Open(Schema s);

// The component every route shares: Problem (RFC 9457, as the server answers every error). Features
// declare their own views with Router::AddComponent.
boost::json::object Components();

}  // namespace dv::web::schema
