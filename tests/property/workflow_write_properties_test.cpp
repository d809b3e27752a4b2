// Properties of the dual-write decisions, over any sequence of store answers:
// never overwrite, never verify without both tiers holding our bytes, and
// never issue a second PUT to a tier that is settled.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "core/crypto/digest.hpp"
#include "core/workflow/recording_workflow.hpp"
#include "mocks/media/synthetic_audio.hpp"

using namespace recguard;
using namespace recguard::workflow;
using stores::WriteOutcomeKind;

namespace {

const SharedBytes& media_bytes() {
  static const SharedBytes bytes = [] {
    mocks::SyntheticWav wav(media::MediaFormat::wav_ulaw_8k, 1, 5000, 9);
    return share(wav.read(0, wav.size()));
  }();
  return bytes;
}

// One answer a store may give to whatever the workflow last asked it.
struct Answer {
  WriteOutcomeKind put_kind;
  bool head_exists;
  bool head_same_bytes;
};

}  // namespace

namespace rc {
template <>
struct Arbitrary<Answer> {
  static Gen<Answer> arbitrary() {
    return gen::build<Answer>(
        gen::set(&Answer::put_kind,
                 gen::element(WriteOutcomeKind::created, WriteOutcomeKind::already_exists,
                              WriteOutcomeKind::race_conflict, WriteOutcomeKind::throttled,
                              WriteOutcomeKind::server_error, WriteOutcomeKind::rejected_digest,
                              WriteOutcomeKind::auth_error)),
        gen::set(&Answer::head_exists), gen::set(&Answer::head_same_bytes));
  }
};
}  // namespace rc

TEST_CASE("dual-write decisions hold for any sequence of store answers", "[property][workflow]") {
  rc::prop("no overwrite, no false verification, no PUT after a tier settles", [](const std::vector<Answer>& answers) {
    const Policy policy;
    RecordingRow row;
    row.id = RecordingId{"rec-0001"};
    row.call = CallId{"call-0001"};
    RecordingWorkflow wf(row, policy, 42);
    Instant now{0};
    const auto& bytes = media_bytes();
    const std::string sha = crypto::to_hex(crypto::sha256(ByteView(*bytes)));
    wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/x.wav"}}, now);
    wf.poll_command();
    genesys::RecordingMetadata md;
    md.id = row.id;
    md.file_state = "AVAILABLE";
    md.media_uri = "https://cdn/x.wav";
    md.output_duration_ms = 5000;
    md.output_size_bytes = static_cast<std::int64_t>(bytes->size());
    wf.handle(MetadataFetched{200, md}, now);
    wf.poll_command();
    wf.handle(MediaFetched{200, bytes}, now);

    std::map<Tier, bool> settled{{Tier::primary, false}, {Tier::backup, false}};
    std::map<Tier, bool> ours{{Tier::primary, false}, {Tier::backup, false}};
    std::size_t next = 0;
    for (int step = 0; step < 400 && next < answers.size(); ++step) {
      auto cmd = wf.poll_command();
      if (!cmd) {
        const auto d = wf.next_deadline();
        if (!d) break;
        now = *d;
        wf.handle_timeout(now);
        continue;
      }
      const Answer& a = answers[next++];
      if (auto* put = std::get_if<PutObject>(&*cmd)) {
        RC_ASSERT(!settled[put->tier]);       // never a PUT to a settled tier
        RC_ASSERT(put->spec.create_only);     // never an unconditional write
        stores::WriteOutcome o;
        o.kind = a.put_kind;
        o.etag = "\"e\"";
        if (o.kind == WriteOutcomeKind::created) {
          settled[put->tier] = ours[put->tier] = true;
        }
        wf.handle(TierPutDone{put->tier, o}, now);
      } else if (auto* head = std::get_if<HeadObject>(&*cmd)) {
        stores::ObjectInfo info{a.head_exists, "\"h\"", a.head_same_bytes ? sha : std::string(64, 'f'), 1};
        if (a.head_exists) {
          settled[head->tier] = true;
          ours[head->tier] = a.head_same_bytes;
        }
        wf.handle(TierHeadDone{head->tier, 200, info}, now);
      }
    }
    if (wf.state() == RecordingState::compliance_verified) {
      RC_ASSERT(ours[Tier::primary]);
      RC_ASSERT(ours[Tier::backup]);
    }
    if (settled[Tier::primary] && settled[Tier::backup]) {
      RC_ASSERT(is_terminal(wf.state()));
      RC_ASSERT((wf.state() == RecordingState::compliance_verified) == (ours[Tier::primary] && ours[Tier::backup]));
    }
  });
}
