// How a spoken reminder's words are read aloud in Indonesian: numbers, times of day and
// durations written with digits become words ("09.00" -> "pukul sembilan", "15 menit" ->
// "lima belas menit"), and `say = true` builds the sentence from the activity. Pure functions
// (no speech engine): the synthesizer (speech_synth.hpp) speaks what these return.
//
// Why our own: espeak-ng's Indonesian rules read "09.00" digit by digit and "15" well but not
// "pukul"; announcements in Indonesian offices read times as "pukul sembilan lewat tiga puluh".
#pragma once

#include "civil_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tsr {

/// 0 <= n <= 999 999 999 999 in words: 0 "nol", 11 "sebelas", 100 "seratus", 1000 "seribu",
/// 1250 "seribu dua ratus lima puluh", 2000000 "dua juta". Larger: digit by digit.
std::string number_words_id(std::uint64_t n);

/// A time of day in words: 9:00 "pukul sembilan", 9:30 "pukul sembilan lewat tiga puluh
/// menit", 16:05 "pukul enam belas lewat lima menit", 0:00 "pukul nol". Seconds are dropped.
std::string time_words_id(Seconds time_of_day);

/// A length of time in words, largest units first, zero units left out: 15 min "lima belas
/// menit", 1 h 30 min "satu jam tiga puluh menit", 1 day "satu hari", 0 "nol menit".
std::string duration_words_id(Seconds length);

/// `text` with every number written in digits read out: "09.00" and "09:00" (a time: hours
/// 0-23, minutes 00-59) as time_words_id, "1,5" as "satu koma lima", "60%" as "enam puluh
/// persen", other digit runs as number_words_id ("021" digit by digit when it starts with 0).
/// Everything else is kept as written. At most 4,000 bytes are read (longer input is cut).
std::string read_aloud_id(std::string_view text);

/// What a reminder announces, for `say = true`.
struct SpokenEvent {
    std::string title;            ///< "Rapat Internal Tim"
    std::string place;            ///< "Aula", or empty
    bool deadline = false;        ///< a deadline, not a start
    Seconds before{0};            ///< how long before the event the reminder sounds
    std::optional<Seconds> at;    ///< the reminder sounds on its day at this time
    Seconds event_time_of_day{0}; ///< when the event starts (or is due), local
};

/// The sentence `say = true` speaks, already read aloud: "Perhatian. Rapat Internal Tim akan
/// dimulai lima belas menit lagi, di Aula." / "Rapat Internal Tim dimulai sekarang, di Aula." /
/// "Perhatian. Batas waktu Laporan Bulanan besok, pukul enam belas." (`at` set, or a whole
/// number of days: the day and the time are said instead of a count of minutes).
std::string reminder_sentence_id(const SpokenEvent& e);

} // namespace tsr
