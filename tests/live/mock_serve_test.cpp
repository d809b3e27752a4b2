// `recguard mock-serve` over real loopback HTTP: the real REST paths, the
// OAuth endpoints, media a real decoder reads, stores that check signatures,
// and notifications relayed with a valid signature.
#include <catch2/catch.hpp>

#include <sndfile.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>

#include "core/crypto/digest.hpp"
#include "core/ingress/webhook_signature.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "core/signing/sigv4.hpp"
#include "live/config/live_config_loader.hpp"
#include "fault_proxy_loopback.hpp"
#include "mock_serve_client.hpp"
#include "mock_serve_process.hpp"
#include "support/command_line.hpp"

namespace {

using namespace recguard;
using namespace recguard::testing;
using namespace std::chrono_literals;

constexpr const char* kSecret = "live-relay-secret";

struct MockServeRig {
  EchoUpstream receiver;  // the pipeline's webhook, played by an echo server
  TempFolder dir{"mock-serve"};
  std::unique_ptr<ChildProcess> proc;
  nlohmann::json ports;

  explicit MockServeRig(const std::string& scenario, const std::string& speed = "4") {
    const auto ports_file = dir.path / "ports.json";
    proc = std::make_unique<ChildProcess>(
        std::vector<std::string>{RECGUARD_BINARY, "mock-serve", "--scenario",
                                 std::string(RECGUARD_SOURCE_DIR) + "/" + scenario, "--webhook-url",
                                 "http://127.0.0.1:" + std::to_string(receiver.port()) + "/webhooks/genesys",
                                 "--secret-env", "MOCK_RELAY_SECRET", "--speed", speed, "--ports-file",
                                 ports_file.string(), "--run-for", "3m"},
        std::map<std::string, std::string>{{"MOCK_RELAY_SECRET", kSecret}}, dir.path / "mock-serve.log");
    REQUIRE(proc->started());
    const bool ready = eventually(20s, [&] { return std::filesystem::exists(ports_file) || !proc->running(); });
    INFO(proc->output());
    REQUIRE(ready);
    REQUIRE(proc->running());
    ports = *read_json_file(ports_file);
  }
  // The stores' entries are objects (url, names, credentials); the others URLs.
  unsigned short port(const char* name) const {
    const auto& v = ports.at(name);
    return port_of(v.is_object() ? v.at("url").get<std::string>() : v.get<std::string>());
  }
};

std::string basic(const std::string& id, const std::string& secret) {
  return "Basic " + crypto::base64_encode(id + ":" + secret);
}

RawExchange token_request(unsigned short port, const std::string& id, const std::string& secret) {
  return raw_http(port, http_request("POST", "/oauth/token",
                                     {{"Authorization", basic(id, secret)},
                                      {"Content-Type", "application/x-www-form-urlencoded"}},
                                     "grant_type=client_credentials"));
}

}  // namespace

