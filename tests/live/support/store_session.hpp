#pragma once
// One store adapter (core's StoreClient: it builds and signs the requests,
// parses the answers) carried by live::HttpClient to a real server, one
// request at a time, signed with the wall clock.
#include <algorithm>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/crypto/digest.hpp"
#include "core/stores/store_client.hpp"
#include "live/net/http_client.hpp"
#include "run_io.hpp"

namespace recguard::testing {

inline stores::PutSpec put_spec(const std::string& key, const SharedBytes& body) {
  stores::PutSpec s;
  s.key = key;
  s.body = body;
  s.sha256_hex = crypto::to_hex(crypto::sha256(ByteView(*body)));
  s.md5_b64 = crypto::base64_encode(crypto::md5(ByteView(*body)));
  return s;
}

struct StoreSession {
  StoreSession(std::unique_ptr<stores::StoreClient> c, const std::string& host_port)
      : client(std::move(c)), origin(*live::parse_origin("http://" + host_port)) {}

  std::unique_ptr<stores::StoreClient> client;
  live::Origin origin;
  boost::asio::io_context io;
  live::HttpClient http{io, live::ClientOptions{}};

  static std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }
  http::Response send(http::Request req) { return must_answer(send_and_wait(io, http, origin, std::move(req))); }

  stores::WriteOutcome put(const stores::PutSpec& spec) { return client->parse_put(send(client->build_put(spec, now()))); }
  Result<stores::ObjectInfo> head(const std::string& key) { return client->parse_head(send(client->build_head(key, now()))); }
  http::Response get(const std::string& key) { return send(client->build_get(key, now())); }
  Result<stores::ListPage> list(const stores::ListSpec& spec = {}) {
    return client->parse_list(send(client->build_list(spec, now())));
  }
  // Every object under spec.prefix, following the continuation page by page;
  // `pages` counts them, and more than `max_pages` fails the test.
  std::vector<stores::ListedObject> list_all(stores::ListSpec spec, int& pages, int max_pages) {
    std::vector<stores::ListedObject> listed;
    pages = 0;
    do {
      const auto page = list(spec);
      INFO((page.ok() ? std::string() : page.error().message));
      REQUIRE(page.ok());
      listed.insert(listed.end(), page->objects.begin(), page->objects.end());
      spec.continuation = page->next;
      REQUIRE(++pages <= max_pages);
    } while (!spec.continuation.empty());
    return listed;
  }

  // The large-object path of either tier (S3 multipart / Azure blocks), parts
  // of `part_bytes` and a shorter tail; the completion's outcome.
  stores::WriteOutcome put_in_parts(const stores::PutSpec& whole, std::size_t part_bytes) {
    stores::CompleteSpec c;
    c.key = whole.key;
    c.sha256_hex = whole.sha256_hex;
    c.md5_b64 = whole.md5_b64;
    if (client->needs_upload_begin()) {
      stores::BeginUploadSpec b;
      b.key = whole.key;
      b.sha256_hex = whole.sha256_hex;
      b.md5_b64 = whole.md5_b64;
      const auto id = client->parse_begin_upload(send(*client->build_begin_upload(b, now())));
      INFO((id.ok() ? std::string() : id.error().message));
      REQUIRE(id.ok());
      c.upload_id = *id;
    }
    for (std::size_t from = 0; from < whole.body->size(); from += part_bytes) {
      stores::PartSpec p;
      p.key = whole.key;
      p.upload_id = c.upload_id;
      p.part_number = ++c.part_count;
      const auto end = std::min(whole.body->size(), from + part_bytes);
      p.body = share(ByteVec(whole.body->begin() + static_cast<std::ptrdiff_t>(from),
                             whole.body->begin() + static_cast<std::ptrdiff_t>(end)));
      p.md5_b64 = crypto::base64_encode(crypto::md5(ByteView(*p.body)));
      p.sha256_hex = crypto::to_hex(crypto::sha256(ByteView(*p.body)));
      const auto out = client->parse_upload_part(send(client->build_upload_part(p, now())));
      INFO("part " << p.part_number << ": " << out.status << " " << out.error_code);
      REQUIRE(out.kind == stores::WriteOutcomeKind::created);
      c.part_etags.push_back(out.etag);
      c.part_sha256_hex.push_back(p.sha256_hex);
    }
    return client->parse_complete_upload(send(client->build_complete_upload(c, now())));
  }
};

}  // namespace recguard::testing
