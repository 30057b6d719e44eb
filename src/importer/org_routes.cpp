// importer org routes: the organization import as an upload page for office staff and admins (the same import
// and report as `dangvu import orgs`), and the organizations as CSV or XLSX for everyone who sees the tree.
#include "importer/orgs.h"
#include "importer/routes.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

std::vector<std::pair<std::string, std::string>> Breadcrumbs(const Context& ctx) {
    return {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}, {"/orgs/import", ctx.T("import_orgs.title")}};
}

// The form, its help (every column, and the type names the file may use) and the checkbox as chosen.
boost::json::object FormModel(Context& ctx, bool dry_run) {
    boost::json::array cols;
    for (const auto& c : importer::OrgColumns())
        cols.push_back(boost::json::object{{"header", c.vi},
                                           {"code", c.code},
                                           {"hint", ctx.T(std::string("import_orgs.columns.") + c.code)},
                                           {"required", c.required}});
    boost::json::array types;
    for (const auto& t : org::Types(ctx.db())) types.push_back(boost::json::object{{"name", t.name}, {"code", t.code}});
    return {{"columns", std::move(cols)},
            {"types", std::move(types)},
            {"dry_run", dry_run},
            {"values", boost::json::object{}},
            {"errors", boost::json::object{}}};
}

// GET /orgs/import: the upload form (checking first is the default). Also the POST's form_model.
Result<Outcome> OrgUploadForm(Context& ctx) {
    if (!importer::MayImportOrgs(ctx.scope())) return Error::Forbidden();
    Outcome out;
    out.model = FormModel(ctx, ctx.request().method != "POST" || ctx.input().fields().contains("dry_run"));
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

// The file was refused before any row was read: the form again, with every reason.
Result<Outcome> Refused(Context& ctx, bool dry_run, Error error) {
    if (ctx.json()) return ImportRefusalJson(ctx, std::move(error));
    boost::json::array problems;
    for (const auto& f : error.field_errors) problems.push_back(boost::json::value(ImportFileProblem(ctx, f)));
    if (problems.empty()) problems.push_back(boost::json::value(error.message));
    Outcome out;
    out.status = 422;
    out.template_name = "importer/orgs";
    out.model = FormModel(ctx, dry_run);
    out.model["file_refused"] = true;
    out.model["file_problems"] = std::move(problems);
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

// POST /orgs/import (multipart/form-data): file, dry_run. Written: to the tree, which shows the new units.
Result<Outcome> OrgUpload(Context& ctx) {
    if (!importer::MayImportOrgs(ctx.scope())) return Error::Forbidden();
    auto& in = ctx.input();
    importer::OrgOptions options;
    options.dry_run = in.Bool("dry_run", false).value_or(false);
    const UploadedFile* file = in.File("file");
    if (!file || file->filename.empty())
        in.AddError("file", "required", "import.choose_file");
    else if (static_cast<int64_t>(file->bytes.size()) > ctx.app().settings().upload_limit)
        in.AddError("file", "too_large", "import.file_too_large");
    DV_TRY(in.Finish());

    auto table = tabular::ReadAny(file->bytes);
    if (!table.ok()) return Refused(ctx, options.dry_run, table.take_error());
    auto report = importer::ImportOrgs(ctx.db(), ctx.scope(), *table, options, ctx.actor(), ctx.now(), ctx.Today());
    if (!report.ok() && report.error().IsInvalid()) return Refused(ctx, options.dry_run, report.take_error());
    if (!report.ok()) return report.take_error();

    Outcome out;
    if (ctx.json()) {
        out.model = {{"report", ImportReportJson(ctx, *report, options.dry_run)}};
        return out;
    }
    if (!options.dry_run && report->rejected == 0) {
        out.redirect = "/orgs?expand=all";
        out.flash = "import_orgs.flash_written";
        return out;
    }
    const auto& r = *report;
    std::string headline = options.dry_run
                               ? (r.rejected == 0 ? "import_orgs.result.dry_clean" : "import_orgs.result.dry_rejects")
                               : "import_orgs.result.nothing_written";
    std::string text = ctx.T(headline);
    for (const auto& [name, value] : {std::pair<std::string, int64_t>{"{accepted}", r.accepted},
                                      std::pair<std::string, int64_t>{"{rejected}", r.rejected}})
        for (size_t at = text.find(name); at != std::string::npos; at = text.find(name))
            text.replace(at, name.size(), std::to_string(value));
    boost::json::object result{{"headline", text},
                               {r.rejected == 0 ? "ok" : "error", true},
                               {"dry_run", options.dry_run},
                               {"filename", file->filename},
                               {"rows", r.rows},
                               {"accepted", r.accepted},
                               {"rejected", r.rejected}};
    if (options.dry_run && r.rejected == 0 && r.accepted > 0)
        result["next_step"] = ctx.T("import_orgs.result.next_real");
    out.template_name = "importer/orgs";
    // After a clean check the form below is ready for the real import.
    out.model = FormModel(ctx, !(options.dry_run && r.rejected == 0 && r.accepted > 0));
    for (auto& [k, v] : ImportProblemsModel(ctx, r)) out.model[k] = v;
    out.model["result"] = std::move(result);
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

constexpr const char* kExportName = "danh-sach-to-chuc";

// GET /orgs/export.csv: the organizations the caller sees, as `dangvu export orgs` writes them.
Result<Outcome> ExportCsv(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto sheet, importer::ExportOrgs(ctx.db(), ctx.scope()));
    return FileDownload(tabular::WriteCsv(sheet), "text/csv; charset=utf-8", std::string(kExportName) + ".csv");
}

// GET /orgs/export.xlsx
Result<Outcome> ExportXlsx(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto sheet, importer::ExportOrgs(ctx.db(), ctx.scope()));
    DV_ASSIGN_OR_RETURN(std::string bytes, XlsxBytes("Tổ chức", sheet));
    return FileDownload(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          std::string(kExportName) + ".xlsx");
}

const std::vector<FieldSpec> kUploadFields = {
    {"file", "file", true, "the CSV or XLSX file (multipart/form-data file part)"},
    {"dry_run", "boolean", false, "check everything, write nothing"}};

}  // namespace

