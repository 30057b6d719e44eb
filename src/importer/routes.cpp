// importer routes: the member import as an upload page for office staff (the same import and report as
// `dangvu import members`), the header-only files to fill in, and the problems found as a CSV download.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "core/text.h"
#include "importer/importer.h"
#include "importer/routes.h"
#include "web/context.h"

namespace dv::web {

namespace {

using importer::Field;

// Problems listed on the page; the CSV download holds them all (a page of 100,000 rows helps nobody).
constexpr size_t kShownProblems = 1000;

// One reason the whole file was refused: a header problem (importer::HeaderProblem), or the file itself
// unreadable or empty (tabular's codes and the importer's "empty", at a line or for the whole file).
std::string FileProblem(const Context& ctx, const FieldError& f) {
    if (f.field == "header") return importer::Render(ctx.app().i18n(), ctx.lang(), f);
    std::string key = "import.file_error." + f.code;
    if (!ctx.app().i18n().Has(ctx.lang(), key)) return f.message;
    for (const auto& [name, value] : f.params)
        if (name == "line") return text::Fill(ctx.T("import.file_error.at_line"), {{"line", value}, {"problem", ctx.T(key)}});
    return ctx.T(key);
}

// What the form shows chosen: the request's own values when the form is shown again after a post, else the
// defaults (a link may pick the organization with ?org_id=).
struct Choices {
    std::string org_id;
    bool dry_run = true;
    bool skip_invalid = false;
};
Choices ChoicesOf(Context& ctx) {
    if (ctx.request().method != "POST") return {ctx.Query("org_id")};
    const auto& fields = ctx.input().fields();
    auto org = fields.find("org_id");
    return {org != fields.end() && org->value().is_string() ? std::string(org->value().get_string()) : "",
            fields.contains("dry_run"), fields.contains("skip_invalid")};
}

boost::json::object FormModel(Context& ctx, const std::vector<org::Org>& destinations, const Choices& chosen) {
    boost::json::array orgs;
    for (const auto& o : destinations) {
        std::string indent;
        for (int i = 0; i < o.depth; ++i) indent += "\u00a0\u00a0\u00a0";
        orgs.push_back(boost::json::object{{"id", std::to_string(o.id)},
                                           {"label", indent + o.name + " (" + o.code + ")"},
                                           {"selected", std::to_string(o.id) == chosen.org_id}});
    }
    std::string required;
    boost::json::array columns;
    for (int i = 0; i < importer::kFieldCount; ++i) {
        auto f = static_cast<Field>(i);
        bool must = importer::Required(f);
        if (must) required += (required.empty() ? "" : ", ") + std::string(importer::VietnameseHeader(f));
        columns.push_back(boost::json::object{{"header", importer::VietnameseHeader(f)},
                                              {"hint", ctx.T(std::string("import.columns.") + importer::CodeName(f))},
                                              {"required", must}});
    }
    return {{"orgs", std::move(orgs)},
            {"dry_run", chosen.dry_run},
            {"skip_invalid", chosen.skip_invalid},
            {"required_columns", required},
            {"org_code_note",
             text::Fill(ctx.T("import.help_org_code"), {{"column", importer::VietnameseHeader(Field::kOrgCode)}})},
            {"columns", std::move(columns)},
            {"values", boost::json::object{}},
            {"errors", boost::json::object{}}};
}

std::vector<std::pair<std::string, std::string>> Breadcrumbs(const Context& ctx) {
    return {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}, {"/members/import", ctx.T("import.title")}};
}

// GET /members/import: the upload form. Also the form_model of the POST, for a form shown again with errors.
Result<Outcome> UploadForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto destinations, importer::Destinations(ctx.db(), ctx.scope()));
    Outcome out;
    out.model = FormModel(ctx, destinations, ChoicesOf(ctx));
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

