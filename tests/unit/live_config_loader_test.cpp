// live::load_live_config: the example file loads; every rule has a failing
// case whose message names the file and the JSON path; no secret value ever
// reaches an error message or the printed configuration.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/config/config_description.hpp"
#include "live/config/live_config_loader.hpp"
#include "support/command_line.hpp"

using namespace recguard;
using nlohmann::json;

namespace {

// Distinct values per credential, long enough that a leak cannot match by accident.
struct TestSecrets {
  TestSecrets() {
    const std::vector<std::pair<const char*, const char*>> vars{
        {"RECGUARD_WEBHOOK_HMAC_SECRET", "hmac-5ecret-value-0001"},
        {"RECGUARD_GENESYS_CLIENT_ID", "genesys-client-id-0002"},
        {"RECGUARD_GENESYS_CLIENT_SECRET", "genesys-client-5ecret-0003"},
        {"RECGUARD_CXONE_CLIENT_ID", "cxone-client-id-0004"},
        {"RECGUARD_CXONE_CLIENT_SECRET", "cxone-client-5ecret-0005"},
        {"RECGUARD_S3_ACCESS_KEY_ID", "AKIDTESTVALUE0006"},
        {"RECGUARD_S3_SECRET_ACCESS_KEY", "s3-5ecret-access-key-0007"},
        {"RECGUARD_AZURE_ACCOUNT_KEY", "YXp1cmUtYWNjb3VudC1rZXktMDAwOA=="},
        {"RECGUARD_TEST_COPY_OF_S3_SECRET", "s3-5ecret-access-key-0007"}};
    for (const auto& [name, value] : vars) {
      ::setenv(name, value, 1);
      values.emplace_back(value);
    }
    ::unsetenv("RECGUARD_TEST_UNSET_VARIABLE");
  }
  std::vector<std::string> values;
};

const std::string kExample = std::string(RECGUARD_SOURCE_DIR) + "/live/examples/live-config.example.json";

json example() {
  std::ifstream in(kExample);
  REQUIRE(in);
  return json::parse(in);
}

Result<live::LiveConfig> load(const json& doc, const std::filesystem::path& base = "/tmp") {
  return live::load_live_config_text(doc.dump(2), "live.json", base);
}

// Loading must fail with a message naming the file and `path`, saying
// `expected_part`, and holding no secret.
std::string expect_error(const json& doc, const std::string& path, const std::string& expected_part,
                         const TestSecrets& secrets, const std::filesystem::path& base = "/tmp") {
  const auto r = load(doc, base);
  REQUIRE_FALSE(r.ok());
  const std::string msg = r.error().message;
  INFO(msg);
  CHECK(msg.rfind("live.json: " + path + ": expected ", 0) == 0);
  CHECK_THAT(msg, Catch::Contains(expected_part));
  for (const auto& v : secrets.values) CHECK_THAT(msg, !Catch::Contains(v));
  return msg;
}

}  // namespace

TEST_CASE("live config: the example file loads with every field read", "[unit][live][config]") {
  TestSecrets secrets;
  const auto r = live::load_live_config(kExample);
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  const live::LiveConfig& c = *r;
  CHECK(c.source_file == kExample);
  CHECK(c.webhook.server.port == 18080);
  CHECK(c.webhook.server.body_limit == 1024 * 1024);
  CHECK(c.webhook.server.read_timeout == Duration::seconds(10));
  CHECK(c.webhook.hmac_secret.reveal() == "hmac-5ecret-value-0001");
  CHECK(c.webhook.hmac_secret.source() == "env:RECGUARD_WEBHOOK_HMAC_SECRET");
  CHECK(c.journal_path == "/tmp/recguard-live/journal.sqlite");
  CHECK(c.orchestrator_name == "orchestrator-1");
  CHECK(c.genesys.api_url == "http://127.0.0.1:18081");
  CHECK(c.genesys.oauth.client_secret.reveal() == "genesys-client-5ecret-0003");
  REQUIRE(c.cxone.has_value());
  CHECK(c.cxone->user_id == "agent-1");
  CHECK_FALSE(c.cdn_tls);
  CHECK(c.primary.endpoint_url == "http://127.0.0.1:18084");
  CHECK(c.primary.bucket == "rec-primary");
  CHECK(c.primary.access_key_id.reveal() == "AKIDTESTVALUE0006");
  CHECK(c.backup.endpoint_url == "http://127.0.0.1:10000");
  CHECK(c.backup.account == "devstoreaccount1");
  CHECK(c.backup.path_style);
  CHECK(c.http.request_timeout == Duration::seconds(30));
  CHECK(c.http.response_body_limit == 64u * 1024 * 1024);
  CHECK(c.scope.media_types == std::vector<std::string>{"audio"});
  CHECK(c.upload_wait_max == Duration::hours(2));
  CHECK(c.commit_interval == Duration::millis(5));
}

