#pragma once
// `recguard serve` as a child process: a config file whose platform and
// stores are a loopback sink (tokens at /oauth/token, 404 for the rest),
// secrets in files, and the process's first line read for its address.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "live/driver_test_support.hpp"
#include "live/server_test_support.hpp"

namespace recguard::testing {

// Stands in for Genesys and both stores: a token for the client-credentials
// grant, a 404 for everything else. Counts what it was asked.
class PlatformSink {
 public:
  PlatformSink()
      : server_({}, [this](http::Request req, live::Respond respond) {
          {
            std::lock_guard lock(mu_);
            targets_.push_back(req.method + " " + req.target);
          }
          cv_.notify_all();
          if (req.path() == "/oauth/token") {
            respond(http::make_response(200, R"({"access_token":"test-token","expires_in":3600})", "application/json"));
          } else {
            respond(http::make_response(404, R"({"message":"not found","status":404})", "application/json"));
          }
        }) {}
  unsigned short port() const { return server_.port(); }
  // Waits (bounded) until a request whose target contains `part` arrived.
  bool wait_for_target(const std::string& part) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] {
      for (const auto& t : targets_) {
        if (t.find(part) != std::string::npos) return true;
      }
      return false;
    });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> targets_;
  ServerUnderTest server_;
};

// The config file in the loader's format (live/README.md); `policy_extra`
// goes inside "policy", `webhook_extra` inside "webhook".
inline std::string serve_config_json(const TempFolder& dir, unsigned short sink_port,
                                     const std::string& webhook_extra = "", const std::string& policy_extra = "") {
  dir.write("hmac.secret", kTestWebhookSecret);
  dir.write("genesys.id", "client-id");
  dir.write("genesys.secret", "client-secret");
  dir.write("s3.id", "AKIDTEST");
  dir.write("s3.secret", "s3-secret");
  dir.write("azure.key", "a2V5");
  const std::string d = dir.path.string();
  const std::string sink = "http://127.0.0.1:" + std::to_string(sink_port);
  return R"({
  "webhook": {"bind": "127.0.0.1", "port": 0, "hmac_secret": {"file": ")" + d + R"(/hmac.secret"})" +
         webhook_extra + R"(},
  "journal": ")" + d + R"(/journal.sqlite",
  "genesys": {"api_url": ")" + sink + R"(",
              "oauth": {"token_url": ")" + sink + R"(/oauth/token",
                        "client_id": {"file": ")" + d + R"(/genesys.id"},
                        "client_secret": {"file": ")" + d + R"(/genesys.secret"}}},
  "cdn": {"tls": false},
  "primary": {"kind": "s3", "endpoint_url": ")" + sink + R"(", "bucket": "rec-primary", "region": "us-east-1",
              "access_key_id": {"file": ")" + d + R"(/s3.id"}, "secret_access_key": {"file": ")" + d + R"(/s3.secret"}},
  "backup": {"kind": "azure_blob", "endpoint_url": ")" + sink + R"(", "account": "devstoreaccount1",
             "container": "rec-backup", "account_key": {"file": ")" + d + R"(/azure.key"}, "path_style": true},
  "http_client": {"verify_peer": false},
  "policy": {"upload_wait_max": "2h")" + policy_extra + R"(}
})";
}

// One `recguard serve` process. Its stdout's first line gives the address;
// stderr goes to a file in the folder.
class ServeProcess {
 public:
  ServeProcess(const TempFolder& dir, const std::string& config_json, const std::string& extra_args = "--http") {
    const auto config = dir.write("live.json", config_json);
    stderr_path_ = (dir.path / "serve.stderr").string();
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      std::FILE* err = std::fopen(stderr_path_.c_str(), "w");
      if (err) ::dup2(::fileno(err), 2);
      ::close(out[0]);
      const std::string cmd = std::string(RECGUARD_BINARY) + " serve --config " + config.string() + " " + extra_args;
      ::execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = ::fdopen(out[0], "r");
    char line[512] = {};
    if (std::fgets(line, sizeof line, out_)) first_line_ = line;
    const auto colon = first_line_.rfind(':');
    if (first_line_.rfind("listening on ", 0) == 0 && colon != std::string::npos) {
      port_ = static_cast<unsigned short>(std::stoi(first_line_.substr(colon + 1)));
    }
  }
  ~ServeProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_) std::fclose(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  void signal(int sig) { ::kill(pid_, sig); }
  // Exit code, or -signal when killed by one.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::FILE* out_ = nullptr;
  std::string first_line_;
  std::string stderr_path_;
  unsigned short port_ = 0;
};

}  // namespace recguard::testing
