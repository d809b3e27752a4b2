#include "core/types/ids.hpp"

namespace recguard {

const char* to_string(Platform p) { return p == Platform::genesys ? "genesys" : "cxone"; }
const char* to_string(Tier t) { return t == Tier::primary ? "primary" : "backup"; }

}  // namespace recguard
