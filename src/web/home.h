// home: the items of the home page. Each feature contributes one function that returns what it has for
// the signed-in reader — things to do (with their deadline) and figures linking to their list — and the
// home handler shows them in the order of HomeSources(). A later feature adds its function there.
#pragma once

#include <string>
#include <vector>

namespace dv::web {

class Context;

struct HomeItem {
    enum class Kind { kTodo, kFigure, kLink };
    Kind kind = Kind::kFigure;
    std::string label;  // translated: "Chỉ thị 05-CT/TW: học tập, quán triệt" or "Đảng viên"
    std::string value;  // a figure ("2.512"), or a to-do's unit
    std::string note;   // a to-do's deadline, or what a figure counts
    std::string href;   // the list or page behind it
    bool alert = false; // late: shown first and marked
};

using HomeSource = std::vector<HomeItem> (*)(Context& ctx);

// The contributors, in page order. Each answers quickly and never fails the page: a source with
// nothing for this reader returns no items.
const std::vector<HomeSource>& HomeSources();

// Contributors (defined next to their feature's routes).
std::vector<HomeItem> StudyHomeItems(Context& ctx);    // document/distribution_routes.cpp
std::vector<HomeItem> RecordsHomeItems(Context& ctx);  // web/home.cpp: members, organizations, documents, own record

}  // namespace dv::web
