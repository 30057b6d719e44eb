// home: what a feature contributes to the home page. Each feature contributes one function that returns
// what it has for the signed-in reader — things to do (with their deadline) and figures linking to their
// list. The home feature (src/home/) lists the contributors and shows them; web/ only defines the item.
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

}  // namespace dv::web
