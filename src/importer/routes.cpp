// importer routes: the member import as an upload page for office staff (the same import and report as
// `dangvu import members`), the header-only files to fill in, and the problems found as a CSV download.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "importer/importer.h"
#include "importer/routes.h"
#include "web/context.h"

namespace dv::web {

namespace {

using importer::Field;

// Problems listed on the page; the CSV download holds them all (a page of 100,000 rows helps nobody).
constexpr size_t kShownProblems = 1000;

// `text` with each "{name}" replaced.
std::string Fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values)
        for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
            text.replace(at, name.size(), value);
    return text;
}

// The importer's reasons, and its header problems, are short English (what the command line prints). These are
// the ones the page translates; "{1}", "{2}", "{3}" stand for text carried over (a line number, a column name).
struct KnownText {
    const char* english;
    const char* key;
};
constexpr KnownText kKnownTexts[] = {
    {"required", "import.reasons.required"},
    {"too long", "import.reasons.too_long"},
    {"not a date: write dd/mm/yyyy", "import.reasons.not_a_date"},
    {"write the year with four digits", "import.reasons.four_digit_year"},
    {"impossible date", "import.reasons.impossible_date"},
    {"date is in the future", "import.reasons.future_date"},
    {"contains a control character", "field.control_char"},
    {"date out of range: 1900 to ten years from today", "field.date_out_of_range"},
    {"admission date is not after the birth date", "import.reasons.admitted_before_birth"},
    {"official date is before the admission date", "import.reasons.official_before_admission"},
    {"official date is the same day as the admission date", "import.reasons.official_same_day"},
    {"must be Nam or Nữ", "import.reasons.gender"},
    {"card number must have 6 to 15 digits (groups may be separated by dots or spaces)", "import.reasons.card_format"},
    {"a full name has letters, spaces, hyphens or apostrophes only", "import.reasons.name_chars"},
    {"under 18 on the admission date", "import.reasons.too_young"},
    {"a citizen id has 12 digits (old identity card: 9)", "import.reasons.citizen_id_format"},
    {"a phone number has 10 digits starting with 0 (or +84), a landline 11 digits starting with 02",
     "import.reasons.phone_format"},
    {"the cell is a number and lost its leading zero: format the column as Text and type the number again",
     "import.reasons.lost_zero"},
    {"unknown cell code", "import.reasons.unknown_cell"},
    {"not a cell: members belong to cells (chi bộ)", "import.reasons.not_a_cell"},
    {"cell was merged or dissolved", "import.reasons.cell_ended"},
    {"cell is outside organization {1} (--org)", "import.reasons.outside_org"},
    {"no cell code, and --org {1}: {2}", "import.reasons.default_org"},  // {2}: a reason of its own
    {"same card number as line {1}", "import.reasons.card_repeats_line"},
    {"card number already belongs to a member in the database", "field.card_taken"},
    {"same name and birth date as line {1}, and no card number to tell them apart", "import.reasons.name_repeats_line"},
    {"a member with this name and birth date is already in the database", "field.person_taken"},
    {"unknown column \"{1}\"", "import.header.unknown"},
    {"columns \"{1}\" and \"{2}\" are both {3}", "import.header.duplicate"},
    {"missing column \"{1}\" ({2})", "import.header.missing"},
    {"column {1} has values but no header", "import.header.unnamed"},
    {"line {1} has more values than columns", "import.header.extra_values"},
    // The organization import (importer/orgs.cpp).
    {"same code as line {1}", "import_orgs.reasons.code_repeats_line"},
    {"code already belongs to an organization in the database", "import_orgs.reasons.code_in_database"},
    {"unknown organization type", "import_orgs.reasons.unknown_type"},
    {"unknown parent code (neither in the file nor in the database)", "import_orgs.reasons.unknown_parent"},
    {"parent organization was merged, split or dissolved", "import_orgs.reasons.parent_ended"},
    {"cycle: the organization is its own parent", "import_orgs.reasons.own_parent"},
    {"cycle: {1}", "import_orgs.reasons.cycle"},
    {"required: only the top organization of an empty database has no parent", "import_orgs.reasons.parent_required"},
    {"required: line {1} is already the top organization, without a parent", "import_orgs.reasons.second_top"},
    {"a {1} cannot stand under a {2} (the parent's type)", "import_orgs.reasons.level"},
    // The account import (importer/users.cpp).
    {"same user name as line {1}", "import_users.reasons.name_repeats_line"},
    {"user name already taken", "import_users.reasons.name_taken"},
    {"too short: at least 3 characters", "import_users.reasons.name_short"},
    {"only letters a-z, digits, '.', '_' and '-'", "import_users.reasons.name_chars"},
    {"unknown role", "import_users.reasons.unknown_role"},
    {"unknown organization code", "import_users.reasons.unknown_org"},
    {"organization was merged, split or dissolved", "import_users.reasons.org_ended"},
    {"no active member of this organization has this card number", "import_users.reasons.no_member"},
    {"the member's record already belongs to an account", "import_users.reasons.member_linked"},
};

