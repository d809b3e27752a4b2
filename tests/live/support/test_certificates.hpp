#pragma once
// Throwaway PKI for TLS tests, made with the openssl command line: a CA, a
// server certificate for 127.0.0.1 and localhost signed by it, a client
// certificate signed by it (mutual TLS), and an unrelated CA that must not
// verify the server. EC P-256 keys: quick to generate.
#include <catch2/catch.hpp>

#include <string>

#include "support/command_line.hpp"

namespace recguard::testing {

struct TestCertificates {
  TempFolder dir{"tls"};
  std::string ca, server_cert, server_key, client_cert, client_key, other_ca;

  TestCertificates() {
    const std::string d = dir.path.string();
    dir.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    dir.write("client.ext", "extendedKeyUsage=clientAuth\n");
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    const std::string script =
        "cd '" + d + "' && "
        "openssl req -x509 " + key + " -keyout ca.key -out ca.pem -days 2 -subj '/CN=recguard test CA' && "
        "openssl req -x509 " + key + " -keyout other.key -out other.pem -days 2 -subj '/CN=some other CA' && "
        "openssl req " + key + " -keyout server.key -out server.csr -subj '/CN=localhost' && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem && "
        "openssl req " + key + " -keyout client.key -out client.csr -subj '/CN=recguard-live-client' && "
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem";
    const CommandOutcome made = run_shell("(" + script + ") 2>&1");
    INFO("making test certificates with the openssl CLI (scripts/install-deps.sh installs it):\n" << made.output);
    REQUIRE(made.exit_code == 0);
    ca = d + "/ca.pem";
    other_ca = d + "/other.pem";
    server_cert = d + "/server.pem";
    server_key = d + "/server.key";
    client_cert = d + "/client.pem";
    client_key = d + "/client.key";
  }
};

}  // namespace recguard::testing
