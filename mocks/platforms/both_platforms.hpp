#pragma once
// The true state of both platforms at once, for the oracle (SimWorld) and
// for mock-serve's state page (RealtimeWorld): every capture and every
// start-recording command, Genesys first, then CXone when the world has it.
#include <vector>

#include "mocks/platforms/cxone_model.hpp"
#include "mocks/platforms/genesys_model.hpp"

namespace recguard::mocks {

std::vector<const SimRecording*> recordings_of(const GenesysModel& genesys, const CxoneModel* cxone);
std::vector<const StartRecordingLog*> starts_of(const GenesysModel& genesys, const CxoneModel* cxone);

}  // namespace recguard::mocks
