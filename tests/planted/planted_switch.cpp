// The planted-fault switch: defined only in this test executable.
#include "core/testing/planted_fault.hpp"

namespace recguard::planted {

Fault& active() {
  static Fault f = Fault::none;
  return f;
}

}  // namespace recguard::planted
