// Messages in the reader's language. The catalogs are gettext's (po/*.po, built into .mo
// files by meson's i18n module); this file picks the language and finds the catalogs, in the
// build tree or where `meson install` put them.
//
// Indonesian when the environment asks for it (LANGUAGE, else LC_ALL, LC_MESSAGES, LANG
// naming "id", "id_ID.UTF-8", ...) or when the playlist a command works on says
// language = "id" in [office]; English otherwise. It works without a generated id_ID locale.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace tsr::i18n {

/// "id" when the environment asks for Indonesian, else "en". Reads LANGUAGE's first entry,
/// else the first set of LC_ALL, LC_MESSAGES, LANG (the order gettext and POSIX use).
std::string language_from_environment();

/// What `where` (a playlist folder or its playlist.toml) writes as [office] language, when
/// it writes one ("id", "en", or anything else as written, at most 16 bytes). Hand-scanned
/// from a bounded read: the file may be broken, and the language of the messages about it
/// must be known before it is parsed.
std::optional<std::string> playlist_language(const std::filesystem::path& where);

/// Messages from now on in `language` ("id"; anything else is English). Sets LANGUAGE in
/// the environment and LC_MESSAGES/LC_CTYPE (falling back to C.UTF-8 when the locale the
/// environment names is not generated), so call it before any thread starts.
void use_language(const std::string& language);

/// "id" or "en": what use_language() chose last ("en" before any call).
const std::string& language();

/// Where the catalogs are read from: $TSR_LOCALE_DIR, else the build tree's po/ when this
/// binary was built there and it holds the catalogs, else the installed locale folder.
std::filesystem::path locale_dir();

/// `msgid` in the chosen language (UTF-8); `msgid` itself when it has no translation.
const char* tr(const char* msgid) __attribute__((format_arg(1)));
/// The singular or plural form for `n`, in the chosen language.
const char* tr_n(const char* one, const char* many, unsigned long n) __attribute__((format_arg(1)))
__attribute__((format_arg(2)));

/// The month and year as `language` ("id"; anything else: English) writes them: "Desember
/// 2026", "December 2026". From ICU's locale data (CLDR), which is there whether or not the
/// system has an id_ID locale generated (a fresh Debian has not); `month` 1..12.
std::string month_year(const std::string& language, int year, unsigned month);
/// A day as `language` ("id"; anything else: English) writes it for people, with its
/// weekday: "Senin, 30 November 2026", "Monday, 30 November 2026" (ICU, like month_year);
/// `month` 1..12, `day` 1..31. An ISO date ("2026-11-30") if ICU fails.
std::string day_date(const std::string& language, int year, unsigned month, unsigned day);
/// The TV's words for a date, in the playlist's `language` ("en": British English, anything
/// else Indonesian; the screen's rule, render/words.hpp), from ICU with the ICU date
/// `skeleton`: "yMMMMEEEEd" "Senin, 30 November 2026", "yMMMM" "November 2026", "MMMM",
/// "EEEE" "Senin", "EEE" "Sen". Formatters are kept per thread: cheap after the first call.
std::string date_words(const std::string& language, int year, unsigned month, unsigned day,
                       const char* skeleton);
/// A count of days ('d'), hours ('h') or minutes ('m') in words, in `language` as
/// date_words: "6 hari", "1 day", "15 menit" (ICU's MeasureFormat, wide).
std::string duration_words(const std::string& language, long count, char unit);

/// `v` with `fraction` digits after the decimal mark of `language`: "8,5" (id), "8.5" (en);
/// thousands grouped as the language does ("1.234,5").
std::string decimal(const std::string& language, double v, int fraction);

namespace detail {
inline std::string text_of(const std::string& s) {
    return s;
}
inline std::string text_of(std::string_view s) {
    return std::string(s);
}
inline std::string text_of(const char* s) {
    return s;
}
inline std::string text_of(char c) {
    return std::string(1, c);
}
template <class T>
requires std::is_integral_v<T> std::string text_of(T v) {
    return std::to_string(v);
}
std::string printf_strings(const char* format, ...);
} // namespace detail

/// Fills a translated message's placeholders, each written %s or, where a translation puts
/// them in another order, %1$s, %2$s, ... Every argument becomes text first (numbers with
/// std::to_string), so every placeholder is %s.
template <class... Args> std::string format(const char* format, const Args&... args) {
    return detail::printf_strings(format, detail::text_of(args).c_str()...);
}

} // namespace tsr::i18n

/// A message marked for translation (xgettext looks for _ and N_).
#define _(msgid) ::tsr::i18n::tr(msgid)
/// Marked for translation, translated later where it is used.
#define N_(msgid) msgid