TEST_CASE("mock-serve answers the Genesys login and API, serves decodable media and relays signed notifications") {
  MockServeRig rig("tests/data/live/mock-serve-two-calls.json");
  const auto login = rig.port("genesys_login");
  const auto api = rig.port("genesys_api");

  // OAuth client credentials: a stranger is refused in the login service's shape.
  const auto refused = token_request(login, "nobody", "wrong");
  CHECK(refused.status == 401);
  CHECK(nlohmann::json::parse(refused.body).at("error") == "invalid_client");
  const auto granted = token_request(login, rig.ports["genesys_client"]["id"], rig.ports["genesys_client"]["secret"]);
  REQUIRE(granted.status == 200);
  const auto token = nlohmann::json::parse(granted.body);
  CHECK(token.at("token_type") == "bearer");
  CHECK(token.at("expires_in").get<int>() > 0);
  const std::string bearer = "Bearer " + token.at("access_token").get<std::string>();

  // CXone's auth takes its own client, in the form.
  const auto& cx = rig.ports.at("cxone_client");
  const auto cx_token = raw_http(rig.port("cxone_auth"),
                                 http_request("POST", "/auth/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
                                              "grant_type=client_credentials&client_id=" + cx.at("id").get<std::string>() +
                                                  "&client_secret=" + cx.at("secret").get<std::string>()));
  CHECK(cx_token.status == 200);
  CHECK(nlohmann::json::parse(cx_token.body).at("token_type") == "Bearer");

  const std::string rec_path = "/api/v2/conversations/call-0001/recordings/rec-0001?formatId=WAV&download=true";
  CHECK(raw_http(api, http_request("GET", rec_path)).status == 401);
  const auto early = raw_http(api, http_request("GET", rec_path, {{"Authorization", bearer}}));
  REQUIRE(early.status == 200);
  CHECK(genesys::parse_recording(early.body).ok());

  // Once the platform made it AVAILABLE, the Recording names its media on the CDN.
  std::string media_uri;
  const bool available = eventually(60s, [&] {
    const auto r = raw_http(api, http_request("GET", rec_path, {{"Authorization", bearer}}));
    if (r.status != 200) return false;
    auto md = genesys::parse_recording(r.body);
    if (!md.ok() || md.value().file_state != "AVAILABLE" || md.value().media_uri.empty()) return false;
    media_uri = md.value().media_uri;
    return true;
  });
  INFO(rig.proc->output());
  REQUIRE(available);
  const auto url = http::parse_url(media_uri);
  REQUIRE(url.has_value());
  CHECK(url->host == "127.0.0.1:" + std::to_string(rig.port("cdn")));
  const auto media = raw_http(rig.port("cdn"), http_request("GET", url->target));
  REQUIRE(media.status == 200);
  CHECK(media.header("Content-Type") == "audio/wav");
  const auto wav = rig.dir.write("rec-0001.wav", media.body);
  SF_INFO info{};
  SNDFILE* f = sf_open(wav.c_str(), SFM_READ, &info);
  REQUIRE(f != nullptr);
  sf_close(f);
  CHECK(info.samplerate == 8000);
  CHECK(info.channels == 1);
  CHECK(info.frames > 8000 * 3);  // a 4 s call: at least 3 s of audio

  // The relay's posts carry the project's signature over the exact body.
  std::vector<std::pair<std::string, std::string>> posts;
  REQUIRE(eventually(30s, [&] {
    posts = rig.receiver.received();
    return posts.size() >= 3;  // customer.end, UPLOADING, AVAILABLE of call-0001 at least
  }));
  for (const auto& [head, body] : posts) {
    CHECK(head.rfind("POST /webhooks/genesys ", 0) == 0);
    CHECK(ingress::verify_webhook_signature(parse_head_fields(head), body, kSecret) == ingress::SignatureCheck::ok);
    CHECK(ingress::verify_webhook_signature(parse_head_fields(head), body, "not-the-secret") ==
          ingress::SignatureCheck::mismatch);
  }
  bool saw_available = false;
  for (const auto& [head, body] : posts) saw_available |= body.find("\"AVAILABLE\"") != std::string::npos;
  CHECK(saw_available);

  CHECK(rig.proc->stop() == 0);
}

TEST_CASE("mock-serve's S3 refuses a wrong SigV4 signature and keeps a correctly signed write") {
  MockServeRig rig("tests/data/live/mock-serve-two-calls.json");
  const auto s3 = rig.port("s3");
  const auto& cfg = rig.ports.at("s3");
  const std::string host = "127.0.0.1:" + std::to_string(s3);
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();

  const auto put = [&](const std::string& key, const std::string& secret) {
    http::Request req;
    req.method = "PUT";
    req.target = "/" + cfg.at("bucket").get<std::string>() + "/" + key;
    req.headers.set("Host", host);
    req.headers.set("If-None-Match", "*");
    req.body = share(std::string("not really audio"));
    signing::SigV4Params p;
    p.region = cfg.at("region");
    p.unix_seconds = now_s;
    signing::sign_sigv4(req, signing::AwsCredentials{cfg.at("access_key_id"), secret, ""}, p);
    return raw_http(s3, wire_text(req));
  };
  const auto wrong = put("probe/wrong.bin", "this-is-not-the-secret-key-0000000000000");
  CHECK(wrong.status == 403);
  CHECK(wrong.body.find("SignatureDoesNotMatch") != std::string::npos);
  const auto right = put("probe/right.bin", cfg.at("secret_access_key"));
  CHECK(right.status == 200);

  const auto state = mock_state(rig.ports);
  REQUIRE(state.has_value());
  bool found = false;
  for (const auto& o : state->at("primary")) {
    if (o.at("key") == "probe/right.bin") {
      found = true;
      CHECK(o.at("sha256") == crypto::to_hex(crypto::sha256("not really audio")));
    }
    CHECK(o.at("key") != "probe/wrong.bin");
  }
  CHECK(found);

  // Azure: no SharedKey at all is refused too.
  const auto az = rig.port("azure");
  const auto& azc = rig.ports.at("azure");
  const auto anon = raw_http(az, http_request("PUT", "/" + azc.at("account").get<std::string>() + "/" + azc.at("container").get<std::string>() + "/probe.bin",
                                              {{"x-ms-blob-type", "BlockBlob"}, {"x-ms-version", "2021-08-06"}}, "x"));
  CHECK((anon.status == 401 || anon.status == 403));
  CHECK(rig.proc->stop() == 0);
}

