#include "i18n.hpp"

#include "install_paths.hpp"
#include "playlist_files.hpp"

#include <glib.h>
#include <libintl.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/measfmt.h>
#include <unicode/measunit.h>
#include <unicode/measure.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <chrono>
#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <memory>
#include <string_view>

// glibc's gettext caches translations; this counter tells it the language changed (the
// gettext manual's "Being a gettext grok").
extern "C" int _nl_msg_cat_cntr;

namespace tsr::i18n {

namespace fs = std::filesystem;

namespace {

const char* const kDomain = "tsr";

std::string chosen = "en";

/// "id", "id_ID", "id_ID.UTF-8", "id@..." name Indonesian; "idx" does not.
bool names_indonesian(std::string_view v) {
    return v.substr(0, 2) == "id" && (v.size() == 2 || v[2] == '_' || v[2] == '.' || v[2] == '@');
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool has_catalog(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "id" / "LC_MESSAGES" / (std::string(kDomain) + ".mo"), ec);
}

} // namespace

std::string language_from_environment() {
    if (const char* l = g_getenv("LANGUAGE"); l && *l) {
        std::string_view first(l);
        first = first.substr(0, first.find(':'));
        return names_indonesian(first) ? "id" : "en";
    }
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (const char* v = g_getenv(name); v && *v) return names_indonesian(v) ? "id" : "en";
    return "en";
}

std::optional<std::string> playlist_language(const fs::path& where) {
    std::error_code ec;
    fs::path file = fs::is_directory(where, ec) ? where / "playlist.toml" : where;
    FileBytes read = read_regular_file(file, 1024 * 1024, true);
    if (!read.ok()) return std::nullopt;
    std::string_view text = read.bytes;
    bool in_office = false;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (line.empty() || line[0] == '#') continue;
        if (line[0] == '[') {
            in_office = trim(line.substr(0, line.find('#'))) == "[office]";
            continue;
        }
        if (!in_office || line.substr(0, 8) != "language") continue;
        std::string_view rest = trim(line.substr(8));
        if (rest.empty() || rest[0] != '=') continue;
        rest = trim(rest.substr(1));
        if (rest.size() < 2 || (rest[0] != '"' && rest[0] != '\'')) continue;
        std::size_t close = rest.find(rest[0], 1);
        if (close == std::string_view::npos || close > 17) continue;
        return std::string(rest.substr(1, close - 1));
    }
    return std::nullopt;
}

fs::path locale_dir() {
    if (const char* env = g_getenv("TSR_LOCALE_DIR"); env && *env) return env;
    // The build tree's catalogs (po/) while it holds them, beside the program when installed,
    // else the configured prefix's (install_paths.hpp).
    std::vector<fs::path> candidates = locale_dir_candidates();
    for (const fs::path& dir : candidates)
        if (has_catalog(dir)) return dir;
    return candidates.back();
}

void use_language(const std::string& language) {
    chosen = language == "id" ? "id" : "en";
    // gettext reads LANGUAGE first, but ignores it under the "C" locale; an id_ID locale
    // that is not generated makes setlocale fail: C.UTF-8 then (always present in glibc).
    for (int category : {LC_CTYPE, LC_MESSAGES}) {
        const char* set = std::setlocale(category, "");
        if (!set || std::string_view(set) == "C" || std::string_view(set) == "POSIX")
            std::setlocale(category, "C.UTF-8");
    }
    g_setenv("LANGUAGE", chosen.c_str(), TRUE);
    bindtextdomain(kDomain, locale_dir().c_str());
    bind_textdomain_codeset(kDomain, "UTF-8");
    ++_nl_msg_cat_cntr;
}

const std::string& language() {
    return chosen;
}

const char* tr(const char* msgid) {
    return dgettext(kDomain, msgid);
}

const char* tr_n(const char* one, const char* many, unsigned long n) {
    return dngettext(kDomain, one, many, n);
}

std::string month_year(const std::string& language, int year, unsigned month) {
    const icu::Locale locale(language == "id" ? "id" : "en");
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateTimePatternGenerator> patterns(
        icu::DateTimePatternGenerator::createInstance(locale, status));
    std::string out;
    if (U_SUCCESS(status)) {
        // The language's own order and month word for "year and full month".
        icu::UnicodeString pattern = patterns->getBestPattern(icu::UnicodeString("yMMMM"), status);
        icu::SimpleDateFormat format(pattern, locale, status);
        icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), locale, status);
        if (U_SUCCESS(status)) {
            format.setTimeZone(*icu::TimeZone::getGMT());
            calendar.clear();
            calendar.set(year, int(month) - 1, 15);
            UDate at = calendar.getTime(status);
            icu::UnicodeString text;
            if (U_SUCCESS(status)) format.format(at, text).toUTF8String(out);
        }
    }
    return U_SUCCESS(status) && !out.empty() ? out
                                             : std::to_string(year) + "-" + std::to_string(month);
}

