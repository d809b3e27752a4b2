#include "mocks/cdn/cdn_model.hpp"

#include <algorithm>
#include <charconv>

#include "mocks/stores/digest_memo.hpp"

namespace recguard::mocks {

void CdnModel::publish(std::string path, ArtifactPtr artifact) { objects_[std::move(path)] = std::move(artifact); }

http::Response CdnModel::handle(const http::Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return http::make_response(405, "method not allowed");
  auto it = objects_.find(req.path());
  if (it == objects_.end()) return http::make_response(404, "not found");
  const auto& art = *it->second;
  const std::int64_t size = art.size();

  std::int64_t first = 0, last = size - 1;
  int status = 200;
  if (auto range = req.headers.get("Range")) {
    // Only the single "bytes=first-last" / "bytes=first-" form is served.
    const std::string_view r = *range;
    const auto dash = r.find('-');
    if (r.rfind("bytes=", 0) != 0 || dash == std::string_view::npos) return http::make_response(416, "bad range");
    std::from_chars(r.data() + 6, r.data() + dash, first);
    if (dash + 1 < r.size()) std::from_chars(r.data() + dash + 1, r.data() + r.size(), last);
    if (first >= size || first > last) {
      http::Response resp = http::make_response(416, "range not satisfiable");
      resp.headers.set("Content-Range", "bytes */" + std::to_string(size));
      return resp;
    }
    last = std::min(last, size - 1);
    status = 206;
  }
  http::Response resp;
  resp.status = status;
  resp.headers.set("Content-Type", "audio/wav");
  resp.headers.set("Accept-Ranges", "bytes");
  resp.headers.set("Content-Length", std::to_string(size == 0 ? 0 : last - first + 1));
  if (status == 206) {
    resp.headers.set("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                          std::to_string(size));
  }
  if (req.method == "GET" && size > 0) {
    resp.body = share(art.read(first, last - first + 1));
    bytes_served_ += last - first + 1;
    // The whole artifact, hashed while it was rendered: the store this very
    // buffer is written to need not hash it again.
    if (status == 200 && !art.md5_raw().empty()) remember_digests(resp.body, {art.md5_raw(), art.sha256_raw()});
  }
  return resp;
}

}  // namespace recguard::mocks