TEST_CASE("mock-serve rejects bad usage with exit 2") {
  CHECK(run_recguard("mock-serve --scenario nothing.json").exit_code == 2);
  CHECK(run_recguard("mock-serve --scenario nothing.json --webhook-url http://127.0.0.1:1/ --secret-env "
                     "RECGUARD_SURELY_UNSET_VARIABLE")
            .exit_code == 2);
}

TEST_CASE("mock-serve with exit-when-done exits 0 once every call is over, uploaded and announced") {
  EchoUpstream receiver;
  TempFolder dir("mock-serve-exit");
  ChildProcess proc({RECGUARD_BINARY, "mock-serve", "--scenario",
                     std::string(RECGUARD_SOURCE_DIR) + "/tests/data/live/mock-serve-two-calls.json", "--webhook-url",
                     "http://127.0.0.1:" + std::to_string(receiver.port()) + "/webhooks/genesys", "--secret-env",
                     "MOCK_RELAY_SECRET", "--speed", "8", "--exit-when-done", "--quiet-for", "1s"},
                    {{"MOCK_RELAY_SECRET", kSecret}}, dir.path / "mock-serve.log");
  const auto code = proc.wait(std::chrono::seconds(90));
  INFO(proc.output());
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  // Both calls: customer.end, UPLOADING and AVAILABLE each, all acknowledged.
  CHECK(receiver.received().size() == 6);
  CHECK(proc.output().find("relayed 6/6 notifications, lost 0") != std::string::npos);
}

TEST_CASE("mock-serve writes a serve configuration that loads, and its secrets only to an owner-only env file") {
  EchoUpstream receiver;
  TempFolder dir("mock-serve-config");
  const auto config = dir.path / "serve.json";
  ChildProcess proc({RECGUARD_BINARY, "mock-serve", "--scenario",
                     std::string(RECGUARD_SOURCE_DIR) + "/tests/data/live/mock-serve-two-calls.json", "--webhook-url",
                     "http://127.0.0.1:" + std::to_string(receiver.port()) + "/webhooks/genesys", "--secret-env",
                     "MOCK_RELAY_SECRET", "--serve-config", config.string(), "--serve-port", "18123", "--run-for",
                     "30s"},
                    {{"MOCK_RELAY_SECRET", kSecret}}, dir.path / "mock-serve.log");
  const bool written = eventually(20s, [&] { return std::filesystem::exists(config.string() + ".env"); });
  INFO(proc.output());
  REQUIRE(written);
  const auto env_file = std::filesystem::path(config.string() + ".env");
  const auto perms = std::filesystem::status(env_file).permissions();
  CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
        std::filesystem::perms::none);

  // The env file sets every variable the configuration refers to; the
  // configuration itself holds none of the secrets.
  std::ifstream in(env_file);
  std::map<std::string, std::string> vars;
  for (std::string line; std::getline(in, line);) {
    REQUIRE(line.rfind("export ", 0) == 0);
    const auto eq = line.find('=');
    vars[line.substr(7, eq - 7)] = line.substr(eq + 2, line.size() - eq - 3);  // strip the quotes
  }
  CHECK(vars.at("RECGUARD_MOCK_HMAC_SECRET") == kSecret);
  const auto cfg = *read_json_file(config);
  CHECK(cfg.at("webhook").at("port") == 18123);
  CHECK(cfg.dump().find(kSecret) == std::string::npos);
  for (const auto& [name, value] : vars) {
    INFO(name);
    CHECK(cfg.dump().find(value) == std::string::npos);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  // What serve would load: the strict loader accepts it.
  auto loaded = live::load_live_config(config.string());
  INFO((loaded.ok() ? std::string() : loaded.error().message));
  CHECK(loaded.ok());
}
