// home: the list of home-page contributors and the record counts every reader of organizations sees.
#include "home/home.h"

#include "core/text.h"
#include "document/service.h"
#include "member/service.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

const std::vector<HomeSource>& HomeSources() {
    static const std::vector<HomeSource> kSources = {CommitmentHomeItems, TaskHomeItems, ReportHomeItems, MeetingHomeItems, StudyHomeItems, RecordsHomeItems};
    return kSources;
}

std::vector<HomeItem> RecordsHomeItems(Context& ctx) {
    std::vector<HomeItem> out;
    const auto& scope = ctx.scope();
    auto figure = [&](const char* key, int64_t n, std::string href) {
        out.push_back({HomeItem::Kind::kFigure, ctx.T(std::string("home.figures.") + key), text::GroupThousands(n),
                       ctx.T(std::string("home.figures.") + key + "_note"), std::move(href), false});
    };
    if (scope.AnyAllows(auth::Permission::kRead)) {
        auto roots = scope.Roots(auth::Permission::kRead);
        member::Filter mf;
        mf.page_size = 1;
        if (roots.size() == 1) mf.org_id = roots.front();
        if (auto members = member::List(ctx.db(), scope, mf, ctx.Today()); members.ok())
            figure("members", members.value().total,
                   roots.size() == 1 ? "/orgs/" + std::to_string(roots.front()) + "/members" : "/orgs");
        if (auto orgs = org::List(ctx.db(), scope, std::nullopt); orgs.ok()) {
            int64_t active = 0;
            for (const auto& o : orgs.value()) active += o.ended_on.empty() ? 1 : 0;
            figure("orgs", active, "/orgs");
        }
    }
    document::store::Filter df;
    df.page_size = 1;
    if (auto docs = document::List(ctx.db(), scope, df, ctx.Today()); docs.ok())
        figure("documents", docs.value().total, "/documents");
    if (auto id = member::OwnRecord(ctx.db(), scope))
        out.push_back({HomeItem::Kind::kLink, ctx.T("home.shortcuts.my_record.label"), "",
                       ctx.T("home.shortcuts.my_record.description"), "/members/" + std::to_string(*id), false});
    return out;
}

}  // namespace dv::web
