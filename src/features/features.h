// features: connects each feature's reactions to the lower features that call them, so that includes
// point one way (src/LAYERS) while a member's transfer still ends their committee terms and a merge
// still moves the members of the merged cell.
#pragma once

namespace dv::features {

// Installs, once (later calls do nothing): member/'s holdings into org/ (tree counts, merges, splits),
// and committee/'s term endings into member/ (status change, transfer) and org/ (an organization
// ends). Called first by main() and by the unit tests' database helper; a later feature with a
// reaction adds its line here.
void Connect();

}  // namespace dv::features