// The file was refused before any row was read: the form again, with every reason.
Result<Outcome> Refused(Context& ctx, const std::vector<org::Org>& destinations, Error error) {
    if (ctx.json()) return ImportRefusalJson(ctx, std::move(error));
    boost::json::array problems;
    for (const auto& f : error.field_errors) problems.push_back(boost::json::value(FileProblem(ctx, f)));
    if (problems.empty()) problems.push_back(boost::json::value(error.message));
    Outcome out;
    out.status = 422;
    out.template_name = "importer/upload";
    out.model = FormModel(ctx, destinations, ChoicesOf(ctx));
    out.model["file_refused"] = true;
    out.model["file_problems"] = std::move(problems);
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

// The report as the page shows it: what happened in one sentence, the counts, every problem (the first
// kShownProblems listed) and the problems again as JSON for the CSV download.
boost::json::object ResultModel(Context& ctx, const importer::Report& r, const importer::Options& options,
                                const std::string& filename, const std::vector<org::Org>& destinations) {
    std::vector<std::pair<std::string, std::string>> counts{{"accepted", std::to_string(r.accepted)},
                                                            {"added", std::to_string(r.added)},
                                                            {"rejected", std::to_string(r.rejected)}};
    std::string headline, kind;
    if (options.dry_run) {
        headline = r.rejected == 0 ? "import.result.dry_clean" : "import.result.dry_rejects";
        kind = r.rejected == 0 ? "ok" : "warning";
    } else if (r.rejected == 0) {
        headline = "import.result.written";
        kind = "ok";
    } else {
        headline = options.skip_invalid ? "import.result.written_skipped" : "import.result.nothing_written";
        kind = options.skip_invalid ? "warning" : "error";
    }
    boost::json::object result{{"headline", text::Fill(ctx.T(headline), counts)},
                               {kind, true},
                               {"dry_run", options.dry_run},
                               {"filename", filename},
                               {"rows", r.rows},
                               {"accepted", r.accepted},
                               {"added", r.added},
                               {"rejected", r.rejected}};
    if (options.dry_run && r.rejected == 0 && r.accepted > 0) result["next_step"] = ctx.T("import.result.next_real");
    if (options.org_id) {
        for (const auto& o : destinations)
            if (o.id == *options.org_id) result["org_name"] = o.name;
    }

    boost::json::object model = ImportProblemsModel(ctx, r);
    model["result"] = std::move(result);
    return model;
}

}  // namespace

boost::json::object ImportProblemsModel(const Context& ctx, const importer::Report& r) {
    boost::json::array problems, all;
    for (const auto& reject : r.rejects) {
        std::string reason = importer::Render(ctx.app().i18n(), ctx.lang(), reject.reason);
        if (problems.size() < kShownProblems)
            problems.push_back(boost::json::object{
                {"line", reject.line}, {"column", reject.column}, {"value", reject.value}, {"reason", reason}});
        all.push_back(boost::json::array{reject.line, boost::json::string(reject.column),
                                         boost::json::string(reject.value), boost::json::string(reason)});
    }
    boost::json::object model{{"problems", std::move(problems)}};
    if (!r.rejects.empty()) {
        model["has_problems"] = true;
        model["rejects_json"] = boost::json::serialize(all);
    }
    if (r.rejects.size() > kShownProblems)
        model["problems_more"] = text::Fill(ctx.T("import.problems_more"), {{"shown", std::to_string(kShownProblems)},
                                                                      {"total", std::to_string(r.rejects.size())}});
    return model;
}

std::string ImportFileProblem(const Context& ctx, const FieldError& f) { return FileProblem(ctx, f); }

Error ImportRefusalJson(const Context& ctx, Error error) {
    for (auto& f : error.field_errors) {
        f.message = FileProblem(ctx, f);
        f.params.clear();
    }
    return error;
}

boost::json::object ImportReportJson(const Context& ctx, const importer::Report& r, bool dry_run) {
    boost::json::array rejects;
    for (const auto& reject : r.rejects) {
        boost::json::object params;
        for (const auto& [name, value] : reject.reason.params) params[name] = value;
        if (reject.reason.cause) params["cause"] = importer::Describe(*reject.reason.cause).name;
        rejects.push_back(boost::json::object{{"line", reject.line},
                                              {"column", reject.column},
                                              {"value", reject.value},
                                              {"code", importer::Describe(reject.reason.code).name},
                                              {"params", std::move(params)},
                                              {"reason", importer::Render(ctx.app().i18n(), ctx.lang(), reject.reason)}});
    }
    return {{"dry_run", dry_run}, {"rows", r.rows},         {"accepted", r.accepted},
            {"added", r.added},   {"rejected", r.rejected}, {"rejects", std::move(rejects)}};
}

