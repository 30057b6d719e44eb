// document model: names of enum values and the small rules on one document.
#include "document/model.h"

namespace dv::document {

const char* ToString(Visibility v) { return v == Visibility::kPublic ? "public" : "internal"; }

std::optional<Visibility> ParseVisibility(const std::string& s) {
    if (s == "public") return Visibility::kPublic;
    if (s == "internal") return Visibility::kInternal;
    return std::nullopt;
}

const char* ToString(Status s) { return s == Status::kDraft ? "draft" : "issued"; }

std::optional<Status> ParseStatus(const std::string& s) {
    if (s == "draft") return Status::kDraft;
    if (s == "issued") return Status::kIssued;
    return std::nullopt;
}

std::string Label(const Document& d) {
    if (d.symbol.empty()) return d.type_name;
    return d.type_name + " " + d.symbol;
}

bool HasForce(const std::string& type_code) {
    // store.cpp's kInForce names the same types.
    for (const char* none : {"report", "minutes", "submission", "letter"})
        if (type_code == none) return false;
    return true;
}

bool InForce(const Document& d, const std::string& date) {
    if (!HasForce(d.type_code) || d.status != Status::kIssued || d.replaced_by) return false;
    const std::string& from = d.effective_on.empty() ? d.issued_on : d.effective_on;
    if (from > date) return false;
    return d.expires_on.empty() || d.expires_on > date;
}

namespace {
constexpr const char* kKindNames[] = {"implements", "guides", "replaces", "amends", "reports_on"};
}

const char* ToString(RelationKind k) { return kKindNames[static_cast<int>(k)]; }

std::optional<RelationKind> ParseRelationKind(const std::string& s) {
    for (auto k : AllRelationKinds())
        if (s == ToString(k)) return k;
    return std::nullopt;
}

const std::vector<RelationKind>& AllRelationKinds() {
    static const std::vector<RelationKind> kAll = {RelationKind::kImplements, RelationKind::kGuides,
                                                   RelationKind::kReplaces, RelationKind::kAmends,
                                                   RelationKind::kReportsOn};
    return kAll;
}

}  // namespace dv::document
