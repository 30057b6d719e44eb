// fixture: member may not include org's store
#include "member/service.h"
#include "org/store.h"