namespace {

// POST /members/import (multipart/form-data): file, org_id, dry_run, skip_invalid.
Result<Outcome> Upload(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto destinations, importer::Destinations(ctx.db(), ctx.scope()));
    auto& in = ctx.input();
    importer::Options options;
    options.org_id = in.Int("org_id", false);
    options.dry_run = in.Bool("dry_run", false).value_or(false);
    options.skip_invalid = in.Bool("skip_invalid", false).value_or(false);
    const UploadedFile* file = in.File("file");
    if (!file || file->filename.empty()) in.AddError("file", "required", "import.choose_file");
    // The server reads multipart bodies up to the larger attachment limit; a spreadsheet has its own.
    else if (static_cast<int64_t>(file->bytes.size()) > ctx.app().settings().upload_limit)
        in.AddError("file", "too_large", "import.file_too_large");
    DV_TRY(in.Finish());

    auto table = tabular::ReadAny(file->bytes);
    if (!table.ok()) return Refused(ctx, destinations, table.take_error());
    auto report = importer::ImportMembers(ctx.db(), ctx.scope(), *table, options, ctx.actor(), ctx.now(), ctx.Today());
    if (!report.ok() && report.error().IsInvalid()) return Refused(ctx, destinations, report.take_error());
    if (!report.ok()) return report.take_error();

    Outcome out;
    if (ctx.json()) {
        out.model = {{"report", ImportReportJson(ctx, *report, options.dry_run)}};
        return out;
    }
    out.template_name = "importer/upload";
    // The form below the report is ready for the next step: after a clean check, the real import.
    Choices next = ChoicesOf(ctx);
    next.dry_run = !(options.dry_run && report->rejected == 0 && report->accepted > 0);
    out.model = FormModel(ctx, destinations, next);
    for (auto& [k, v] : ResultModel(ctx, *report, options, file->filename, destinations)) out.model[k] = v;
    out.breadcrumbs = Breadcrumbs(ctx);
    return out;
}

std::vector<std::vector<std::string>> TemplateSheet() {
    std::vector<std::string> headers;
    for (int i = 0; i < importer::kFieldCount; ++i)
        headers.emplace_back(importer::VietnameseHeader(static_cast<Field>(i)));
    return {headers};
}

// GET /members/import/template.csv: the header row only, as the import reads it.
Result<Outcome> TemplateCsv(Context&) {
    return FileDownload(tabular::WriteCsv(TemplateSheet()), "text/csv; charset=utf-8",
                          "mau-danh-sach-dang-vien.csv");
}

// The workbook with the header row; it never changes, so it is written once per process.
Result<std::string> TemplateXlsxBytes() {
    static const Result<std::string> kBytes = XlsxBytes("Danh sách", TemplateSheet());
    return kBytes;
}

// GET /members/import/template.xlsx
Result<Outcome> TemplateXlsx(Context&) {
    DV_ASSIGN_OR_RETURN(std::string bytes, TemplateXlsxBytes());
    return FileDownload(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "mau-danh-sach-dang-vien.xlsx");
}

