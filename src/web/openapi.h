// openapi: the OpenAPI 3.1 document, generated from the router's own table so it cannot drift.
#pragma once

#include <boost/json.hpp>

#include "web/router.h"

namespace dv::web {

boost::json::object BuildOpenApi(const Router& router);

}  // namespace dv::web
