#include "core/media/sndfile_piece_decoder.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>
#include <memory>

namespace recguard::media {

namespace {

// A read-only file made of two buffers back to back.
struct TwoPartFile {
  ByteView head;
  ByteView body;
  sf_count_t pos = 0;

  sf_count_t size() const { return static_cast<sf_count_t>(head.size() + body.size()); }
};

TwoPartFile& file_of(void* user) { return *static_cast<TwoPartFile*>(user); }

sf_count_t vio_get_filelen(void* user) { return file_of(user).size(); }

sf_count_t vio_seek(sf_count_t offset, int whence, void* user) {
  TwoPartFile& f = file_of(user);
  sf_count_t base = 0;
  if (whence == SEEK_CUR) base = f.pos;
  if (whence == SEEK_END) base = f.size();
  const sf_count_t target = base + offset;
  if (target < 0) return -1;
  f.pos = target;  // past the end is allowed, as for a real file; reads then return 0
  return f.pos;
}

sf_count_t vio_read(void* ptr, sf_count_t count, void* user) {
  TwoPartFile& f = file_of(user);
  auto* out = static_cast<std::uint8_t*>(ptr);
  sf_count_t done = 0;
  while (done < count && f.pos < f.size()) {
    const bool in_head = f.pos < static_cast<sf_count_t>(f.head.size());
    const ByteView part = in_head ? f.head : f.body;
    const sf_count_t part_pos = in_head ? f.pos : f.pos - static_cast<sf_count_t>(f.head.size());
    const sf_count_t n = std::min(count - done, static_cast<sf_count_t>(part.size()) - part_pos);
    std::memcpy(out + done, part.data() + part_pos, static_cast<std::size_t>(n));
    done += n;
    f.pos += n;
  }
  return done;
}

sf_count_t vio_write(const void*, sf_count_t, void*) { return 0; }

sf_count_t vio_tell(void* user) { return file_of(user).pos; }

void put_u32(ByteVec& b, std::int64_t at, std::uint32_t v) {
  assert(at >= 0);
  assert(static_cast<std::size_t>(at) + 4 <= b.size());
  for (int i = 0; i < 4; ++i) b[static_cast<std::size_t>(at + i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

struct SndfileCloser {
  void operator()(SNDFILE* s) const { sf_close(s); }
};

}  // namespace

SndfilePieceDecoder::SndfilePieceDecoder(ByteVec header, const WavInfo& info)
    : header_(std::move(header)), info_(info), batch_(static_cast<std::size_t>(kBatchFrames * info.channels)) {
  assert(!info.need_more);
  assert(info.codec != WavCodec::other);
  assert(info.block_align > 0);
  assert(static_cast<std::int64_t>(header_.size()) == info.data_offset);
}

void SndfilePieceDecoder::patch_sizes(std::uint32_t piece_bytes) {
  put_u32(header_, 4, static_cast<std::uint32_t>(header_.size() - 8) + piece_bytes);
  put_u32(header_, info_.data_offset - 4, piece_bytes);
  if (info_.fact_offset >= 0 && info_.fact_offset + 4 <= info_.data_offset) {
    put_u32(header_, info_.fact_offset, piece_bytes / static_cast<std::uint32_t>(info_.block_align));
  }
}

Result<std::int64_t> SndfilePieceDecoder::decode(ByteView piece, const SampleSink& sink) {
  assert(piece.size() % static_cast<std::size_t>(info_.block_align) == 0);
  assert(piece.size() <= std::numeric_limits<std::uint32_t>::max() - header_.size());
  if (piece.empty()) return std::int64_t{0};
  patch_sizes(static_cast<std::uint32_t>(piece.size()));

  TwoPartFile file{ByteView(header_), piece, 0};
  SF_VIRTUAL_IO vio{vio_get_filelen, vio_seek, vio_read, vio_write, vio_tell};
  SF_INFO sf_info{};
  std::unique_ptr<SNDFILE, SndfileCloser> snd(sf_open_virtual(&vio, SFM_READ, &sf_info, &file));
  if (!snd) return Error{std::string("libsndfile cannot open the audio: ") + sf_strerror(nullptr)};
  if (sf_info.channels != info_.channels || sf_info.samplerate != info_.sample_rate) {
    return Error{"libsndfile reads " + std::to_string(sf_info.channels) + " channels at " +
                 std::to_string(sf_info.samplerate) + " Hz, the header says " + std::to_string(info_.channels) +
                 " at " + std::to_string(info_.sample_rate) + " Hz"};
  }

  const std::int64_t expected_frames = static_cast<std::int64_t>(piece.size()) / info_.block_align;
  std::int64_t frames_total = 0;
  for (;;) {
    const sf_count_t got = sf_readf_short(snd.get(), batch_.data(), kBatchFrames);
    if (got <= 0) break;
    sink(std::span<const std::int16_t>(batch_.data(), static_cast<std::size_t>(got * info_.channels)));
    frames_total += got;
  }
  if (sf_error(snd.get()) != SF_ERR_NO_ERROR) {
    return Error{std::string("libsndfile failed mid-decode: ") + sf_strerror(snd.get())};
  }
  if (frames_total != expected_frames) {
    return Error{"libsndfile decoded " + std::to_string(frames_total) + " frames of " +
                 std::to_string(expected_frames)};
  }
  return frames_total;
}

}  // namespace recguard::media
