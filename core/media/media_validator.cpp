#include "core/media/media_validator.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace recguard::media {

namespace {

std::string seconds(std::int64_t ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

MediaVerdict& fail(MediaVerdict& v, std::string reason, std::string detail) {
  v.valid = false;
  v.reason = std::move(reason);
  v.detail = std::move(detail);
  return v;
}

}  // namespace

MediaValidator::MediaValidator(MediaExpectation expect, Hashing hashing) : expect_(std::move(expect)) {
  if (hashing == Hashing::sha256) sha256_.emplace(crypto::Hasher::Algo::sha256);
  assert(sha256_ || expect_.sha256_hex.empty());  // nothing to compare an expected hash with
}

void MediaValidator::feed(ByteView chunk) {
  assert(!finished_);
  if (chunk.empty()) return;
  if (sha256_) sha256_->update(chunk);
  size_bytes_ += static_cast<std::int64_t>(chunk.size());
  if (stage_ == Stage::header) feed_header(chunk);
  if (stage_ == Stage::data) feed_data(chunk);
}

// Takes from chunk only the bytes the parser has asked for, so header_ never
// grows past the 'data' chunk header and audio bytes are never copied here.
void MediaValidator::feed_header(ByteView& chunk) {
  while (stage_ == Stage::header && !chunk.empty()) {
    const auto want = static_cast<std::size_t>(header_needed_bytes_) - header_.size();
    const std::size_t take = std::min(want, chunk.size());
    header_.insert(header_.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(take));
    chunk = chunk.subspan(take);
    if (static_cast<std::int64_t>(header_.size()) < header_needed_bytes_) return;

    auto parsed = parse_wav_header(ByteView(header_));
    if (!parsed) {
      stage_ = Stage::corrupt;
      corrupt_detail_ = parsed.error().message;
    } else if (parsed->need_more) {
      assert(parsed->min_prefix_bytes > header_needed_bytes_);
      header_needed_bytes_ = parsed->min_prefix_bytes;
      if (header_needed_bytes_ > kMaxHeaderBytes) {
        stage_ = Stage::corrupt;
        corrupt_detail_ = "no 'data' chunk within the first " + std::to_string(kMaxHeaderBytes) + " bytes";
      }
    } else {
      on_header(*parsed);
    }
  }
}

void MediaValidator::on_header(const WavInfo& info) {
  assert(static_cast<std::int64_t>(header_.size()) == info.data_offset);
  info_ = info;
  stage_ = Stage::data;
  if (info.channels > kMaxChannels) return;  // unsupported: hash only
  format_ = media_format_of(info);
  if (!format_) return;
  decoder_.emplace(header_, info);
  stats_.emplace(info.channels, info.sample_rate);
  piece_capacity_bytes_ = kPieceBytes - kPieceBytes % info.block_align;
  piece_.reserve(static_cast<std::size_t>(std::min(piece_capacity_bytes_, info.data_size_claimed)));
}

void MediaValidator::feed_data(ByteView chunk) {
  // Bytes past the claimed payload are trailing chunks (LIST and the like),
  // not audio: hashed, never decoded.
  const std::int64_t room = info_->data_size_claimed - payload_bytes_;
  chunk =
      chunk.first(static_cast<std::size_t>(std::clamp<std::int64_t>(room, 0, static_cast<std::int64_t>(chunk.size()))));
  payload_bytes_ += static_cast<std::int64_t>(chunk.size());
  if (!decoder_ || !decode_error_.empty()) return;

  const auto capacity = static_cast<std::size_t>(piece_capacity_bytes_);
  while (!chunk.empty()) {
    if (piece_.empty() && chunk.size() >= capacity) {
      decode(chunk.first(capacity));  // a big chunk decodes in place, without a copy
      chunk = chunk.subspan(capacity);
      continue;
    }
    const std::size_t take = std::min(capacity - piece_.size(), chunk.size());
    piece_.insert(piece_.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(take));
    chunk = chunk.subspan(take);
    if (piece_.size() == capacity) {
      decode(ByteView(piece_));
      piece_.clear();
    }
  }
}

void MediaValidator::decode(ByteView piece) {
  if (!decode_error_.empty()) return;
  auto frames = decoder_->decode(piece, [this](std::span<const std::int16_t> s) { stats_->add(s); });
  if (!frames) decode_error_ = frames.error().message;
}

MediaVerdict MediaValidator::finish() {
  assert(!finished_);
  finished_ = true;
  if (decoder_ && !piece_.empty()) {
    // A trailing partial frame cannot be decoded; it is not audio.
    const std::size_t whole = piece_.size() - piece_.size() % static_cast<std::size_t>(info_->block_align);
    decode(ByteView(piece_).first(whole));
  }
  piece_ = ByteVec{};
  MediaVerdict v = judge();
  v.valid = v.reason.empty();
  return v;
}

MediaVerdict MediaValidator::judge() {
  MediaVerdict v;
  v.size_bytes = size_bytes_;
  if (sha256_) v.sha256_hex = crypto::to_hex(view(sha256_->finish()));
  v.format = "unknown";

  if (size_bytes_ == 0) return fail(v, "zero_bytes", "the file is empty");
  if (stage_ == Stage::corrupt) return fail(v, "corrupt_header", corrupt_detail_);
  if (stage_ == Stage::header) {
    // The stream ended while the parser still wanted bytes; check what there
    // is, since a short file of garbage is corrupt rather than cut short.
    auto parsed = parse_wav_header(ByteView(header_));
    if (!parsed) return fail(v, "corrupt_header", parsed.error().message);
    return fail(v, "truncated", "the file ends after " + std::to_string(size_bytes_) + " bytes, inside the header");
  }

  const WavInfo& info = *info_;
  v.format = format_label(info);
  v.channels = info.channels;
  v.sample_rate = info.sample_rate;
  const std::int64_t bytes_per_second = std::int64_t{info.sample_rate} * info.block_align;
  if (bytes_per_second > 0) {
    const std::int64_t whole_payload = payload_bytes_ - payload_bytes_ % info.block_align;
    v.duration_header_ms = info.data_size_claimed * 1000 / bytes_per_second;
    v.duration_data_ms = whole_payload * 1000 / bytes_per_second;
  }

  if (!format_ || info.channels > kMaxChannels) {
    return fail(
        v, "unsupported_codec",
        v.format + " with " + std::to_string(info.channels) +
            " channel(s) is not accepted (PCM 16-bit at 8 or 16 kHz, or G.711 u-law/A-law at 8 kHz; 1-2 channels)");
  }
  if (payload_bytes_ < info.data_size_claimed) {
    if (payload_bytes_ == 0) {
      return fail(v, "truncated", "header claims " + seconds(v.duration_header_ms) + " but no audio data follows");
    }
    return fail(v, "truncated",
                "header claims " + seconds(v.duration_header_ms) + " but data holds " + seconds(v.duration_data_ms));
  }
  if (payload_bytes_ < info.block_align) {
    return fail(v, "truncated", "the header declares an empty 'data' chunk: no audio at all");
  }
  if (expect_.size_bytes >= 0 && expect_.size_bytes != size_bytes_) {
    return fail(
        v, "size_mismatch",
        "platform says " + std::to_string(expect_.size_bytes) + " bytes, received " + std::to_string(size_bytes_));
  }
  if (!expect_.sha256_hex.empty() && lower(expect_.sha256_hex) != v.sha256_hex) {
    return fail(v, "sha256_mismatch",
                "platform says SHA-256 " + lower(expect_.sha256_hex) + ", bytes hash to " + v.sha256_hex);
  }
  if (!decode_error_.empty()) return fail(v, "decode_error", decode_error_);
  if (expect_.duration_ms >= 0 && std::llabs(v.duration_data_ms - expect_.duration_ms) > kDurationToleranceMs) {
    return fail(
        v, "duration_mismatch",
        "platform says " + seconds(expect_.duration_ms) + " but the audio holds " + seconds(v.duration_data_ms));
  }
  const AudioJudgement content = stats_->judge();
  if (content.content == AudioContent::silence) return fail(v, "silence", content.detail);
  if (content.content == AudioContent::constant_tone) return fail(v, "constant_tone", content.detail);
  return v;
}

}  // namespace recguard::media
