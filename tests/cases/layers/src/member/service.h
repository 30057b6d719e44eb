// fixture
#pragma once
#include "org/service.h"
