// features: the one place that connects the features' reactions.
#include "features/features.h"

#include <mutex>

#include "commitment/service.h"
#include "committee/service.h"
#include "meeting/service.h"
#include "member/service.h"
#include "plan/service.h"
#include "report/service.h"

namespace dv::features {

void Connect() {
    static std::once_flag once;
    std::call_once(once, [] {
        member::ConnectToOrg();
        committee::Connect();
        plan::Connect();
        report::Connect();
        meeting::Connect();
        commitment::Connect();
    });
}

}  // namespace dv::features
