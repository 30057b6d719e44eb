// fixture: org may not include member (a higher layer)
#pragma once
#include "member/service.h"
