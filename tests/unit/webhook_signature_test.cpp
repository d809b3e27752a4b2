#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/ingress/webhook_signature.hpp"

using namespace recguard;
using ingress::SignatureCheck;

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[unit][crypto]") {
  // Key "Jefe", data "what do ya want for nothing?"
  CHECK(crypto::to_hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("SHA-256 and MD5 match their published vectors", "[unit][crypto]") {
  CHECK(crypto::to_hex(crypto::sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::to_hex(crypto::md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  crypto::Hasher h(crypto::Hasher::Algo::sha256);
  h.update(std::string_view("a"));
  h.update(std::string_view("bc"));
  const std::string raw = h.finish();
  CHECK(crypto::to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size())) ==
        crypto::to_hex(crypto::sha256("abc")));
}

TEST_CASE("base64 round trips with and without padding", "[unit][crypto]") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string back;
    REQUIRE(crypto::base64_decode(crypto::base64_encode(s), back));
    CHECK(back == s);
  }
  CHECK(crypto::base64_encode(std::string_view("foobar")) == "Zm9vYmFy");
  std::string junk;
  CHECK_FALSE(crypto::base64_decode("abc", junk));
}

TEST_CASE("a webhook body is accepted only with the right signature", "[unit][ingress]") {
  const std::string secret = "s3cr3t";
  const std::string body = R"({"topicName":"v2.users.u.conversations.c.recordings"})";
  http::Headers h;

  SECTION("correct X-Recguard-Signature") {
    h.set("X-Recguard-Signature", ingress::sign_webhook_body(body, secret));
    CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::ok);
  }
  SECTION("header names are case-insensitive") {
    h.set("x-recguard-signature", ingress::sign_webhook_body(body, secret));
    CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::ok);
  }
  SECTION("missing header") { CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::missing); }
  SECTION("wrong secret") {
    h.set("X-Recguard-Signature", ingress::sign_webhook_body(body, "other"));
    CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::mismatch);
  }
  SECTION("one changed byte in the body") {
    h.set("X-Recguard-Signature", ingress::sign_webhook_body(body, secret));
    std::string tampered = body;
    tampered[5] = 'X';
    CHECK(ingress::verify_webhook_signature(h, tampered, secret) == SignatureCheck::mismatch);
  }
  SECTION("malformed values") {
    for (const char* v : {"abc", "sha256=zz", "sha1=00", "sha256=00"}) {
      h.set("X-Recguard-Signature", v);
      CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::malformed);
    }
  }
  SECTION("Open Messaging style X-Hub-Signature-256 with base64") {
    h.set("X-Hub-Signature-256", "sha256=" + crypto::base64_encode(crypto::hmac_sha256(secret, body)));
    CHECK(ingress::verify_webhook_signature(h, body, secret) == SignatureCheck::ok);
  }
}
