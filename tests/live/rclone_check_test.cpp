// An independent client confirms what core's adapters wrote: the same real
// recordings go to s3rver (S3 adapter) and Azurite (Azure adapter) over
// live::HttpClient, then `rclone check` compares the two stores by MD5 (the
// S3 side from the ETag or, for multipart objects, the x-amz-meta-md5chksum
// core sets; the Azure side from the blob's Content-MD5 core declares). One
// blob is then overwritten with bytes of the same size: only a hash
// comparison can see that, and rclone must.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/azure_container.hpp"
#include "support/command_line.hpp"
#include "support/live_peers.hpp"
#include "support/media_files.hpp"
#include "support/store_session.hpp"

using namespace recguard;
using namespace recguard::testing;
using stores::WriteOutcomeKind;

namespace {

// Both remotes come from the environment (RCLONE_CONFIG_<NAME>_<OPTION>), so
// nothing is written to the user's rclone.conf.
CommandOutcome rclone_check(const S3rverPeer& s3, const AzuritePeer& azurite, const std::string& container) {
  if (!std::filesystem::exists("/usr/bin/rclone")) FAIL("rclone is not installed: run " << kInstallLivePeers);
  // AWS_CA_BUNDLE (set on some machines for other tools) makes rclone's S3
  // SDK fail on a plain-http endpoint; nothing here uses TLS.
  const std::string env =
      "env -u AWS_CA_BUNDLE RCLONE_CONFIG=/dev/null "
      "RCLONE_CONFIG_PRIMARY_TYPE=s3 RCLONE_CONFIG_PRIMARY_PROVIDER=Other "
      "RCLONE_CONFIG_PRIMARY_ENDPOINT=http://" + s3.host() + " RCLONE_CONFIG_PRIMARY_REGION=us-east-1 "
      "RCLONE_CONFIG_PRIMARY_FORCE_PATH_STYLE=true "
      "RCLONE_CONFIG_PRIMARY_ACCESS_KEY_ID=" + kS3rverAccessKey + " RCLONE_CONFIG_PRIMARY_SECRET_ACCESS_KEY=" +
      kS3rverSecret + " "
      // use_emulator: the devstoreaccount1 key over plain http at the given endpoint.
      "RCLONE_CONFIG_BACKUP_TYPE=azureblob RCLONE_CONFIG_BACKUP_USE_EMULATOR=true "
      "RCLONE_CONFIG_BACKUP_ENDPOINT=http://" + azurite.host() + "/" + kAzuriteAccount + " ";
  return run_shell(env + "timeout 120 rclone check primary:" + s3.bucket + " backup:" + container + " 2>&1");
}

}  // namespace

TEST_CASE("rclone check: what both adapters wrote matches by MD5, and a same-size overwrite is caught",
          "[live][rclone]") {
  S3rverPeer s3("rec-primary");
  AzuritePeer azurite;
  StoreSession primary(stores::make_s3_client(s3.config()), s3.host());
  const auto azure_cfg = azurite.config("rec-backup");
  StoreSession backup(stores::make_azure_blob_client(azure_cfg), azurite.host());
  REQUIRE(backup.send(create_container_request(azure_cfg, StoreSession::now())).status == 201);

  std::vector<stores::PutSpec> small;
  for (const char* name : {"mono_8k_pcm16.wav", "mono_8k_ulaw.wav", "stereo_agent_customer_8k_pcm16.wav"}) {
    // Flat keys: s3rver 3.7 leaves out the CommonPrefixes of folders that
    // hold only folders, so rclone's walk would not find "2026/11/24/x".
    small.push_back(put_spec(std::string("2026-11-24-") + name, shared_media(name)));
    const auto p = primary.put(small.back());
    const auto b = backup.put(small.back());
    INFO(name << ": primary " << p.status << " " << p.error_code << ", backup " << b.status << " " << b.error_code);
    REQUIRE(p.kind == WriteOutcomeKind::created);
    REQUIRE(b.kind == WriteOutcomeKind::created);
  }
  // A multipart object: its S3 ETag is not an MD5, so rclone needs md5chksum.
  const std::size_t part = static_cast<std::size_t>(stores::kS3MinPartBytes);
  const auto large = put_spec("2026-11-24-long-call.wav",
                              slice(long_recording("stereo_agent_customer_8k_pcm16.wav", 2 * part + 1000), 0, 2 * part + 1000));
  REQUIRE(primary.put_in_parts(large, part).kind == WriteOutcomeKind::created);
  REQUIRE(backup.put_in_parts(large, part).kind == WriteOutcomeKind::created);

  const CommandOutcome same = rclone_check(s3, azurite, "rec-backup");
  INFO("rclone check output:\n" << same.output);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.output, Catch::Contains("0 differences found"));
  CHECK_THAT(same.output, Catch::Contains("4 matching files"));
  CHECK_THAT(same.output, !Catch::Contains("could not be checked"));  // hashes compared, not just sizes

  // Same length, one byte changed: sizes still agree, MD5s do not.
  ByteVec damaged(*small[1].body);
  damaged[damaged.size() / 2] ^= 0x01;
  auto overwrite = put_spec(small[1].key, share(std::move(damaged)));
  overwrite.create_only = false;
  REQUIRE(backup.put(overwrite).kind == WriteOutcomeKind::created);

  const CommandOutcome differ = rclone_check(s3, azurite, "rec-backup");
  INFO("rclone check output after the overwrite:\n" << differ.output);
  CHECK(differ.exit_code != 0);
  CHECK_THAT(differ.output, Catch::Contains("1 differences found"));
  CHECK_THAT(differ.output, Catch::Contains("mono_8k_ulaw.wav"));
}