std::string day_date(const std::string& language, int year, unsigned month, unsigned day) {
    // British English for "en": the day before the month, as the Indonesian writes it.
    const icu::Locale locale(language == "id" ? "id" : "en_GB");
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateTimePatternGenerator> patterns(
        icu::DateTimePatternGenerator::createInstance(locale, status));
    std::string out;
    if (U_SUCCESS(status)) {
        // The language's own order and words for "weekday, day, full month, year".
        icu::UnicodeString pattern =
            patterns->getBestPattern(icu::UnicodeString("yMMMMEEEEd"), status);
        icu::SimpleDateFormat format(pattern, locale, status);
        icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), locale, status);
        if (U_SUCCESS(status)) {
            format.setTimeZone(*icu::TimeZone::getGMT());
            calendar.clear();
            calendar.set(year, int(month) - 1, int(day), 12, 0);
            UDate at = calendar.getTime(status);
            icu::UnicodeString text;
            if (U_SUCCESS(status)) format.format(at, text).toUTF8String(out);
        }
    }
    if (U_SUCCESS(status) && !out.empty()) return out;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
}

namespace {

const char* screen_locale(const std::string& language) {
    return language == "en" ? "en_GB" : "id";
}

} // namespace

std::string date_words(const std::string& language, int year, unsigned month, unsigned day,
                       const char* skeleton) {
    // SimpleDateFormat is not thread-safe and costly to make: one per thread and pattern.
    thread_local std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> formats;
    const std::string key = std::string(screen_locale(language)) + "|" + skeleton;
    auto it = formats.find(key);
    if (it == formats.end()) {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Locale locale(screen_locale(language));
        std::unique_ptr<icu::DateTimePatternGenerator> patterns(
            icu::DateTimePatternGenerator::createInstance(locale, status));
        std::unique_ptr<icu::SimpleDateFormat> format;
        if (U_SUCCESS(status)) {
            icu::UnicodeString pattern =
                patterns->getBestPattern(icu::UnicodeString(skeleton), status);
            format = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
            if (U_SUCCESS(status)) format->setTimeZone(*icu::TimeZone::getGMT());
        }
        if (U_FAILURE(status)) format.reset();
        it = formats.emplace(key, std::move(format)).first;
    }
    if (!it->second) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
        return buf;
    }
    // Noon UTC of the civil date: the same day in any zone ICU might apply.
    const auto days = std::chrono::sys_days(std::chrono::year_month_day(std::chrono::year(year),
                                                                        std::chrono::month(month),
                                                                        std::chrono::day(day)))
                          .time_since_epoch()
                          .count();
    const UDate at = double(days) * 86400000.0 + 43200000.0;
    icu::UnicodeString text;
    std::string out;
    it->second->format(at, text).toUTF8String(out);
    return out;
}

std::string duration_words(const std::string& language, long count, char unit) {
    thread_local std::map<std::string, std::unique_ptr<icu::MeasureFormat>> formats;
    const std::string locale = screen_locale(language);
    auto it = formats.find(locale);
    if (it == formats.end()) {
        UErrorCode status = U_ZERO_ERROR;
        auto format = std::make_unique<icu::MeasureFormat>(icu::Locale(locale.c_str()),
                                                           UMEASFMT_WIDTH_WIDE, status);
        if (U_FAILURE(status)) format.reset();
        it = formats.emplace(locale, std::move(format)).first;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::MeasureUnit* measure_unit = unit == 'd'   ? icu::MeasureUnit::createDay(status)
                                     : unit == 'h' ? icu::MeasureUnit::createHour(status)
                                                   : icu::MeasureUnit::createMinute(status);
    std::string out;
    if (it->second && U_SUCCESS(status)) {
        // The Measure owns the unit from here.
        icu::Measure measure(icu::Formattable(int32_t(count)), measure_unit, status);
        icu::UnicodeString text;
        icu::FieldPosition position;
        it->second->formatMeasures(&measure, 1, text, position, status);
        if (U_SUCCESS(status)) text.toUTF8String(out);
    } else {
        delete measure_unit;
    }
    return out.empty() ? std::to_string(count) + " " + unit : out;
}

std::string decimal(const std::string& language, double v, int fraction) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text =
        icu::number::NumberFormatter::withLocale(icu::Locale(language == "id" ? "id" : "en"))
            .precision(icu::number::Precision::fixedFraction(fraction))
            .formatDouble(v, status)
            .toString(status);
    std::string out;
    text.toUTF8String(out);
    if (U_SUCCESS(status) && !out.empty()) return out;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", fraction, v);
    return buf;
}

namespace detail {
std::string printf_strings(const char* format, ...) {
    va_list ap;
    va_start(ap, format);
    gchar* s = g_strdup_vprintf(format, ap);
    va_end(ap);
    std::string out = s ? s : "";
    g_free(s);
    return out;
}
} // namespace detail

} // namespace tsr::i18n
