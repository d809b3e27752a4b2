#pragma once
// Helpers for the live driver's tests and `recguard serve`'s: signed Genesys
// notifications, a LiveConfig whose platform and stores are one loopback
// sink, and reading the journal file back with SQLite.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>

#include "core/ingress/webhook_signature.hpp"
#include "core/platforms/genesys/notification_codec.hpp"
#include "live/config/live_config.hpp"

namespace recguard::testing {

inline constexpr const char* kTestWebhookSecret = "test-relay-secret";

inline std::string recording_id_for(int n) { return "rec-live-" + std::to_string(n); }

// A Genesys recordings notification for recording n of call n.
inline std::string webhook_body(int n, const std::string& file_state = "UPLOADING") {
  ingress::RecordingUpdate u{Platform::genesys, RecordingId{recording_id_for(n)},
                             CallId{"call-live-" + std::to_string(n)}, file_state, {}, "corr"};
  return genesys::recording_notification("user-1", u);
}

inline std::string webhook_request(const std::string& body, const std::string& signature_header) {
  return "POST /webhooks/genesys HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         signature_header + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline std::string signed_webhook(const std::string& body, const std::string& secret = kTestWebhookSecret) {
  return webhook_request(body, "X-Recguard-Signature: " + ingress::sign_webhook_body(body, secret) + "\r\n");
}

// Platform and stores all at sink_port on loopback, no OAuth (empty token_url).
inline live::LiveConfig loopback_config(const std::string& journal_path, unsigned short sink_port) {
  live::LiveConfig c;
  c.source_file = "(test)";
  c.webhook.hmac_secret = live::Secret(kTestWebhookSecret, "test");
  c.webhook.server.bind = "127.0.0.1";
  c.webhook.server.port = 0;
  c.journal_path = journal_path;
  const std::string sink = "http://127.0.0.1:" + std::to_string(sink_port);
  c.genesys.api_url = sink;
  c.cdn_tls = false;
  c.primary.endpoint_url = sink;
  c.primary.bucket = "rec-primary";
  c.primary.region = "us-east-1";
  c.primary.access_key_id = live::Secret("AKIDTEST", "test");
  c.primary.secret_access_key = live::Secret("secret", "test");
  c.backup.endpoint_url = sink;
  c.backup.account = "devstoreaccount1";
  c.backup.container = "rec-backup";
  c.backup.account_key = live::Secret("a2V5", "test");
  c.backup.path_style = true;
  return c;
}

// Reads the journal file with plain SQLite (another connection, as an
// auditor would): the recording ids it holds rows for.
inline std::vector<std::string> journal_recording_ids(const std::string& path) {
  std::vector<std::string> ids;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM recordings ORDER BY id", -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ids;
}

inline bool journal_has(const std::string& path, const std::string& recording) {
  const auto ids = journal_recording_ids(path);
  return std::find(ids.begin(), ids.end(), recording) != ids.end();
}

}  // namespace recguard::testing
