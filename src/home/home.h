// home: the home page's contributors, in page order (the item they return is web/home.h's HomeItem).
#pragma once

#include <vector>

#include "web/home.h"

namespace dv::web {

// The contributors, in page order. Each answers quickly and never fails the page: a source with
// nothing for this reader returns no items. A later feature adds its function here.
const std::vector<HomeSource>& HomeSources();

// Contributors (defined next to their feature's routes).
std::vector<HomeItem> StudyHomeItems(Context& ctx);    // document/distribution_routes.cpp
std::vector<HomeItem> TaskHomeItems(Context& ctx);     // plan/routes.cpp
std::vector<HomeItem> ReportHomeItems(Context& ctx);   // report/routes.cpp
std::vector<HomeItem> MeetingHomeItems(Context& ctx);  // meeting/routes.cpp
std::vector<HomeItem> CommitmentHomeItems(Context& ctx);  // commitment/routes.cpp
std::vector<HomeItem> RecordsHomeItems(Context& ctx);  // home/home.cpp: members, organizations, documents, own record

}  // namespace dv::web