// POST /members/import/rejects.csv: the problems a result page showed, sent back by its download button, as the
// CSV `dangvu import members --report` writes (reasons in the page's language). The server keeps nothing
// between requests and running the import again could give another report (after --skip-invalid wrote the good
// rows), so the page carries the problems itself.
Result<Outcome> RejectsCsv(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    auto& in = ctx.input();
    std::string text = in.Text("rejects", true, 0, std::numeric_limits<size_t>::max());
    DV_TRY(in.Finish());
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(text, ec);
    const boost::json::array* rows = ec ? nullptr : parsed.if_array();
    if (!rows) return Error::InvalidField("rejects", "invalid", "import.rejects_invalid");
    // The reasons come back as the page rendered them: the sheet takes them as they are.
    std::vector<std::vector<std::string>> sheet{importer::RejectsHeader()};
    for (const auto& item : *rows) {
        const auto* row = item.if_array();
        if (!row || row->size() != 4 || !(*row)[0].is_int64() || !(*row)[1].is_string() || !(*row)[2].is_string() ||
            !(*row)[3].is_string())
            return Error::InvalidField("rejects", "invalid", "import.rejects_invalid");
        sheet.push_back({std::to_string((*row)[0].get_int64()), std::string((*row)[1].get_string()),
                         std::string((*row)[2].get_string()), std::string((*row)[3].get_string())});
    }
    return FileDownload(tabular::WriteCsv(sheet), "text/csv; charset=utf-8", "danh-sach-loi.csv");
}

const std::vector<FieldSpec> kUploadFields = {
    {"file", "file", true, "the CSV or XLSX file (multipart/form-data file part)"},
    {"org_id", "integer", false, "default cell, and the subtree every row must lie in"},
    {"dry_run", "boolean", false, "check everything, write nothing"},
    {"skip_invalid", "boolean", false, "write the good rows even when others are rejected"}};
const std::vector<FieldSpec> kRejectsFields = {
    {"rejects", "string", true, "JSON array of [line, column, value, reason], as the result page holds it"}};
const std::vector<FieldSpec> kFormQuery = {{"org_id", "integer", false, "the organization chosen in the form"}};

}  // namespace

void RegisterImportRoutes(Router& r) {
    using namespace schema;
    r.AddComponent(
        "ImportReport",
        Object(
            {{"dry_run", Bool()},
             {"rows", Int()},
             {"accepted", Int()},
             {"added", Int()},
             {"rejected", Int()},
             {"rejects", ArrayOf(Object({{"line", Int()},
                                         {"column", Str()},
                                         {"value", Str()},
                                         {"code", Str()},
                                         {"params", MapOf(Str())},
                                         {"reason", Str()}}))}}));
    const Schema upload_form =
        Object({{"orgs", ArrayOf(Object({{"id", Str()}, {"label", Str()}, {"selected", Bool()}}))},
                {"dry_run", Bool()},
                {"skip_invalid", Bool()},
                {"required_columns", Str()},
                {"org_code_note", Str()},
                {"columns", ArrayOf(Object({{"header", Str()}, {"hint", Str()}, {"required", Bool()}}))},
                {"values", MapOf(Str())},
                {"errors", MapOf(Str())}});
    const Schema upload = Object({{"report", Ref("ImportReport")}});
    RegisterOrgImportRoutes(r);
    RegisterUserImportRoutes(r);
    r.Add({.method = "GET",
           .pattern = "/members/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "importer/upload",
           .summary = "import.title",
           .tag = "members",
           .handler = UploadForm,
           .query = kFormQuery,
           .response = upload_form});
    r.Add({.method = "POST",
           .pattern = "/members/import",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "import.title",
           .tag = "members",
           .handler = Upload,
           .form_template = "importer/upload",
           .form_model = UploadForm,
           .body = kUploadFields,
           .response = upload});
    r.Add({.method = "GET",
           .pattern = "/members/import/template.csv",
           .kind = Kind::kRaw,
           .access = Access::kPublic,
           .summary = "The member import's columns, header row only (CSV)",
           .tag = "members",
           .handler = TemplateCsv});
    r.Add({.method = "GET",
           .pattern = "/members/import/template.xlsx",
           .kind = Kind::kRaw,
           .access = Access::kPublic,
           .summary = "The member import's columns, header row only (XLSX)",
           .tag = "members",
           .handler = TemplateXlsx});
    r.Add({.method = "POST",
           .pattern = "/members/import/rejects.csv",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "import.title",
           .tag = "members",
           .handler = RejectsCsv,
           .body = kRejectsFields,
           .response = File()});
}

}  // namespace dv::web
