#pragma once
// A large artifact on its way from the CDN to both stores, in the memory of
// one recording's workflow (recording_workflow_stream.cpp drives it).
//
// The artifact is read in ranged GETs of Policy::media_chunk_bytes. Each
// chunk is fed to the validator and sent at once as the next part (S3
// UploadPart) or block (Azure Put Block) to every tier taking part. A chunk
// is let go of as soon as every such tier has acknowledged it, and the next
// read waits while stream_window_chunks chunks are unacknowledged: a stream
// holds at most window + 1 chunks, whatever the artifact's size.
//
// Nothing becomes an object before the validator has seen the last byte: the
// completion (CompleteMultipartUpload / Put Block List, both create-only) is
// sent only for a valid artifact; an invalid one's uploads are aborted.
//
// A tier whose begin, part or completion fails, or that the pipeline defers,
// drops out of the stream (its upload aborted) and is backfilled later; the
// other tier's parts keep going. A slow tier, though, slows the stream: the
// memory bound wins over independence here, and says so.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/digest.hpp"
#include "core/media/media_validator.hpp"
#include "core/types/bytes.hpp"
#include "core/types/ids.hpp"

namespace recguard::workflow {

struct StreamTier {
  // idle: not taking part (already written, or never joined).
  // beginning: BeginUpload sent. open: parts may go. dropped: out of this stream.
  enum class Phase { idle, beginning, open, dropped };
  Phase phase = Phase::idle;
  std::string upload_id;                // S3's UploadId; empty for Azure
  std::vector<std::string> part_etags;  // by part index (S3's completion lists them)
  std::vector<bool> acked;              // by part index
  int acked_count = 0;
  int parts_in_flight = 0;
  int parts_sent = 0;  // parts 1..parts_sent have been handed out

  bool taking_part() const { return phase == Phase::beginning || phase == Phase::open; }
};

struct MediaStream {
  std::int64_t total = -1;        // the artifact's size (the first answer's Content-Range)
  std::int64_t next_offset = 0;   // the next byte to read
  bool read_in_flight = false;
  int parts_read = 0;
  bool validated = false;         // the last byte was judged valid

  std::unique_ptr<media::MediaValidator> validator;
  crypto::Hasher whole_md5{crypto::Hasher::Algo::md5};
  // S3's multipart ETag is the MD5 of the parts' raw MD5s, then "-N": known
  // once the last part is read, it identifies our object in a HEAD.
  crypto::Hasher md5_of_part_md5s{crypto::Hasher::Algo::md5};
  std::string whole_md5_b64;          // once validated
  std::string multipart_etag;         // "\"<hex>-N\"", once validated
  std::vector<std::string> part_sha256_hex;
  std::vector<std::string> part_md5_b64;
  // Chunks some tier taking part has not acknowledged yet, by part number.
  std::map<int, SharedBytes> buffered;
  StreamTier tiers[2];

  StreamTier& tier(Tier t) { return tiers[static_cast<int>(t)]; }
  const StreamTier& tier(Tier t) const { return tiers[static_cast<int>(t)]; }
  std::int64_t held_bytes() const {
    std::int64_t n = 0;
    for (const auto& [part, bytes] : buffered) n += bytes ? static_cast<std::int64_t>(bytes->size()) : 0;
    return n;
  }
};

}  // namespace recguard::workflow
