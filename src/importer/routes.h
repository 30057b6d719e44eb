// importer routes: what the upload pages of the member, organization and account imports share (defined in
// routes.cpp): the report's problems in the page's language, downloads, and the organization routes' entry.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "importer/importer.h"
#include "web/router.h"

namespace dv::web {

class Context;

// The problems of a report as the upload templates show them: "problems" (the first 1000, reasons in the
// page's language), "has_problems", "rejects_json" (all of them, for the CSV download posted back to
// /members/import/rejects.csv) and "problems_more" when the page shows only some.
boost::json::object ImportProblemsModel(const Context& ctx, const importer::Report& r);
// One reason a whole file was refused (a header problem, or tabular's reading error) in the page's language.
std::string ImportFileProblem(const Context& ctx, const FieldError& f);
// For scripts (Accept: application/json): the report, each reject with its stable "code" and "params" and the
// "reason" rendered in the request's language.
boost::json::object ImportReportJson(const Context& ctx, const importer::Report& r, bool dry_run);
// A file refused as a whole, for scripts: the problem body's field errors worded in the request's language.
Error ImportRefusalJson(const Context& ctx, Error error);

// /orgs/import and /orgs/export.{csv,xlsx} (org_routes.cpp); registered by RegisterImportRoutes, which
// runs before the organization routes so /orgs/{id} does not take /orgs/import.
void RegisterOrgImportRoutes(Router& router);
// /users/import (user_routes.cpp); registered by RegisterImportRoutes, before /users/{id}.
void RegisterUserImportRoutes(Router& router);

}  // namespace dv::web