void RegisterOrgImportRoutes(Router& r) {
    using namespace schema;
    const Schema org_upload_form = Object(
        {{"columns", ArrayOf(Object({{"header", Str()}, {"code", Str()}, {"hint", Str()}, {"required", Bool()}}))},
         {"types", ArrayOf(Object({{"name", Str()}, {"code", Str()}}))},
         {"dry_run", Bool()},
         {"values", MapOf(Str())},
         {"errors", MapOf(Str())}});
    const Schema org_upload = Object({{"report", Ref("ImportReport")}});
    r.Add({.method = "GET",
           .pattern = "/orgs/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "importer/orgs",
           .summary = "import_orgs.title",
           .tag = "orgs",
           .handler = OrgUploadForm,
           .response = org_upload_form});
    r.Add({.method = "POST",
           .pattern = "/orgs/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "import_orgs.title",
           .tag = "orgs",
           .handler = OrgUpload,
           .form_template = "importer/orgs",
           .form_model = OrgUploadForm,
           .body = kUploadFields,
           .response = org_upload});
    r.Add({.method = "GET",
           .pattern = "/orgs/export.csv",
           .kind = Kind::kHtml,  // a download, but after the session: the file holds what the caller sees
           .access = Access::kSignedIn,
           .summary = "import_orgs.export_title",
           .tag = "orgs",
           .handler = ExportCsv,
           .response = File()});
    r.Add({.method = "GET",
           .pattern = "/orgs/export.xlsx",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "import_orgs.export_title",
           .tag = "orgs",
           .handler = ExportXlsx,
           .response = File()});
}

}  // namespace dv::web
