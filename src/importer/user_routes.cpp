// importer user routes: the account import as an upload page for admins (the same import and report as
// `dangvu import users`); the one-time passwords are shown once, on the result page, and kept nowhere.
#include "importer/routes.h"
#include "importer/users.h"
#include "web/context.h"

namespace dv::web {

namespace {

std::vector<std::pair<std::string, std::string>> Breadcrumbs(const Context& ctx) {
    return {{"/", ctx.T("nav.home")}, {"/users", ctx.T("users.title")}, {"/users/import", ctx.T("import_users.title")}};
}

boost::json::object FormModel(Context& ctx, bool dry_run) {
    boost::json::array cols;
    for (const auto& c : importer::UserColumns())
        cols.push_back(boost::json::object{{"header", c.vi},
                                           {"hint", ctx.T(std::string("import_users.columns.") + c.code)},
                                           {"required", c.required}});
    return {{"columns", std::move(cols)},
            {"dry_run", dry_run},
            {"values", boost::json::object{}},
            {"errors", boost::json::object{}}};
}

// GET /users/import: the upload form (checking first is the default). Also the POST's form_model.
Result<Outcome> UserUploadForm(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kManageUsers)) return Error::Forbidden();
    Outcome out;
    out.model = FormModel(ctx, ctx.request().method != "POST" || ctx.input().fields().contains("dry_run"));
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

Result<Outcome> Refused(Context& ctx, bool dry_run, Error error) {
    if (ctx.json()) return ImportRefusalJson(ctx, std::move(error));
    boost::json::array problems;
    for (const auto& f : error.field_errors) problems.push_back(boost::json::value(ImportFileProblem(ctx, f)));
    if (problems.empty()) problems.push_back(boost::json::value(error.message));
    Outcome out;
    out.status = 422;
    out.template_name = "importer/users";
    out.model = FormModel(ctx, dry_run);
    out.model["file_refused"] = true;
    out.model["file_problems"] = std::move(problems);
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

// POST /users/import (multipart/form-data): file, dry_run.
Result<Outcome> UserUpload(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kManageUsers)) return Error::Forbidden();
    auto& in = ctx.input();
    bool dry_run = in.Bool("dry_run", false).value_or(false);
    const UploadedFile* file = in.File("file");
    if (!file || file->filename.empty())
        in.AddError("file", "required", "import.choose_file");
    else if (static_cast<int64_t>(file->bytes.size()) > ctx.app().settings().upload_limit)
        in.AddError("file", "too_large", "import.file_too_large");
    DV_TRY(in.Finish());

    auto table = tabular::ReadAny(file->bytes);
    if (!table.ok()) return Refused(ctx, dry_run, table.take_error());
    auto result = importer::ImportUsers(ctx.db(), ctx.scope(), *table, dry_run, ctx.actor(), ctx.now());
    if (!result.ok() && result.error().IsInvalid()) return Refused(ctx, dry_run, result.take_error());
    if (!result.ok()) return result.take_error();

    const auto& r = result->report;
    boost::json::array passwords;
    for (const auto& p : result->passwords)
        passwords.push_back(boost::json::object{{"username", p.username}, {"password", p.password}});
    Outcome out;
    if (ctx.json()) {
        out.model = {{"report", ImportReportJson(ctx, r, dry_run)}, {"passwords", std::move(passwords)}};
        return out;
    }
    std::string headline = dry_run
                               ? (r.rejected == 0 ? "import_users.result.dry_clean" : "import_users.result.dry_rejects")
                           : r.rejected == 0 ? "import_users.result.written"
                                             : "import_users.result.nothing_written";
    std::string text = ctx.T(headline);
    for (const auto& [name, value] : {std::pair<std::string, int64_t>{"{accepted}", r.accepted},
                                      std::pair<std::string, int64_t>{"{added}", r.added},
                                      std::pair<std::string, int64_t>{"{rejected}", r.rejected}})
        for (size_t at = text.find(name); at != std::string::npos; at = text.find(name))
            text.replace(at, name.size(), std::to_string(value));
    boost::json::object summary{{"headline", text},           {r.rejected == 0 ? "ok" : "error", true},
                                {"filename", file->filename}, {"rows", r.rows},
                                {"accepted", r.accepted},     {"rejected", r.rejected}};
    out.template_name = "importer/users";
    out.model = FormModel(ctx, !(dry_run && r.rejected == 0 && r.accepted > 0));
    for (auto& [k, v] : ImportProblemsModel(ctx, r)) out.model[k] = v;
    out.model["result"] = std::move(summary);
    if (!passwords.empty()) {
        out.model["has_passwords"] = true;
        out.model["passwords"] = std::move(passwords);
    }
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

const std::vector<FieldSpec> kUploadFields = {
    {"file", "file", true, "the CSV or XLSX file (multipart/form-data file part)"},
    {"dry_run", "boolean", false, "check everything, write nothing"}};

}  // namespace

void RegisterUserImportRoutes(Router& r) {
    using namespace schema;
    const Schema user_upload_form =
        Object({{"columns", ArrayOf(Object({{"header", Str()}, {"hint", Str()}, {"required", Bool()}}))},
                {"dry_run", Bool()},
                {"values", MapOf(Str())},
                {"errors", MapOf(Str())}});
    const Schema user_upload = Object(
        {{"report", Ref("ImportReport")}, {"passwords", ArrayOf(Object({{"username", Str()}, {"password", Str()}}))}});
    r.Add({.method = "GET",
           .pattern = "/users/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "importer/users",
           .summary = "import_users.title",
           .tag = "users",
           .handler = UserUploadForm,
           .response = user_upload_form});
    r.Add({.method = "POST",
           .pattern = "/users/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "import_users.title",
           .tag = "users",
           .handler = UserUpload,
           .form_template = "importer/users",
           .form_model = UserUploadForm,
           .body = kUploadFields,
           .response = user_upload});
}

}  // namespace dv::web
