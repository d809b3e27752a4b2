#pragma once
// libsndfile over an in-memory file, for tests that check our media code
// against libsndfile's own reading and writing, independently of the validator.
#include <sndfile.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "core/types/bytes.hpp"

namespace recguard::testing {

struct MemFile {
  ByteVec data;
  sf_count_t pos = 0;
};

inline SF_VIRTUAL_IO mem_io() {
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* u) { return static_cast<sf_count_t>(static_cast<MemFile*>(u)->data.size()); };
  io.seek = [](sf_count_t off, int whence, void* u) {
    auto* f = static_cast<MemFile*>(u);
    const sf_count_t base = whence == SEEK_SET   ? 0
                            : whence == SEEK_CUR ? f->pos
                                                 : static_cast<sf_count_t>(f->data.size());
    f->pos = base + off;
    return f->pos;
  };
  io.read = [](void* ptr, sf_count_t n, void* u) {
    auto* f = static_cast<MemFile*>(u);
    const sf_count_t k = std::clamp<sf_count_t>(static_cast<sf_count_t>(f->data.size()) - f->pos, 0, n);
    std::memcpy(ptr, f->data.data() + f->pos, static_cast<std::size_t>(k));
    f->pos += k;
    return k;
  };
  io.write = [](const void* ptr, sf_count_t n, void* u) {
    auto* f = static_cast<MemFile*>(u);
    if (f->data.size() < static_cast<std::size_t>(f->pos + n)) f->data.resize(static_cast<std::size_t>(f->pos + n));
    std::memcpy(f->data.data() + f->pos, ptr, static_cast<std::size_t>(n));
    f->pos += n;
    return n;
  };
  io.tell = [](void* u) { return static_cast<MemFile*>(u)->pos; };
  return io;
}

struct Decoded {
  SF_INFO info{};
  std::vector<std::int16_t> samples;
};

// Reads a whole in-memory file with libsndfile.
inline Decoded sndfile_read(ByteView file) {
  MemFile mem{ByteVec(file.begin(), file.end()), 0};
  SF_VIRTUAL_IO io = mem_io();
  Decoded d;
  SNDFILE* snd = sf_open_virtual(&io, SFM_READ, &d.info, &mem);
  REQUIRE(snd != nullptr);
  d.samples.resize(static_cast<std::size_t>(d.info.frames * d.info.channels));
  CHECK(sf_readf_short(snd, d.samples.data(), d.info.frames) == d.info.frames);
  sf_close(snd);
  return d;
}

}  // namespace recguard::testing