// The texts standing for `pattern`'s placeholders when `text` fits it, else nullopt. A placeholder takes the
// shortest non-empty text after which the pattern's next literal follows; the last one takes the rest.
std::optional<std::vector<std::string>> Captures(std::string_view pattern, std::string_view text) {
    std::vector<std::string> out;
    while (true) {
        size_t open = pattern.find('{');
        std::string_view literal = pattern.substr(0, open);
        if (text.substr(0, literal.size()) != literal) return std::nullopt;
        text.remove_prefix(literal.size());
        if (open == std::string_view::npos) {
            if (!text.empty()) return std::nullopt;
            return out;
        }
        pattern.remove_prefix(open + 3);  // "{n}"
        std::string_view next = pattern.substr(0, pattern.find('{'));
        size_t end = text.size();
        if (pattern.find('{') != std::string_view::npos) {
            end = next.empty() ? std::string_view::npos : text.find(next, 1);
        } else if (next.size() <= text.size() && text.substr(text.size() - next.size()) == next) {
            end = text.size() - next.size();
        } else {
            return std::nullopt;
        }
        if (end == std::string_view::npos || end == 0) return std::nullopt;
        out.emplace_back(text.substr(0, end));
        text.remove_prefix(end);
    }
}

// An importer reason or header problem in the page's language when it is a known one; as written otherwise.
std::string Translate(const Context& ctx, const std::string& english) {
    for (const auto& known : kKnownTexts) {
        auto captures = Captures(known.english, english);
        if (!captures) continue;
        std::vector<std::pair<std::string, std::string>> values;
        for (size_t i = 0; i < captures->size(); ++i)
            values.emplace_back("{" + std::to_string(i + 1) + "}", (*captures)[i]);
        if (std::string_view(known.key) == "import.reasons.default_org")
            values[1].second = Translate(ctx, values[1].second);
        return Fill(ctx.T(known.key), values);
    }
    return english;
}

// One reason the whole file was refused: a header problem, or the file itself unreadable (tabular's codes, at a
// line or for the whole file).
std::string FileProblem(const Context& ctx, const FieldError& f) {
    if (f.field == "header") return Translate(ctx, f.message);
    std::string key = "import.file_error." + f.code;
    if (!ctx.app().i18n().Has(ctx.lang(), key)) return f.message;
    if (f.field.rfind("line ", 0) == 0)
        return Fill(ctx.T("import.file_error.at_line"), {{"{line}", f.field.substr(5)}, {"{problem}", ctx.T(key)}});
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
             Fill(ctx.T("import.help_org_code"), {{"{column}", importer::VietnameseHeader(Field::kOrgCode)}})},
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
    if (ctx.json()) return error;
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
    std::vector<std::pair<std::string, std::string>> counts{{"{accepted}", std::to_string(r.accepted)},
                                                            {"{added}", std::to_string(r.added)},
                                                            {"{rejected}", std::to_string(r.rejected)}};
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
    boost::json::object result{{"headline", Fill(ctx.T(headline), counts)},
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
        std::string reason = Translate(ctx, reject.reason);
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
        model["problems_more"] = Fill(ctx.T("import.problems_more"), {{"{shown}", std::to_string(kShownProblems)},
                                                                      {"{total}", std::to_string(r.rejects.size())}});
    return model;
}

std::string ImportFileProblem(const Context& ctx, const FieldError& f) { return FileProblem(ctx, f); }

boost::json::object ImportReportJson(const importer::Report& r, bool dry_run) {
    boost::json::array rejects;
    for (const auto& reject : r.rejects)
        rejects.push_back(boost::json::object{
            {"line", reject.line}, {"column", reject.column}, {"value", reject.value}, {"reason", reject.reason}});
    return {{"dry_run", dry_run}, {"rows", r.rows},         {"accepted", r.accepted},
            {"added", r.added},   {"rejected", r.rejected}, {"rejects", std::move(rejects)}};
}

Outcome ImportDownload(std::string body, std::string content_type, const std::string& filename) {
    Outcome out;
    out.raw = true;
    out.raw_body = std::move(body);
    out.content_type = std::move(content_type);
    out.headers = {{"Content-Disposition", "attachment; filename=\"" + filename + "\""}};
    return out;
}

// libxlsxwriter writes only files: the workbook goes through a private temporary directory (a fixed name in
// /tmp could be a planted link).
Result<std::string> XlsxBytes(const std::string& sheet_name, const std::vector<std::vector<std::string>>& rows) {
    std::string dir = (std::filesystem::temp_directory_path() / "dangvu-XXXXXX").string();
    if (!::mkdtemp(dir.data())) return Error::Internal("cannot make a temporary directory");
    std::string path = dir + "/sheet.xlsx";
    Status written = tabular::WriteXlsx(path, sheet_name, rows);
    std::string bytes;
    if (written.ok()) {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (!written.ok()) return written.take_error();
    if (bytes.empty()) return Error::Internal("cannot read the workbook back");
    return bytes;
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
        out.model = {{"report", ImportReportJson(*report, options.dry_run)}};
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
    return ImportDownload(tabular::WriteCsv(TemplateSheet()), "text/csv; charset=utf-8",
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
    return ImportDownload(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
    importer::Report report;
    for (const auto& item : *rows) {
        const auto* row = item.if_array();
        if (!row || row->size() != 4 || !(*row)[0].is_int64() || !(*row)[1].is_string() || !(*row)[2].is_string() ||
            !(*row)[3].is_string())
            return Error::InvalidField("rejects", "invalid", "import.rejects_invalid");
        report.rejects.push_back({static_cast<int>((*row)[0].get_int64()), std::string((*row)[1].get_string()),
                                  std::string((*row)[2].get_string()), std::string((*row)[3].get_string())});
    }
    return ImportDownload(tabular::WriteCsv(importer::RejectsSheet(report)), "text/csv; charset=utf-8",
                          "danh-sach-loi.csv");
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
             {"rejects", ArrayOf(Object({{"line", Int()}, {"column", Str()}, {"value", Str()}, {"reason", Str()}}))}}));
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