TEST_CASE("live config: a secret from a file loses one trailing newline, a relative path is the config's folder",
          "[unit][live][config]") {
  TestSecrets secrets;
  testing::TempFolder dir("live-config");
  dir.write("s3.key", "file-5ecret-value\n");
  json doc = example();
  doc["primary"]["secret_access_key"] = {{"file", "s3.key"}};
  const auto r = load(doc, dir.path);
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  CHECK(r->primary.secret_access_key.reveal() == "file-5ecret-value");
  CHECK(r->primary.secret_access_key.source() == "file:" + (dir.path / "s3.key").string());
  doc["journal"] = "state/journal.sqlite";
  const auto relative = load(doc, dir.path);
  REQUIRE(relative.ok());
  CHECK(relative->journal_path == (dir.path / "state/journal.sqlite").string());
}

TEST_CASE("live config: credentials are never inline", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["primary"]["secret_access_key"] = "s3-5ecret-access-key-0007";
  const std::string msg = expect_error(doc, "$.primary.secret_access_key", "credentials are never inline", secrets);
  CHECK_THAT(msg, Catch::Contains("an inline string (not shown)"));
  doc = example();
  doc["webhook"]["hmac_secret"] = {{"value", "hmac-5ecret-value-0001"}};
  expect_error(doc, "$.webhook.hmac_secret", "{\"env\": \"NAME\"} or {\"file\": \"/path\"}", secrets);
  doc = example();
  doc["genesys"]["oauth"]["client_id"] = 12345;
  expect_error(doc, "$.genesys.oauth.client_id", "credentials are never inline", secrets);
}

TEST_CASE("live config: a reference to an unset variable or a missing file names it", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["backup"]["account_key"] = {{"env", "RECGUARD_TEST_UNSET_VARIABLE"}};
  CHECK_THAT(expect_error(doc, "$.backup.account_key.env", "set and not empty", secrets),
             Catch::Contains("RECGUARD_TEST_UNSET_VARIABLE is unset"));
  doc = example();
  doc["backup"]["account_key"] = {{"file", "/nonexistent/azure.key"}};
  CHECK_THAT(expect_error(doc, "$.backup.account_key.file", "a readable file", secrets),
             Catch::Contains("/nonexistent/azure.key"));
}

TEST_CASE("live config: the tiers and the webhook never share a credential", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["backup"]["account_key"] = {{"env", "RECGUARD_S3_SECRET_ACCESS_KEY"}};  // the same reference
  expect_error(doc, "$.backup.account_key", "a credential distinct from the primary's", secrets);
  doc = example();
  doc["backup"]["account_key"] = {{"env", "RECGUARD_TEST_COPY_OF_S3_SECRET"}};  // another name, the same value
  CHECK_THAT(expect_error(doc, "$.backup.account_key", "a credential distinct from the primary's", secrets),
             Catch::Contains("the same secret as $.primary.secret_access_key"));
  doc = example();
  doc["webhook"]["hmac_secret"] = {{"env", "RECGUARD_AZURE_ACCOUNT_KEY"}};
  expect_error(doc, "$.webhook.hmac_secret", "distinct from both stores' credentials", secrets);
  doc = example();
  doc["webhook"]["hmac_secret"] = {{"env", "RECGUARD_TEST_COPY_OF_S3_SECRET"}};
  CHECK_THAT(expect_error(doc, "$.webhook.hmac_secret", "distinct from both stores' credentials", secrets),
             Catch::Contains("$.primary.secret_access_key"));
}

