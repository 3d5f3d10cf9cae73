#include "reminder_mix.hpp"
#include "i18n.hpp"

#include <algorithm>
#include <cmath>

namespace tsr {

namespace {
constexpr std::uint64_t kNsPerSecond = 1000000000ULL;

std::int64_t samples_of_micros(Micros d) {
    return d.count() * kSoundRate / 1000000;
}

/// A background span: the gain is `duck` over [st, en), with linear ramps of `ramp` samples
/// before and after it.
struct Span {
    double st, en, duck;
};

/// The lowest gain the spans ask for at sample s (1 outside them and their ramps).
double span_gain(const std::vector<Span>& spans, double s, double ramp) {
    double g = 1.0;
    for (const auto& [st, en, duck] : spans) {
        double d;
        if (s < st - ramp || s >= en + ramp)
            d = 1.0;
        else if (s < st)
            d = 1.0 - (1.0 - duck) * (s - (st - ramp)) / ramp;
        else if (s < en)
            d = duck;
        else
            d = duck + (1.0 - duck) * (s - en) / ramp;
        g = std::min(g, d);
    }
    return g;
}

std::int16_t to_s16(float v) {
    float x = std::nearbyint(v * 32768.0f);
    if (x > 32767.0f) return 32767;
    if (x < -32768.0f) return -32768;
    return std::int16_t(x);
}
} // namespace

std::uint64_t sample_at_running(std::uint64_t ns) {
    // ns * 48000 / 1e9 rounded, without overflowing 64 bits.
    std::uint64_t secs = ns / kNsPerSecond, rest = ns % kNsPerSecond;
    return secs * kSoundRate + (rest * kSoundRate + kNsPerSecond / 2) / kNsPerSecond;
}

std::uint64_t running_at_sample(std::uint64_t sample) {
    std::uint64_t secs = sample / kSoundRate, rest = sample % kSoundRate;
    return secs * kNsPerSecond + (rest * kNsPerSecond + kSoundRate / 2) / kSoundRate;
}

MixerConfig MixerConfig::of(const Playlist& p) {
    MixerConfig c;
    c.chime = p.audio.chime;
    c.background = p.audio.background;
    c.volume = p.audio.volume;
    c.duck = p.audio.duck;
    c.quiet = p.audio.quiet;
    c.zone = p.zone;
    return c;
}

ReminderMixer::ReminderMixer(Program program, Lookup lookup, MixerConfig config, ClipProgram clips)
    : program_(std::move(program)), lookup_(std::move(lookup)), config_(std::move(config)),
      clip_program_(std::move(clips)) {}

std::unique_ptr<ReminderMixer> ReminderMixer::of(std::shared_ptr<const Playlist> p, Lookup lookup,
                                                 std::optional<Micros> missed_window) {
    MixerConfig config = MixerConfig::of(*p);
    if (missed_window) config.missed_window = *missed_window;
    const Playlist* pl = p.get();
    auto m = std::make_unique<ReminderMixer>(
        [pl](Instant from, Instant to) { return reminder_program(*pl, from, to); },
        std::move(lookup), std::move(config),
        [pl](Instant from, Instant to) { return clip_showings(*pl, from, to); });
    m->playlist_ = std::move(p);
    return m;
}

ReminderMixer::Key ReminderMixer::key_of(const ReminderPlay& p) {
    std::string k = p.due.occurrence.activity ? p.due.occurrence.activity->id : std::string();
    if (p.due.reminder) k += "\n" + p.due.reminder->audio.string();
    return {k, p.due.due.time_since_epoch().count()};
}

std::int64_t ReminderMixer::sample_of(Instant wall) const {
    std::int64_t ns = tb_.running_at_signed(wall);
    if (ns < 0) return -std::int64_t(sample_at_running(std::uint64_t(-ns)));
    return std::int64_t(sample_at_running(std::uint64_t(ns)));
}

void ReminderMixer::begin(const Timebase& tb, std::uint64_t first_sample,
                          std::vector<MixEvent>& events) {
    tb_ = tb;
    first_sample_ = first_sample;
    guard_end_ = first_sample;
    entries_.clear();
    const Instant first_wall = tb_.wall_at(running_at_sample(first_sample));
    for (const ReminderPlay& p : program_(first_wall - config_.missed_window, first_wall)) {
        if (p.sound_start >= first_wall || !done_.insert(key_of(p)).second) continue;
        MixEvent ev;
        ev.play = p;
        ev.reason = _("its sound was due to start before playout began");
        events.push_back(std::move(ev));
    }
    programmed_until_ = first_wall;
    clips_.clear();
    clips_until_ = first_wall;
}

void ReminderMixer::reanchor(const Timebase& tb, std::uint64_t at_sample,
                             std::vector<MixEvent>& events) {
    tb_ = tb;
    const Instant now_wall = tb_.wall_at(running_at_sample(at_sample));
    // Not yet sounding: placed again from the new timebase; those now in the past are lost.
    std::deque<Entry> kept;
    for (Entry& e : entries_) {
        if (e.resolved) {
            kept.push_back(std::move(e));
        } else if (e.play.sound_start < now_wall) {
            if (!done_.insert(key_of(e.play)).second) continue;
            MixEvent ev;
            ev.play = e.play;
            ev.reason = _("the wall clock jumped past its time");
            events.push_back(std::move(ev));
        }
    }
    entries_ = std::move(kept);
    // A forward jump also passes over reminders not fetched yet.
    if (programmed_until_ < now_wall) {
        for (const ReminderPlay& p : program_(programmed_until_, now_wall)) {
            if (!done_.insert(key_of(p)).second) continue;
            MixEvent ev;
            ev.play = p;
            ev.reason = _("the wall clock jumped past its time");
            events.push_back(std::move(ev));
        }
    }
    programmed_until_ = now_wall;
    // Clips are a function of time: placed again from the new timebase, so that the sound
    // follows the picture (which shows the clip's frame of the new time of day).
    clips_.clear();
    clips_until_ = now_wall;
}

void ReminderMixer::fetch_clips_until(Instant need) {
    if (!clip_program_) return;
    while (clips_until_ <= need) {
        const Instant from = clips_until_;
        const Instant to = from + config_.window;
        for (const ClipShowing& c : clip_program_(from, to)) {
            if (!c.what || !c.what->video_sound || c.until <= c.from) continue;
            if (!clips_.empty() && clips_.back().show.slide == c.slide &&
                clips_.back().show.began == c.began && c.from <= clips_.back().show.until) {
                // The showing the previous window ended with, going on.
                if (c.until > clips_.back().show.until) {
                    clips_.back().show.until = c.until;
                    clips_.back().until = sample_of(c.until);
                }
                continue;
            }
            ClipEntry e;
            e.show = c;
            e.began = sample_of(c.began);
            e.from = sample_of(c.from);
            e.until = sample_of(c.until);
            clips_.push_back(std::move(e));
        }
        clips_until_ = to;
    }
}

void ReminderMixer::resolve_clips(std::uint64_t sample_end) {
    for (ClipEntry& c : clips_) {
        if (c.from >= std::int64_t(sample_end)) break;
        if (c.sound || c.failed) continue;
        ReminderSoundBank::Entry e = lookup_(c.show.what->video);
        if (e.state == ReminderSoundBank::State::ready)
            c.sound = e.sound;
        else if (e.state == ReminderSoundBank::State::failed)
            c.failed = true; // the bank reported why when it failed
        // pending: silent until decoded (live), or waited for (simulated: pending_for)
    }
}

void ReminderMixer::fetch_until(std::uint64_t sample_end) {
    const std::uint64_t ramp = std::uint64_t(samples_of_micros(config_.ramp));
    const Instant need = tb_.wall_at(running_at_sample(sample_end + ramp));
    fetch_clips_until(need);
    while (programmed_until_ <= need) {
        const Instant from = programmed_until_;
        const Instant to = from + config_.window;
        for (const ReminderPlay& p : program_(from, to)) {
            if (p.sound_start < from || p.sound_start >= to) continue;
            if (done_.count(key_of(p))) continue;
            Entry e;
            e.play = p;
            e.programmed = sample_of(p.sound_start);
            entries_.push_back(std::move(e));
        }
        programmed_until_ = to;
    }
}

std::vector<std::filesystem::path> ReminderMixer::pending_for(std::uint64_t s0, std::size_t n) {
    fetch_until(s0 + n);
    std::vector<std::filesystem::path> out;
    auto pending = [&](const std::filesystem::path& f) {
        if (!f.empty() && lookup_(f).state == ReminderSoundBank::State::pending) out.push_back(f);
    };
    for (const Entry& e : entries_) {
        if (e.resolved || e.programmed >= std::int64_t(s0 + n)) continue;
        if (e.play.due.reminder) {
            pending(e.play.due.reminder->audio);
            if (e.play.due.reminder->chime) pending(config_.chime);
        }
    }
    if (!bg_settled_)
        for (const auto& b : config_.background)
            pending(b);
    const auto ramp = std::int64_t(samples_of_micros(config_.ramp));
    for (const ClipEntry& c : clips_)
        if (!c.sound && !c.failed && c.from < std::int64_t(s0 + n) + ramp &&
            c.until > std::int64_t(s0))
            pending(c.show.what->video);
    return out;
}

std::int64_t ReminderMixer::expected_start(const Entry& e, std::uint64_t guard) const {
    return std::max(e.programmed, std::int64_t(guard));
}

void ReminderMixer::resolve(Entry& e, std::uint64_t s0, std::vector<MixEvent>& events) {
    MixEvent ev;
    ev.play = e.play;
    if (e.play.held_by)
        ev.note = i18n::format(_("held for the quiet time %s"), quiet_label(*e.play.held_by));
    if (!done_.insert(key_of(e.play)).second) {
        e.end = 0; // already played or skipped once (a backward clock jump): drop silently
        e.resolved = true;
        return;
    }
    const Reminder* r = e.play.due.reminder;
    ReminderSoundBank::Entry voice =
        r ? lookup_(r->audio)
          : ReminderSoundBank::Entry{ReminderSoundBank::State::failed, {}, _("no audio")};
    if (voice.state != ReminderSoundBank::State::ready) {
        ev.reason = voice.state == ReminderSoundBank::State::pending
                        ? std::string(_("its audio was not decoded in time"))
                        : i18n::format(_("its audio cannot be played: %s"), voice.error);
        events.push_back(std::move(ev));
        e.end = 0;
        e.resolved = true;
        return;
    }
    std::shared_ptr<const DecodedSound> chime;
    if (r->chime && !config_.chime.empty()) {
        ReminderSoundBank::Entry c = lookup_(config_.chime);
        if (c.state == ReminderSoundBank::State::ready)
            chime = c.sound;
        else
            ev.note += std::string(ev.note.empty() ? "" : "; ") +
                       (c.state == ReminderSoundBank::State::pending
                            ? std::string(_("chime left out: not decoded in time"))
                            : i18n::format(_("chime left out: %s"), c.error.c_str()));
    }
    std::uint64_t start = std::uint64_t(std::max<std::int64_t>(expected_start(e, guard_end_), 0));
    start = std::max({start, guard_end_, s0});
    e.chime = chime;
    e.voice = voice.sound;
    e.start = start;
    e.voice_start = start + (chime ? chime->frames() : 0);
    e.end = e.voice_start + e.voice->frames();
    e.resolved = true;
    guard_end_ = e.end;
    ev.played = true;
    ev.running_ns = running_at_sample(start);
    ev.actual_start = tb_.wall_at(ev.running_ns);
    events.push_back(std::move(ev));
}

void ReminderMixer::background_ready() {
    if (bg_settled_) return;
    std::vector<std::shared_ptr<const DecodedSound>> songs;
    for (const auto& b : config_.background) {
        ReminderSoundBank::Entry e = lookup_(b);
        if (e.state == ReminderSoundBank::State::pending) return; // not yet: silence meanwhile
        if (e.state == ReminderSoundBank::State::ready && e.sound->frames() > 0)
            songs.push_back(e.sound);
    }
    bg_settled_ = true;
    bg_ = std::move(songs);
    bg_frames_ = 0;
    for (const auto& s : bg_)
        bg_frames_ += s->frames();
}

bool ReminderMixer::mix(std::uint64_t s0, std::size_t n, std::int16_t* out,
                        std::vector<MixEvent>& events) {
    fetch_until(s0 + n);
    const std::uint64_t s1 = s0 + n;
    for (Entry& e : entries_)
        if (!e.resolved && expected_start(e, guard_end_) < std::int64_t(s1)) resolve(e, s0, events);

    scratch_.assign(n * kSoundChannels, 0.0f);
    bool sound = false;
    const float gain = float(config_.volume);
    auto add = [&](const DecodedSound& snd, std::uint64_t at) {
        const std::uint64_t a = std::max(at, s0), b = std::min(at + snd.frames(), s1);
        if (a >= b) return;
        sound = true;
        const std::int16_t* src = snd.samples.data() + (a - at) * kSoundChannels;
        float* dst = scratch_.data() + (a - s0) * kSoundChannels;
        for (std::size_t i = 0; i < (b - a) * kSoundChannels; ++i)
            dst[i] += float(src[i]) / 32768.0f * gain;
    };
    for (const Entry& e : entries_) {
        if (!e.resolved || e.end <= s0 || e.start >= s1) continue;
        if (e.chime) add(*e.chime, e.start);
        add(*e.voice, e.voice_start);
    }
    reminder_sounded_ = sound; // before the background is added

    background_ready();
    const std::uint64_t ramp_samples = std::uint64_t(samples_of_micros(config_.ramp));
    resolve_clips(s1 + ramp_samples);
    bool clip_now = false;
    for (const ClipEntry& c : clips_)
        clip_now = clip_now || (c.sound && c.from < std::int64_t(s1) && c.until > std::int64_t(s0));
    if (bg_frames_ > 0 || clip_now) {
        // Duck intervals: resolved entries as they sound; the rest where they are expected
        // (queued behind each other with the program's lengths), so the ramp down can begin
        // before a reminder starts.
        const double ramp = double(std::max<std::int64_t>(samples_of_micros(config_.ramp), 1));
        std::vector<Span> spans;
        double guard = double(guard_end_);
        for (const Entry& e : entries_) {
            if (e.resolved) {
                if (e.end > e.start)
                    spans.push_back({double(e.start), double(e.end), config_.duck});
                continue;
            }
            double st = double(std::max<std::int64_t>(expected_start(e, std::uint64_t(guard)), 0));
            double en = st + double(samples_of_micros(e.play.chime_length + e.play.voice_length));
            spans.push_back({st, en, config_.duck});
            guard = en;
        }
        if (!config_.quiet.empty()) {
            // Muted over the window's own samples; the ramps lie outside it.
            const Instant w0 = tb_.wall_at(running_at_sample(s0)) - config_.ramp;
            const Instant w1 = tb_.wall_at(running_at_sample(s1)) + config_.ramp;
            for (const QuietSpan& q : quiet_spans(config_.quiet, config_.zone, w0, w1))
                spans.push_back({double(sample_of(q.begin)), double(sample_of(q.end)), 0.0});
        }
        // Reminders and quiet windows lower the music and the clips alike.
        gains_.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            gains_[i] = span_gain(spans, double(s0 + i), ramp);
        for (const ClipEntry& c : clips_) {
            if (!c.sound) continue;
            const std::int64_t a = std::max({c.from, c.began, std::int64_t(s0)});
            const std::int64_t b =
                std::min({c.until, c.began + std::int64_t(c.sound->frames()), std::int64_t(s1)});
            for (std::int64_t s = a; s < b; ++s) {
                const float g = float(gains_[std::size_t(s - std::int64_t(s0))]);
                const std::int16_t* src = c.sound->samples.data() + (s - c.began) * kSoundChannels;
                float* dst = scratch_.data() + (s - std::int64_t(s0)) * kSoundChannels;
                for (int ch = 0; ch < kSoundChannels; ++ch)
                    dst[ch] += float(src[ch]) / 32768.0f * g;
            }
            sound = sound || a < b;
        }
        if (bg_frames_ > 0) {
            // The music is ducked under a clip with sound as under a reminder.
            std::vector<Span> clip_spans;
            for (const ClipEntry& c : clips_)
                if (!c.failed)
                    clip_spans.push_back({double(c.from), double(c.until), config_.duck});
            for (std::size_t i = 0; i < n; ++i) {
                const double s = double(s0 + i);
                const double g = std::min(gains_[i], span_gain(clip_spans, s, ramp));
                std::uint64_t pos = (s0 + i - std::min(s0 + i, first_sample_)) % bg_frames_;
                for (const auto& song : bg_) {
                    if (pos < song->frames()) {
                        for (int c = 0; c < kSoundChannels; ++c)
                            scratch_[i * kSoundChannels + c] +=
                                float(song->samples[pos * kSoundChannels + c]) / 32768.0f *
                                float(g);
                        break;
                    }
                    pos -= song->frames();
                }
            }
            sound = true;
        }
    }

    for (std::size_t i = 0; i < n * kSoundChannels; ++i)
        out[i] = to_s16(scratch_[i]);
    // Forget what has finished sounding (and ramping the background back up).
    while (!entries_.empty() && entries_.front().resolved &&
           entries_.front().end + ramp_samples <= s1)
        entries_.pop_front();
    while (!clips_.empty() && clips_.front().until + std::int64_t(ramp_samples) <= std::int64_t(s1))
        clips_.pop_front();
    return sound;
}

} // namespace tsr
