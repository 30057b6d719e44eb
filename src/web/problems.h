// problems: the problem types the server answers with (RFC 9457 `type` = /problems/{code}), and the
// page at each type's URI that explains it in plain words.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace dv::web {

class Router;

// The `code` (and so the type URI /problems/{code}) of the problem answered for `error` with `status`.
std::string ProblemCode(const Error& error, int status);
// Every code ProblemCode can return: each has a page, a title (error.CODE) and an explanation
// (problems.CODE) in every language.
const std::vector<std::string>& ProblemCodes();

void RegisterProblemRoutes(Router& router);

}  // namespace dv::web