TEST_CASE("live config: unknown and missing keys are named by path", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["backup"]["acount"] = "typo";
  CHECK_THAT(expect_error(doc, "$.backup.acount", "one of the keys", secrets), Catch::Contains("unknown key \"acount\""));
  doc = example();
  doc["primary"]["secret_access_key"]["fallback"] = "x";
  expect_error(doc, "$.primary.secret_access_key", "credentials are never inline", secrets);
  doc = example();
  doc.erase("journal");
  CHECK_THAT(expect_error(doc, "$.journal", "a value here (required)", secrets), Catch::Contains("the key is missing"));
  doc = example();
  doc["primary"]["kind"] = "azure_blob";
  expect_error(doc, "$.primary.kind", "one of s3", secrets);
}

TEST_CASE("live config: URLs, durations, sizes and numbers are checked", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["primary"]["endpoint_url"] = "s3.amazonaws.com";
  expect_error(doc, "$.primary.endpoint_url", "an http:// or https:// URL", secrets);
  doc = example();
  doc["genesys"]["oauth"]["token_url"] = "https://login.example:99999/oauth/token";
  expect_error(doc, "$.genesys.oauth.token_url", "URL", secrets);
  doc = example();
  doc["http_client"]["request_timeout"] = "30";
  expect_error(doc, "$.http_client.request_timeout", "a duration with a unit", secrets);
  doc = example();
  doc["http_client"]["connect_timeout"] = "0s";
  expect_error(doc, "$.http_client.connect_timeout", "longer than zero", secrets);
  doc = example();
  doc["policy"]["upload_wait_max"] = 7200;
  expect_error(doc, "$.policy.upload_wait_max", "a duration string", secrets);
  doc = example();
  doc["http_client"]["response_body_limit"] = "64 megs";
  expect_error(doc, "$.http_client.response_body_limit", "a size", secrets);
  doc = example();
  doc["webhook"]["port"] = 70000;
  expect_error(doc, "$.webhook.port", "an integer from 0 to 65535", secrets);
  doc = example();
  doc["http_client"]["ca_file"] = "/nonexistent/ca.pem";
  expect_error(doc, "$.http_client.ca_file", "a readable file", secrets);
}

TEST_CASE("live config: verify_peer false only when every endpoint is on loopback", "[unit][live][config]") {
  TestSecrets secrets;
  json doc = example();
  doc["http_client"]["verify_peer"] = false;
  CHECK(load(doc).ok());
  doc["primary"]["endpoint_url"] = "https://s3.us-east-1.amazonaws.com";
  CHECK_THAT(expect_error(doc, "$.http_client.verify_peer", "only when every endpoint is on loopback", secrets),
             Catch::Contains("s3.us-east-1.amazonaws.com"));
}

TEST_CASE("live config: a syntax error gives line and column, never the text around it", "[unit][live][config]") {
  TestSecrets secrets;
  const std::string text = "{\n  \"webhook\": {\"hmac_secret\": s3-5ecret-access-key-0007}\n}";
  const auto r = live::load_live_config_text(text, "live.json", "/tmp");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::StartsWith("live.json: $: expected valid JSON, got a syntax error at line 2"));
  CHECK_THAT(r.error().message, !Catch::Contains("5ecret"));
  const auto missing = live::load_live_config("/nonexistent/live.json");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::StartsWith("/nonexistent/live.json: $: expected a readable"));
}

TEST_CASE("live config: describe prints every setting and no secret", "[unit][live][config]") {
  TestSecrets secrets;
  const auto r = live::load_live_config(kExample);
  REQUIRE(r.ok());
  const std::string text = live::describe(*r);
  INFO(text);
  for (const auto& v : secrets.values) CHECK_THAT(text, !Catch::Contains(v));
  CHECK_THAT(text, Catch::Contains("secret_access_key: <redacted> from env:RECGUARD_S3_SECRET_ACCESS_KEY"));
  CHECK_THAT(text, Catch::Contains("account_key: <redacted> from env:RECGUARD_AZURE_ACCOUNT_KEY"));
  CHECK_THAT(text, Catch::Contains("hmac_secret: <redacted> from env:RECGUARD_WEBHOOK_HMAC_SECRET"));
  CHECK_THAT(text, Catch::Contains("bucket rec-primary"));
  CHECK_THAT(text, Catch::Contains("container rec-backup"));
  CHECK_THAT(text, Catch::Contains("request_timeout 30s"));
}
