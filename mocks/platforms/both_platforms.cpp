#include "mocks/platforms/both_platforms.hpp"

namespace recguard::mocks {

std::vector<const SimRecording*> recordings_of(const GenesysModel& genesys, const CxoneModel* cxone) {
  std::vector<const SimRecording*> out;
  for (const auto& [id, r] : genesys.recordings()) out.push_back(&r);
  if (cxone) {
    for (const auto& [id, r] : cxone->recordings()) out.push_back(&r);
  }
  return out;
}

std::vector<const StartRecordingLog*> starts_of(const GenesysModel& genesys, const CxoneModel* cxone) {
  std::vector<const StartRecordingLog*> out;
  for (const auto& st : genesys.starts()) out.push_back(&st);
  if (cxone) {
    for (const auto& st : cxone->starts()) out.push_back(&st);
  }
  return out;
}

}  // namespace recguard::mocks
