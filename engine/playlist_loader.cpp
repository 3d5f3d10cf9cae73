#include "playlist_loader.hpp"

#include "content_cache.hpp"
#include "i18n.hpp"
#include "install_paths.hpp"
#include "mp4_probe.hpp"
#include "playlist_files.hpp"
#include "render/document_source.hpp"
#include "render/picture_check.hpp"
#include "render/svg_template.hpp"
#include "sound/audio_check.hpp"
#include "speech/indonesian_reading.hpp"
#include "speech/speech_synth.hpp"
#include "text_checks.hpp"
#include "ticker_file.hpp"
#include "video/video_clip.hpp"

#include <glib.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace tsr {

namespace fs = std::filesystem;
using namespace std::chrono;

fs::path playlist_file_of(const fs::path& where) {
    std::error_code ec;
    if (fs::is_directory(where, ec)) return where / "playlist.toml";
    return where;
}

fs::path builtin_templates_dir() {
    std::vector<fs::path> candidates = template_dir_candidates(); // install_paths.hpp
    for (const fs::path& dir : candidates) {
        std::error_code ec;
        if (fs::is_directory(dir, ec)) return dir;
    }
    return candidates.back(); // the configured one: named in the messages
}

namespace {

const char* const kBuiltinTemplates[] = {"agenda", "deadlines", "timeline", "info", "image"};

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

/// The known word nearest to `word`, if it is near enough to be a typo.
std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& known) {
    std::optional<std::string> best;
    std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
    std::string lower;
    for (char c : word)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& k : known) {
        std::size_t d = edit_distance(lower, k);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

/// A value as it is quoted in messages: one line, escaped, and short (a value may be a
/// million characters long; a message and the as-run log must not be).
std::string in_quotes(const std::string& s) {
    return "\"" + excerpt(s, 80) + "\"";
}

/// "MSG; did you mean "X"? Write ..." when there is a near word, else "MSG; write ...".
std::string with_suggestion(const std::string& msg, const std::optional<std::string>& near,
                            const std::string& quote, const std::string& how) {
    if (!near) return msg + "; " + how;
    std::string sentence = how;
    sentence[0] = char(std::toupper(static_cast<unsigned char>(sentence[0])));
    return i18n::format(_("%s; did you mean %s? %s"), msg, quote + *near + quote, sentence);
}

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += i + 1 == words.size() ? std::string(" ") + _("or") + " " : ", ";
        out += words[i];
    }
    return out;
}

SourcePos pos_of(const toml::node& n) {
    return {int(n.source().begin.line), int(n.source().begin.column)};
}
SourcePos pos_of(const toml::key& k) {
    return {int(k.source().begin.line), int(k.source().begin.column)};
}

/// How a value looks in the file, for messages.
std::string shown(const toml::node& n) {
    if (auto s = n.as_string()) return in_quotes(s->get());
    std::ostringstream o;
    if (n.is_table()) return _("a table");
    if (n.is_array()) return _("a list");
    n.visit([&](auto&& v) { o << v; });
    return excerpt(o.str(), 80);
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Counts the digits at s[i..], moving i past them.
std::size_t skip_digits(std::string_view s, std::size_t& i) {
    std::size_t from = i;
    while (i < s.size() && is_digit(s[i]))
        ++i;
    return i - from;
}

/// "25:00", "9.30", "10:5:00": shaped like a time of day, whether or not it is a valid one.
bool looks_like_time(std::string_view s) {
    std::size_t i = 0;
    std::size_t n = skip_digits(s, i);
    if (n < 1 || n > 2 || i == s.size() || (s[i] != ':' && s[i] != '.')) return false;
    ++i;
    n = skip_digits(s, i);
    if (n < 1 || n > 2) return false;
    if (i == s.size()) return true;
    if (s[i] != ':' && s[i] != '.') return false;
    ++i;
    n = skip_digits(s, i);
    return n >= 1 && n <= 2 && i == s.size();
}

/// "2026-11-30", "2026-1-3": shaped like a date.
bool looks_like_date(std::string_view s, std::size_t* end = nullptr) {
    std::size_t i = 0;
    if (skip_digits(s, i) != 4 || i == s.size() || s[i++] != '-') return false;
    std::size_t n = skip_digits(s, i);
    if (n < 1 || n > 2 || i == s.size() || s[i++] != '-') return false;
    n = skip_digits(s, i);
    if (n < 1 || n > 2) return false;
    if (end) *end = i;
    return end || i == s.size();
}

/// A date, "T" or a space, then anything without spaces: "2026-11-30 9:00".
bool looks_like_datetime(std::string_view s) {
    std::size_t i = 0;
    if (!looks_like_date(s, &i) || i == s.size() || (s[i] != 'T' && s[i] != ' ')) return false;
    ++i;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i)
        if (s[i] == ' ' || s[i] == '\t') return false;
    return true;
}

/// Letters, digits, "_", "." and "-", starting with a letter or digit.
bool is_id(std::string_view s) {
    if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

// A function, not a constant: the message language is chosen after static initialisation.
std::string zone_names() {
    return _("an IANA zone name like \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) or "
             "\"Asia/Jayapura\" (WIT)");
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Indonesia's zones, by the offset people mean or the name they use for them.
struct OfficeZone {
    int hours;
    const char* abbreviation;
    const char* name;
};
const OfficeZone kIndonesianZones[] = {
    {7, "WIB", "Asia/Jakarta"}, {8, "WITA", "Asia/Makassar"}, {9, "WIT", "Asia/Jayapura"}};

/// For a timezone value that must not be used as it is, what to write instead; empty when
/// the value may be looked up in the zone database. Offsets are refused even where tzdata
/// has them ("Etc/GMT-7" means UTC+7): written by hand they are read backwards too often.
std::string timezone_advice(const std::string& written) {
    std::string w = lower(written);
    for (const OfficeZone& z : kIndonesianZones) {
        if (w == lower(z.abbreviation))
            return i18n::format(_("%s is the name of a time, not a zone; write \"%s\" for %s"),
                                in_quotes(written), z.name, z.abbreviation);
        std::size_t b = w.find_first_not_of(" \t"), e = w.find_last_not_of(" \t");
        std::string trimmed = b == std::string::npos ? "" : w.substr(b, e - b + 1);
        if (trimmed == lower(z.name) && written != z.name)
            return i18n::format(_("%s is not a timezone; did you mean \"%s\"?"), in_quotes(written),
                                z.name);
    }
    std::string_view rest = w;
    bool etc = rest.substr(0, 4) == "etc/";
    if (etc) rest.remove_prefix(4);
    bool prefixed = rest.substr(0, 3) == "utc" || rest.substr(0, 3) == "gmt";
    if (prefixed) rest.remove_prefix(3);
    if (rest.empty() || (rest[0] != '+' && rest[0] != '-')) return "";
    bool minus = rest[0] == '-';
    std::size_t i = 1;
    std::size_t n = skip_digits(rest, i);
    if (n < 1 || n > 4) return "";
    int hours = std::stoi(std::string(rest.substr(1, std::min<std::size_t>(n, 2))));
    if (n > 2) hours = std::stoi(std::string(rest.substr(1, n - 2)));
    // POSIX and tzdata's Etc/GMT zones count west as positive; people mean east.
    int meant = (minus != etc) ? -hours : hours;
    std::string msg = i18n::format(_("%s is an offset, not a zone name"), in_quotes(written));
    if (!etc && prefixed && hours != 0)
        msg += " " + i18n::format(minus ? i18n::tr_n("(and TZ reads %s as %s hour ahead of UTC, "
                                                     "the opposite of what it says)",
                                                     "(and TZ reads %s as %s hours ahead of UTC, "
                                                     "the opposite of what it says)",
                                                     (unsigned long)hours)
                                        : i18n::tr_n("(and TZ reads %s as %s hour behind UTC, the "
                                                     "opposite of what it says)",
                                                     "(and TZ reads %s as %s hours behind UTC, the "
                                                     "opposite of what it says)",
                                                     (unsigned long)hours),
                                  in_quotes(written), hours);
    for (const OfficeZone& z : kIndonesianZones)
        if (z.hours == meant)
            return msg + "; " +
                   i18n::format(_("write \"%s\" (%s, UTC+%s)"), z.name, z.abbreviation, z.hours);
    return msg + "; " + i18n::format(_("write %s"), zone_names());
}

std::string slugify(const std::string& title) {
    std::string out;
    for (unsigned char c : title) {
        if (std::isalnum(c))
            out += char(std::tolower(c));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "activity" : out;
}

/// Checks and converts one playlist. Every problem goes to `diag`; conversion goes on past
/// problems so that all of them are reported.
class Reader {
  public:
    Reader(fs::path shown_file, fs::path folder, const LoadOptions& options, Diagnostics& diag)
        : file_(std::move(shown_file)), folder_(std::move(folder)), options_(options), diag_(diag) {
    }

    /// Missing-key errors are dropped after a syntax error: the broken line may have held it.
    bool suppress_missing = false;

    Playlist read(const toml::table& root);

  private:
    void error(const toml::node& n, const std::string& key, const std::string& msg) {
        diag_.error(file_, pos_of(n), key, msg);
    }
    void error_at(SourcePos p, const std::string& key, const std::string& msg) {
        diag_.error(file_, p, key, msg);
    }
    void missing(SourcePos p, const std::string& table, const std::string& key,
                 const std::string& how) {
        if (!suppress_missing)
            diag_.error(file_, p, key, i18n::format(_("missing in %s; %s"), table, how));
    }
    void check_keys(const toml::table& t, const std::string& table,
                    const std::vector<std::string>& known);

    std::optional<std::string> text(const toml::node& n, const std::string& key);
    std::optional<std::int64_t> integer(const toml::node& n, const std::string& key,
                                        std::int64_t lo, std::int64_t hi);
    std::optional<double> number(const toml::node& n, const std::string& key, double lo, double hi);
    std::optional<bool> boolean(const toml::node& n, const std::string& key);
    std::optional<Seconds> duration(const toml::node& n, const std::string& key, Seconds lo,
                                    Seconds hi);
    bool year_in_range(const toml::node& n, const std::string& key, int y);
    bool within_count(const toml::node& n, const std::string& key, std::size_t count,
                      std::size_t max, const std::string& holder);
    std::optional<std::string> bounded_text(const toml::node& n, const std::string& key,
                                            std::size_t max_chars);
    std::optional<Seconds> time_of_day(const toml::node& n, const std::string& key);
    std::optional<Date> date(const toml::node& n, const std::string& key);
    std::optional<When> when(const toml::node& n, const std::string& key, bool recurring);
    std::optional<WeekdaySet> weekdays(const toml::node& n, const std::string& key);
    std::optional<fs::path> file(const toml::node& n, const std::string& key);
    std::optional<fs::path> audio_file(const toml::node& n, const std::string& key, Micros* length);
    bool picture_is_sound(const toml::node& n, const std::string& key, const fs::path& p);
    bool template_is_sound(const toml::node& n, const std::string& written, const fs::path& p);

    void read_office(const toml::table* t, SourcePos where, Playlist& p);
    void read_display(const toml::table& t, Playlist& p);
    void read_overdue(const toml::node& n, Playlist& p);
    void read_office_hours(const toml::table& t, Playlist& p);
    void read_ticker(const toml::table& t, Playlist& p);
    void read_audio(const toml::table& t, Playlist& p);
    void read_quiet(const toml::node& n, Playlist& p);
    std::optional<QuietWindow> read_quiet_window(const toml::node& n);
    std::optional<Activity> read_activity(const toml::table& t, const Playlist& p);
    std::optional<Reminder> read_reminder(const toml::node& n, const Activity& a);
    bool spoken_reminder(const toml::table& t, const Activity& a, Reminder& r);
    std::optional<Slide> read_slide(const toml::table& t);
    bool read_document(const toml::table& t, Slide& s);
    bool read_video(const toml::table& t, Slide& s);
    void warn_never_shows(const Playlist& p);

    const toml::array* table_array(const toml::table& root, const char* name);

    fs::path file_;
    fs::path folder_;
    const LoadOptions& options_;
    Diagnostics& diag_;
    std::map<std::string, ConfinedPath> confined_;               ///< by the path as written
    std::map<std::pair<fs::path, AudioUse>, AudioProbe> probes_; ///< a decode is per use
};

/// Where a key written before any [table] line belongs, for the keys people write there
/// (`timezone = "Asia/Jakarta"` as the first line). nullptr: no table has it.
const char* table_of_key(const std::string& key) {
    static const std::pair<const char*, const char*> homes[] = {
        {"name", "[office]"},         {"timezone", "[office]"},  {"language", "[office]"},
        {"logo", "[office]"},         {"width", "[display]"},    {"height", "[display]"},
        {"framerate", "[display]"},   {"speed", "[ticker]"},     {"messages", "[ticker]"},
        {"chime", "[audio]"},         {"background", "[audio]"}, {"volume", "[audio]"},
        {"duck", "[audio]"},          {"title", "[[activity]]"}, {"start", "[[activity]]"},
        {"deadline", "[[activity]]"}, {"template", "[[slide]]"}, {"duration", "[[slide]]"},
        {"overdue", "[display]"}};
    for (const auto& [k, home] : homes)
        if (key == k) return home;
    return nullptr;
}

void Reader::check_keys(const toml::table& t, const std::string& table,
                        const std::vector<std::string>& known) {
    for (auto&& [k, v] : t) {
        std::string key(k.str());
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        key = excerpt(key, 40);
        std::string msg;
        if (const char* home = table == _("the playlist") ? table_of_key(key) : nullptr)
            msg = i18n::format(_("belongs in %1$s; move this line below the %1$s line (a key "
                                 "before every [table] line is outside them all)"),
                               home);
        else if (auto near = nearest(key, known))
            msg = i18n::format(_("is not a key of %s; did you mean %s?"), table, *near);
        else
            msg = i18n::format(_("is not a key of %s; known keys: %s"), table, join_words(known));
        error_at(pos_of(k), key, msg);
    }
}

std::optional<std::string> Reader::text(const toml::node& n, const std::string& key) {
    if (auto s = n.as_string()) {
        // A control character cannot be drawn (the slide would fall back) and breaks lines
        // in logs: refuse it here, where the clerk can see where it is.
        const std::string& v = s->get();
        std::size_t chars = 0;
        for (const char* c = v.data(); c < v.data() + v.size(); c = g_utf8_next_char(c), ++chars) {
            gunichar u = g_utf8_get_char(c);
            bool layout = u == '\n' || u == '\t';
            if ((u < 0x20 && !layout) || (u >= 0x7f && u < 0xa0) || u == 0xfffe || u == 0xffff) {
                char code[16];
                std::snprintf(code, sizeof code, "U+%04X", unsigned(u));
                error(n, key,
                      i18n::format(_("%s holds a control character (%s) at character %s; delete "
                                     "it and type the text again"),
                                   in_quotes(v), code, chars + 1));
                return std::nullopt;
            }
        }
        return v;
    }
    error(n, key, i18n::format(_("%s is not text; put it in quotes, like \"Aula\""), shown(n)));
    return std::nullopt;
}

std::optional<std::int64_t> Reader::integer(const toml::node& n, const std::string& key,
                                            std::int64_t lo, std::int64_t hi) {
    auto v = n.as_integer();
    if (!v) {
        error(n, key,
              i18n::format(_("%s is not a whole number; write a number from %s to %s without "
                             "quotes"),
                           shown(n), lo, hi));
        return std::nullopt;
    }
    if (v->get() < lo || v->get() > hi) {
        error(
            n, key,
            i18n::format(_("%s is out of range; write a number from %s to %s"), v->get(), lo, hi));
        return std::nullopt;
    }
    return v->get();
}

std::optional<double> Reader::number(const toml::node& n, const std::string& key, double lo,
                                     double hi) {
    std::optional<double> v;
    if (auto i = n.as_integer()) v = double(i->get());
    if (auto f = n.as_floating_point()) v = f->get();
    auto range = [&] {
        std::ostringstream o, h;
        o << lo;
        h << hi;
        return i18n::format(_("write a number from %s to %s"), o.str(), h.str());
    };
    if (!v) {
        error(n, key, i18n::format(_("%s is not a number; %s without quotes"), shown(n), range()));
        return std::nullopt;
    }
    if (!(*v >= lo && *v <= hi)) {
        error(n, key, i18n::format(_("%s is out of range; %s"), shown(n), range()));
        return std::nullopt;
    }
    return v;
}

std::optional<bool> Reader::boolean(const toml::node& n, const std::string& key) {
    if (auto b = n.as_boolean()) return b->get();
    error(n, key,
          i18n::format(_("%s is not true or false; write true or false without quotes"), shown(n)));
    return std::nullopt;
}

std::optional<Seconds> Reader::duration(const toml::node& n, const std::string& key, Seconds lo,
                                        Seconds hi) {
    const std::string how = _("write it like \"90s\", \"15m\", \"2h\" or \"1h30m\"");
    auto s = n.as_string();
    if (!s) {
        error(n, key, i18n::format(_("%s is not a duration; %s"), shown(n), how));
        return std::nullopt;
    }
    auto d = parse_duration(s->get());
    if (!d) {
        error(n, key, i18n::format(_("%s is not a duration; %s"), in_quotes(s->get()), how));
        return std::nullopt;
    }
    if (*d < lo || *d > hi) {
        error(n, key,
              i18n::format(_("%s is out of range; write a duration from %s to %s"),
                           in_quotes(s->get()), format_duration(lo), format_duration(hi)));
        return std::nullopt;
    }
    return d;
}

// Times may be TOML local times (07:30:00) or, as a courtesy, text like "07:30".
std::optional<Seconds> Reader::time_of_day(const toml::node& n, const std::string& key) {
    const std::string how = _("write it like 09:00:00");
    if (auto t = n.as_time()) {
        const toml::time& v = t->get();
        return hours(v.hour) + minutes(v.minute) + seconds(v.second);
    }
    if (auto s = n.as_string()) {
        if (auto t = parse_time_of_day(s->get())) return t;
        error(n, key, i18n::format(_("%s is not a time; %s"), in_quotes(s->get()), how));
        return std::nullopt;
    }
    error(n, key, i18n::format(_("%s is not a time; %s"), shown(n), how));
    return std::nullopt;
}

bool Reader::year_in_range(const toml::node& n, const std::string& key, int y) {
    if (y >= limits::first_year && y <= limits::last_year) return true;
    error(n, key,
          i18n::format(_("%s is out of range; write a year from %s to %s"), shown(n),
                       limits::first_year, limits::last_year));
    return false;
}

bool Reader::within_count(const toml::node& n, const std::string& key, std::size_t count,
                          std::size_t max, const std::string& holder) {
    if (count <= max) return true;
    error(n, key, i18n::format(_("there are %s; %s may have at most %s"), count, holder, max));
    return false;
}

std::optional<std::string> Reader::bounded_text(const toml::node& n, const std::string& key,
                                                std::size_t max_chars) {
    auto s = text(n, key);
    if (!s) return std::nullopt;
    std::size_t chars = std::size_t(g_utf8_strlen(s->data(), gssize(s->size())));
    if (chars > max_chars) {
        error(n, key, i18n::format(_("is %s characters long; write at most %s"), chars, max_chars));
        return std::nullopt;
    }
    return s;
}

std::optional<Date> Reader::date(const toml::node& n, const std::string& key) {
    const std::string how = _("write it like 2026-11-30");
    if (auto d = n.as_date()) {
        const toml::date& v = d->get();
        if (!year_in_range(n, key, v.year)) return std::nullopt;
        return Date{year(v.year), month(v.month), day(v.day)};
    }
    if (auto s = n.as_string()) {
        if (auto d = parse_date(s->get())) {
            if (!year_in_range(n, key, int(d->year()))) return std::nullopt;
            return d;
        }
        error(n, key, i18n::format(_("%s is not a date; %s"), in_quotes(s->get()), how));
        return std::nullopt;
    }
    error(n, key, i18n::format(_("%s is not a date; %s"), shown(n), how));
    return std::nullopt;
}

std::optional<When> Reader::when(const toml::node& n, const std::string& key, bool recurring) {
    if (recurring) {
        if (n.is_date_time() || n.is_date()) {
            error(n, key,
                  i18n::format(_("%s has a date, but the activity repeats; write only the time, "
                                 "like 09:00:00 (use from/until to bound the repeat)"),
                               shown(n)));
            return std::nullopt;
        }
        auto t = time_of_day(n, key);
        if (!t) return std::nullopt;
        return When{std::nullopt, *t, pos_of(n)};
    }
    const std::string how = _("write it like 2026-11-30T09:00:00");
    if (auto dt = n.as_date_time()) {
        const toml::date_time& v = dt->get();
        Date d{year(v.date.year), month(v.date.month), day(v.date.day)};
        Seconds tod = hours(v.time.hour) + minutes(v.time.minute) + seconds(v.time.second);
        if (v.offset) {
            error(n, key,
                  i18n::format(_("%s has a UTC offset; times are local to office.timezone: %s"),
                               shown(n), how));
            return std::nullopt;
        }
        if (!year_in_range(n, key, v.date.year)) return std::nullopt;
        return When{d, tod, pos_of(n)};
    }
    if (n.is_time()) {
        error(n, key,
              i18n::format(_("%s has no date; %s, or add repeat = \"daily\" (or weekly, weekdays, "
                             "monthly)"),
                           shown(n), how));
        return std::nullopt;
    }
    if (n.is_date()) {
        error(n, key, i18n::format(_("%s has no time of day; %s"), shown(n), how));
        return std::nullopt;
    }
    if (auto s = n.as_string()) {
        if (auto dt = parse_civil_datetime(s->get())) {
            if (!year_in_range(n, key, int(dt->first.year()))) return std::nullopt;
            return When{dt->first, dt->second, pos_of(n)};
        }
        if (looks_like_time(s->get())) {
            auto t = time_of_day(n, key); // reports a bad time as a time
            if (t)
                error(n, key,
                      i18n::format(_("%s has no date; %s, or add repeat = \"daily\" (or weekly, "
                                     "weekdays, monthly)"),
                                   in_quotes(s->get()), how));
            return std::nullopt;
        }
        error(n, key, i18n::format(_("%s is not a date-time; %s"), in_quotes(s->get()), how));
        return std::nullopt;
    }
    error(n, key, i18n::format(_("%s is not a date-time; %s"), shown(n), how));
    return std::nullopt;
}

std::optional<WeekdaySet> Reader::weekdays(const toml::node& n, const std::string& key) {
    static const std::vector<std::string> names = {
        "senin",  "selasa",  "rabu",      "kamis",    "jumat",  "sabtu",    "minggu",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    auto arr = n.as_array();
    if (!arr) {
        error(n, key,
              i18n::format(_("%s is not a list of days; write it like [\"senin\", \"kamis\"]"),
                           shown(n)));
        return std::nullopt;
    }
    WeekdaySet set{};
    bool ok = true;
    for (const toml::node& d : *arr) {
        auto s = d.as_string();
        std::optional<unsigned> idx = s ? parse_weekday(s->get()) : std::nullopt;
        if (!idx) {
            error(d, key,
                  with_suggestion(i18n::format(_("%s is not a day"), shown(d)),
                                  s ? nearest(s->get(), names) : std::nullopt, "",
                                  _("write senin, selasa, rabu, kamis, jumat, sabtu or minggu (or "
                                    "monday..sunday)")));
            ok = false;
            continue;
        }
        set[*idx] = true;
    }
    if (ok && arr->empty()) {
        error(n, key, _("the list is empty; name at least one day, like [\"senin\"]"));
        return std::nullopt;
    }
    return ok ? std::optional(set) : std::nullopt;
}

std::optional<fs::path> Reader::file(const toml::node& n, const std::string& key) {
    auto s = text(n, key);
    if (!s) return std::nullopt;
    if (s->empty()) {
        error(n, key, _("is empty; write the path of a file in the playlist folder"));
        return std::nullopt;
    }
    // Every path key goes through here: nothing outside the playlist folder is ever read,
    // whichever way the path leads out (.., an absolute path, a symlink).
    // Thousands of reminders name the same few files: resolve each written path once.
    auto [it, fresh] = confined_.try_emplace(*s);
    if (fresh) it->second = confine_to_folder(folder_, *s);
    const ConfinedPath& c = it->second;
    if (c.outside || (!c.ok() && options_.check_files)) {
        std::string how = _(c.problem.c_str());
        if (!c.relative.empty())
            how = i18n::format(_(c.problem.c_str()), in_quotes(c.relative));
        else if (c.problem == "does not exist")
            how = i18n::format(_("does not exist; write a path relative to the playlist folder "
                                 "(%s)"),
                               folder_.string());
        error(n, key, in_quotes(*s) + " " + how);
        return std::nullopt;
    }
    // The path as written, not where its links lead: the watch, the last good copy and the
    // messages all speak of the names staff wrote.
    return (folder_ / *s).lexically_normal();
}

std::optional<fs::path> Reader::audio_file(const toml::node& n, const std::string& key,
                                           Micros* length) {
    auto p = file(n, key);
    if (!p || !options_.check_files) return p;
    // The player refuses the same lengths, in the same words (reminder_audio.hpp).
    const AudioUse use = key == "chime"        ? AudioUse::chime
                         : key == "background" ? AudioUse::background
                                               : AudioUse::reminder;
    // Decided by content: AAC in MPEG-4 is probed, any other format decoded (audio_check.hpp).
    auto [it, fresh] = probes_.try_emplace({*p, use});
    if (fresh) it->second = probe_playable_audio(*p, use);
    const AudioProbe& probe = it->second;
    if (!probe.ok) {
        // The problem says what to do (decode errors name the formats that play).
        error(n, key, in_quotes(n.as_string()->get()) + " " + _(probe.problem.c_str()));
        return std::nullopt;
    }
    if (std::string too_long = length_problem(use, probe.length); !too_long.empty()) {
        error(n, key, in_quotes(n.as_string()->get()) + " " + _(too_long.c_str()));
        return std::nullopt;
    }
    if (length) *length = probe.length;
    return p;
}

bool Reader::template_is_sound(const toml::node& n, const std::string& written, const fs::path& p) {
    if (!options_.check_files) return true;
    auto problems = template_problems(p);
    if (problems.empty()) return true;
    // Each problem at its own line of the SVG (so an editor jumps there), and one at the
    // playlist line that names the template.
    fs::path shown_svg = file_.parent_path() / written;
    for (const TemplateProblem& tp : problems)
        diag_.error(shown_svg, {tp.line, tp.column}, "", tp.message);
    error(n, "template",
          i18n::format(i18n::tr_n("%s cannot be used (%s problem in the SVG); fix it, or open "
                                  "and save it again in Inkscape",
                                  "%s cannot be used (%s problems in the SVG); fix it, or open "
                                  "and save it again in Inkscape",
                                  problems.size()),
                       in_quotes(written), problems.size()));
    return false;
}

bool Reader::picture_is_sound(const toml::node& n, const std::string& key, const fs::path& p) {
    if (!options_.check_files) return true;
    // The same rules as the renderer's (render/picture_check.hpp); the advice to scale down
    // names a Full HD screen.
    PictureInfo info = check_picture(p, Display{}.width, Display{}.height);
    if (info.ok()) return true;
    const PictureProblem& first = info.problems.front();
    if (info.kind != PictureKind::svg) {
        error(n, key, shown(n) + " " + first.message);
        return false;
    }
    // Each problem at its own line of the SVG (so an editor jumps there), and one at the
    // playlist line that names the picture.
    fs::path shown_svg = file_.parent_path() / n.as_string()->get();
    for (const PictureProblem& pp : info.problems)
        if (pp.line > 0) diag_.error(shown_svg, {pp.line, pp.column}, "", pp.message);
    std::size_t more = info.problems.size() - 1;
    error(n, key,
          i18n::format(
              _("%s cannot be used: %s%s%s; fix it, or open and save it again in "
                "Inkscape"),
              shown(n), first.line > 0 ? i18n::format(_("line %s: "), first.line) : std::string(),
              first.message,
              more ? " " + i18n::format(_("(and %s more in the SVG)"), more) : std::string()));
    return false;
}

void Reader::read_office(const toml::table* t, SourcePos where, Playlist& p) {
    if (!t) {
        missing(where, _("the playlist"), "office",
                _("add an [office] table with name = \"...\" (the office's name)"));
        return;
    }
    check_keys(*t, "[office]", {"name", "timezone", "language", "logo"});
    if (auto n = t->get("name")) {
        if (auto s = bounded_text(*n, "name", limits::max_name_chars)) {
            if (s->empty()) error(*n, "name", _("is empty; write the office's name"));
            p.office.name = *s;
        }
    } else {
        missing({int(t->source().begin.line), 1}, "[office]", "name",
                _("add name = \"Dinas Sosial Kota Tanjungbalai\""));
    }
    if (auto n = t->get("timezone")) {
        if (auto s = text(*n, "timezone")) {
            std::string advice = s->empty() ? i18n::format(_("is empty; write %s"), zone_names())
                                            : timezone_advice(*s);
            std::optional<TimeZone> z;
            if (advice.empty()) z = TimeZone::named(*s);
            if (z) {
                p.office.timezone = *s;
                p.zone = *z;
            } else {
                error(*n, "timezone",
                      advice.empty() ? i18n::format(_("%s is not a timezone; write %s"),
                                                    in_quotes(*s), zone_names())
                                     : advice);
            }
        }
    } else if (auto z = TimeZone::named("")) {
        // Silently the PC's zone was how reminders ended up 7 hours off: say which is used.
        p.zone = *z;
        std::string offset =
            options_.now ? " (" + format_utc_offset(z->offset_at(*options_.now)) + ")" : "";
        diag_.warning(file_, {int(t->source().begin.line), int(t->source().begin.column)},
                      "timezone",
                      i18n::format(_("not set, so this PC's zone is used: %s%s; add timezone = %s"),
                                   in_quotes(z->name()), offset, zone_names()));
    }
    if (auto n = t->get("language")) {
        if (auto s = text(*n, "language")) {
            if (*s == "id" || *s == "en")
                p.office.language = *s;
            else
                error(*n, "language",
                      i18n::format(_("%s is not a language TSR speaks; write \"id\" or \"en\""),
                                   in_quotes(*s)));
        }
    }
    if (auto n = t->get("logo"))
        if (auto f = file(*n, "logo")) {
            if (picture_is_sound(*n, "logo", *f)) p.office.logo = *f;
        }
}

void Reader::read_overdue(const toml::node& n, Playlist& p) {
    static const std::map<std::string, Overdue> choices = {
        {"hide", Overdue::hide}, {"staff", Overdue::staff}, {"show", Overdue::show}};
    auto s = text(n, "overdue");
    if (!s) return;
    if (auto it = choices.find(*s); it != choices.end())
        p.display.overdue = it->second;
    else
        error(n, "overdue",
              with_suggestion(i18n::format(_("%s is not a choice"), in_quotes(*s)),
                              nearest(*s, {"hide", "staff", "show"}), "\"",
                              _("write \"hide\" (the public sees no overdue deadline), \"staff\" "
                                "(listed in neutral words) or \"show\" (marked late)")));
}

void Reader::read_display(const toml::table& t, Playlist& p) {
    check_keys(t, "[display]",
               {"width", "height", "framerate", "reminder_slide_min", "overdue", "on", "days",
                "off", "reminders_outside"});
    read_office_hours(t, p);
    if (auto n = t.get("width"))
        if (auto v = integer(*n, "width", 160, 7680)) p.display.width = int(*v);
    if (auto n = t.get("height"))
        if (auto v = integer(*n, "height", 90, 4320)) p.display.height = int(*v);
    if (auto n = t.get("framerate"))
        if (auto v = integer(*n, "framerate", 1, 120)) p.display.framerate = int(*v);
    if (auto n = t.get("reminder_slide_min"))
        if (auto d = duration(*n, "reminder_slide_min", Seconds(0), std::chrono::minutes(10)))
            p.display.reminder_slide_min = *d;
    if (auto n = t.get("overdue")) read_overdue(*n, p);
    // Video formats want even sizes.
    if (p.display.width % 2 || p.display.height % 2)
        error_at({int(t.source().begin.line), 1}, "display",
                 _("width and height must be even numbers, like 1920 x 1080"));
}

// on = "06:30-17:00", days, off (holidays), reminders_outside: office_hours.hpp.
void Reader::read_office_hours(const toml::table& t, Playlist& p) {
    const toml::node* on = t.get("on");
    if (!on) {
        for (const char* key : {"days", "off", "reminders_outside"})
            if (auto n = t.get(key))
                error(*n, key, _("needs on = \"06:30-17:00\" (the hours the TV is on) beside it"));
        return;
    }
    OfficeHours h;
    bool ok = true;
    auto v = on->as_string();
    std::optional<std::pair<Seconds, Seconds>> range;
    if (v) range = parse_hours_range(v->get());
    if (!range) {
        error(*on, "on",
              i18n::format(_("%s is not a time range; write it like \"06:30-17:00\""), shown(*on)));
        ok = false;
    } else if (range->first >= range->second) {
        error(*on, "on",
              i18n::format(_("%s ends before it begins; write it like \"06:30-17:00\""),
                           in_quotes(v->get())));
        ok = false;
    } else {
        h.begin = range->first;
        h.end = range->second;
    }
    if (auto n = t.get("days")) {
        if (auto d = weekdays(*n, "days"))
            h.days = *d;
        else
            ok = false;
    }
    if (auto n = t.get("off")) {
        auto arr = n->as_array();
        if (!arr) {
            error(*n, "off",
                  i18n::format(_("%s is not a list of dates; write it like [\"2026-12-25\"]"),
                               shown(*n)));
            ok = false;
        } else if (arr->size() > OfficeHours::max_off_dates) {
            error(*n, "off",
                  i18n::format(_("has %s dates; write at most %s"), arr->size(),
                               OfficeHours::max_off_dates));
            ok = false;
        } else {
            for (const toml::node& d : *arr) {
                if (auto day = date(d, "off"))
                    h.off.push_back(*day);
                else
                    ok = false;
            }
            std::sort(h.off.begin(), h.off.end());
        }
    }
    if (auto n = t.get("reminders_outside")) {
        auto s = n->as_string();
        if (s && s->get() == "sound")
            h.reminders_outside = OfficeHours::Outside::sound;
        else if (s && s->get() == "wake")
            h.reminders_outside = OfficeHours::Outside::wake;
        else {
            error(*n, "reminders_outside",
                  i18n::format(_("%s is not a choice; write \"sound\" or \"wake\""), shown(*n)));
            ok = false;
        }
    }
    if (ok) p.display.hours = h;
}

void Reader::read_ticker(const toml::table& t, Playlist& p) {
    check_keys(t, "[ticker]", {"speed", "messages", "file", "agenda"});
    if (auto n = t.get("speed"))
        if (auto v = number(*n, "speed", 10, 2000)) p.ticker.speed = *v;
    if (auto n = t.get("messages")) {
        auto arr = n->as_array();
        if (!arr) {
            error(*n, "messages",
                  i18n::format(_("%s is not a list; write it like [\"first message\", "
                                 "\"second\"]"),
                               shown(*n)));
        } else if (within_count(*n, "messages", arr->size(), limits::max_list, _("the ticker"))) {
            for (const toml::node& m : *arr)
                if (auto s = bounded_text(m, "messages", limits::max_text_chars))
                    p.ticker.messages.push_back(*s);
        }
    }
    if (auto n = t.get("file"))
        if (auto f = file(*n, "file")) {
            // Read here, for check and the player alike (engine/ticker_file.hpp).
            TickerFileText text = read_ticker_file(*f);
            std::error_code ec;
            if (text.ok())
                p.ticker.file_lines = std::move(text.lines);
            else if (text.pos.line) // a bad byte: at its place in the ticker file itself
                diag_.error(file_.parent_path() / n->as_string()->get(), text.pos, "",
                            _(text.problem.c_str()));
            else if (options_.check_files || fs::exists(*f, ec))
                error(*n, "file", in_quotes(n->as_string()->get()) + " " + _(text.problem.c_str()));
            p.ticker.file = *f;
        }
    if (auto n = t.get("agenda"))
        if (auto b = boolean(*n, "agenda")) p.ticker.agenda = *b;
}

void Reader::read_audio(const toml::table& t, Playlist& p) {
    check_keys(t, "[audio]", {"chime", "background", "duck", "volume", "quiet"});
    if (auto n = t.get("quiet")) read_quiet(*n, p);
    if (auto n = t.get("chime"))
        if (auto f = audio_file(*n, "chime", &p.audio.chime_length)) p.audio.chime = *f;
    if (auto n = t.get("background")) {
        auto arr = n->as_array();
        if (arr) {
            if (within_count(*n, "background", arr->size(), limits::max_list, "[audio]"))
                for (const toml::node& m : *arr)
                    if (auto f = audio_file(m, "background", nullptr))
                        p.audio.background.push_back(*f);
        } else if (n->is_string()) {
            if (auto f = audio_file(*n, "background", nullptr)) p.audio.background.push_back(*f);
        } else {
            error(*n, "background",
                  i18n::format(_("%s is not a list; write [\"audio/musik.m4a\"]"), shown(*n)));
        }
    }
    if (auto n = t.get("duck"))
        if (auto v = number(*n, "duck", 0, 1)) p.audio.duck = *v;
    if (auto n = t.get("volume"))
        if (auto v = number(*n, "volume", 0, 2)) p.audio.volume = *v;
}

// quiet = [ { hours = "11:30-13:00", days = ["jumat"], name = "Salat Jumat" } ]:
// quiet_hours.hpp. Windows that share a moment are refused at the later one.
void Reader::read_quiet(const toml::node& n, Playlist& p) {
    auto arr = n.as_array();
    if (!arr) {
        error(n, "quiet",
              i18n::format(_("%s is not a list; write it like [{ hours = \"11:30-13:00\", days = "
                             "[\"jumat\"] }]"),
                           shown(n)));
        return;
    }
    if (!within_count(n, "quiet", arr->size(), QuietWindow::max_windows, "[audio]")) return;
    static const char* const day_names[] = {"senin", "selasa", "rabu",  "kamis",
                                            "jumat", "sabtu",  "minggu"};
    for (const toml::node& item : *arr) {
        auto w = read_quiet_window(item);
        if (!w) continue;
        bool ok = true;
        for (const QuietWindow& other : p.audio.quiet) {
            if (!quiet_overlap(other, *w)) continue;
            std::size_t day = 0;
            while (!(other.days[day] && w->days[day]))
                ++day;
            error_at(w->pos, "hours",
                     i18n::format(_("%s overlaps the quiet time on line %s (%s) on %s; make it one "
                                    "quiet time or change the hours"),
                                  in_quotes(quiet_label(QuietWindow{w->begin, w->end, {}, {}, {}})),
                                  other.pos.line, in_quotes(quiet_label(other)), day_names[day]));
            ok = false;
            break;
        }
        if (ok) p.audio.quiet.push_back(std::move(*w));
    }
}

std::optional<QuietWindow> Reader::read_quiet_window(const toml::node& n) {
    auto t = n.as_table();
    if (!t) {
        error(n, "quiet",
              i18n::format(_("%s is not a quiet time; write it like { hours = \"11:30-13:00\", "
                             "days = [\"jumat\"] }"),
                           shown(n)));
        return std::nullopt;
    }
    check_keys(*t, _("a quiet time"), {"hours", "days", "name"});
    QuietWindow w;
    w.pos = pos_of(n);
    bool ok = true;
    if (auto h = t->get("hours")) {
        auto v = h->as_string();
        std::optional<std::pair<Seconds, Seconds>> range;
        if (v) range = parse_hours_range(v->get());
        if (!range) {
            error(*h, "hours",
                  i18n::format(_("%s is not a time range; write it like \"11:30-13:00\""),
                               shown(*h)));
            ok = false;
        } else if (range->first >= range->second) {
            error(*h, "hours",
                  i18n::format(_("%s ends before it begins; write it like \"11:30-13:00\""),
                               in_quotes(v->get())));
            ok = false;
        } else if (range->second - range->first > std::chrono::hours(12)) {
            error(*h, "hours",
                  i18n::format(_("%s is longer than 12 hours; a quiet time holds reminders back, "
                                 "so keep it to the hours that must be quiet"),
                               in_quotes(v->get())));
            ok = false;
        } else {
            w.begin = range->first;
            w.end = range->second;
            w.pos = pos_of(*h); // overlaps are reported at the hours that clash
        }
    } else {
        missing(w.pos, _("a quiet time"), "hours",
                _("add hours = \"11:30-13:00\" (when reminders wait and the music stops)"));
        ok = false;
    }
    if (auto d = t->get("days")) {
        if (auto set = weekdays(*d, "days"))
            w.days = *set;
        else
            ok = false;
    }
    if (auto m = t->get("name")) {
        if (auto s = bounded_text(*m, "name", limits::max_name_chars))
            w.name = *s;
        else
            ok = false;
    }
    return ok ? std::optional(w) : std::nullopt;
}

std::optional<Reminder> Reader::read_reminder(const toml::node& n, const Activity& act) {
    auto t = n.as_table();
    if (!t) {
        error(n, "reminders",
              i18n::format(_("%s is not a reminder; write it like { before = \"15m\", audio = "
                             "\"audio/rapat.m4a\" }"),
                           shown(n)));
        return std::nullopt;
    }
    check_keys(*t, _("a reminder"), {"before", "at", "audio", "chime", "say", "repeat"});
    Reminder r;
    r.pos = pos_of(n);
    bool ok = true;
    if (auto b = t->get("before")) {
        if (auto d = duration(*b, "before", Seconds(0), limits::max_reminder_before))
            r.before = *d;
        else
            ok = false;
    } else {
        missing(r.pos, _("a reminder"), "before",
                _("add before = \"15m\" (how long before the start)"));
        ok = false;
    }
    if (auto a = t->get("at")) {
        if (auto v = time_of_day(*a, "at"))
            r.at = *v;
        else
            ok = false;
    }
    if (t->get("say") || t->get("repeat")) {
        if (!spoken_reminder(*t, act, r)) ok = false;
    } else if (auto a = t->get("audio")) {
        if (auto f = audio_file(*a, "audio", &r.audio_length))
            r.audio = *f;
        else
            ok = false;
    } else {
        missing(r.pos, _("a reminder"), "audio",
                _("add say = \"...\" (the words to speak) or audio = \"audio/....m4a\""));
        ok = false;
    }
    if (auto c = t->get("chime")) {
        if (auto v = boolean(*c, "chime"))
            r.chime = *v;
        else
            ok = false;
    }
    return ok ? std::optional(r) : std::nullopt;
}

// `say = "..."` or `say = true` (and `repeat`): the words read aloud, synthesized into the
// playlist's cache (or found there), so that the reminder plays like a recording.
bool Reader::spoken_reminder(const toml::table& t, const Activity& act, Reminder& r) {
    const toml::node* say = t.get("say");
    if (!say) {
        error(*t.get("repeat"), "repeat", _("repeats the words of say; add say = \"...\""));
        return false;
    }
    if (t.get("audio")) {
        error(*say, "say", _("and audio both say what is spoken; keep one of them"));
        return false;
    }
    if (auto n = t.get("repeat")) {
        auto v = integer(*n, "repeat", 1, kMaxSayRepeat);
        if (!v) return false;
        r.say_repeat = int(*v);
    }
    if (auto b = say->as_boolean()) {
        if (!b->get()) {
            error(*say, "say", _("is false; write say = true, say = \"...\" or audio = \"...\""));
            return false;
        }
        SpokenEvent e;
        e.title = act.title.empty() ? act.id : act.title;
        e.place = act.place;
        e.deadline = !act.start && act.deadline;
        e.before = r.before;
        e.at = r.at;
        if (const auto& w = act.start ? act.start : act.deadline)
            e.event_time_of_day = w->time_of_day;
        r.say = reminder_sentence_id(e);
    } else {
        auto words = bounded_text(*say, "say", kMaxSayBytes);
        if (!words) return false;
        if (words->find_first_not_of(" \t") == std::string::npos) {
            error(*say, "say",
                  _("is empty; write the words to speak, like say = \"Rapat dimulai "
                    "lima belas menit lagi\""));
            return false;
        }
        r.say = read_aloud_id(*words);
    }
    if (!options_.check_files) return true;
    SpeechResult sr =
        synthesize_speech({r.say, r.say_repeat, content_cache_dir(folder_, "speech")});
    if (!sr.ok()) {
        error(*say, "say", shown(*say) + " " + sr.error);
        return false;
    }
    if (std::string too_long = length_problem(AudioUse::reminder, sr.length); !too_long.empty()) {
        error(*say, "say", shown(*say) + " " + too_long);
        return false;
    }
    r.audio = sr.wav;
    r.audio_length = sr.length;
    return true;
}

std::optional<Activity> Reader::read_activity(const toml::table& t, const Playlist& p) {
    (void)p;
    check_keys(t, "[[activity]]",
               {"id", "title", "start", "end", "deadline", "place", "pic", "progress", "repeat",
                "days", "day", "from", "until", "reminders"});
    Activity a;
    a.pos = {int(t.source().begin.line), int(t.source().begin.column)};
    bool ok = true;
    auto str = [&](const char* key, std::string& out) {
        if (auto n = t.get(key)) {
            if (auto s = bounded_text(*n, key, limits::max_name_chars))
                out = *s;
            else
                ok = false;
        }
    };
    str("title", a.title);
    str("id", a.id);
    str("place", a.place);
    str("pic", a.pic);
    if (!t.get("title")) {
        missing(a.pos, "[[activity]]", "title", _("add title = \"...\" (the activity's name)"));
        ok = false;
    } else if (auto written = t.get("title")->as_string(); written && written->get().empty()) {
        error(*t.get("title"), "title", _("is empty; write what happens"));
        ok = false;
    }
    // Only an id that was read (a control character is already reported).
    if (auto n = t.get("id"); n && n->is_string() && a.id == n->as_string()->get()) {
        if (a.id.size() > limits::max_id_chars) {
            error(*n, "id",
                  i18n::format(_("is %s characters long; write at most %s, like \"rapat-tim\""),
                               a.id.size(), limits::max_id_chars));
            ok = false;
        } else if (!is_id(a.id)) {
            error(*n, "id",
                  i18n::format(_("%s is not an id; use letters, digits and dashes, like "
                                 "\"rapat-tim\""),
                               in_quotes(a.id)));
            ok = false;
        }
    }

    // The repeat rule decides whether times carry dates.
    if (auto n = t.get("repeat")) {
        static const std::map<std::string, Repeat> rules = {
            {"daily", Repeat::daily},     {"weekdays", Repeat::weekdays},
            {"weekly", Repeat::weekly},   {"monthly", Repeat::monthly},
            {"harian", Repeat::daily},    {"hari-kerja", Repeat::weekdays},
            {"mingguan", Repeat::weekly}, {"bulanan", Repeat::monthly},
        };
        if (auto s = text(*n, "repeat")) {
            auto it = rules.find(*s);
            if (it != rules.end()) {
                a.repeat = it->second;
            } else {
                error(
                    *n, "repeat",
                    with_suggestion(i18n::format(_("%s is not a repeat rule"), in_quotes(*s)),
                                    nearest(*s, {"daily", "weekdays", "weekly", "monthly"}), "\"",
                                    _("write \"daily\", \"weekdays\", \"weekly\" or \"monthly\"")));
                ok = false;
            }
        } else {
            ok = false;
        }
    } else if (t.get("days")) {
        a.repeat = Repeat::weekly; // days alone can only mean every week on those days
    } else if (t.get("day")) {
        a.repeat = Repeat::monthly;
    }
    bool recurring = a.repeat != Repeat::once;
    bool repeat_bad = t.get("repeat") && !recurring;
    if (repeat_bad) recurring = t.get("start") ? !t.get("start")->is_date_time() : true;

    for (auto [key, slot] : {std::pair{"start", &a.start}, std::pair{"end", &a.end},
                             std::pair{"deadline", &a.deadline}}) {
        if (auto n = t.get(key)) {
            if (auto w = when(*n, key, recurring))
                *slot = w;
            else
                ok = false;
        }
    }
    if (!t.get("start") && !t.get("deadline")) {
        missing(a.pos, "[[activity]]", "start",
                recurring ? _("add start = 09:00:00 (or deadline = 16:00:00)")
                          : _("add start = 2026-11-30T09:00:00 (or a deadline)"));
        ok = false;
    }
    if (a.end && !t.get("start") && t.get("end") && !suppress_missing) {
        error(*t.get("end"), "end", _("there is no start; add start = ... before the end"));
        ok = false;
    }
    if (a.start && a.end) {
        auto key_of = [](const When& w) {
            return w.date ? (local_days(*w.date).time_since_epoch() + w.time_of_day)
                          : duration_cast<Seconds>(w.time_of_day);
        };
        // A recurring end before its start is on the next day (a night shift 22:00-02:00).
        bool next_day = recurring && key_of(*a.end) < key_of(*a.start);
        if (key_of(*a.end) <= key_of(*a.start) && !next_day) {
            error(*t.get("end"), "end",
                  i18n::format(_("%s is not after the start (%s); write an end later than the "
                                 "start"),
                               shown(*t.get("end")), shown(*t.get("start"))));
            ok = false;
        }
    }
    // A one-off's end or deadline decades after its start is a typo, and would make every
    // look-back over deadlines that long.
    for (auto [key, w] : {std::pair{"end", &a.end}, std::pair{"deadline", &a.deadline}}) {
        if (!a.start || !*w || !a.start->date || !(*w)->date) continue;
        Seconds span = local_days(*(*w)->date).time_since_epoch() + (*w)->time_of_day -
                       local_days(*a.start->date).time_since_epoch() - a.start->time_of_day;
        if (span > limits::max_activity_span) {
            error(*t.get(key), key,
                  i18n::format(_("%s is more than %s days after the start; check the year, or "
                                 "split the activity"),
                               shown(*t.get(key)),
                               duration_cast<days>(limits::max_activity_span).count()));
            ok = false;
        }
    }

    if (auto n = t.get("days")) {
        if (auto set = weekdays(*n, "days"))
            a.days = *set;
        else
            ok = false;
        if (recurring && a.repeat != Repeat::weekly && !repeat_bad) {
            error(*n, "days", _("days is only used with repeat = \"weekly\""));
            ok = false;
        }
    } else if (a.repeat == Repeat::weekly) {
        missing(pos_of(*t.get("repeat")), "[[activity]]", "days",
                _("add days = [\"senin\", \"kamis\"] (which days of the week)"));
        ok = false;
    }
    if (auto n = t.get("day")) {
        if (auto v = integer(*n, "day", 1, 31))
            a.day_of_month = unsigned(*v);
        else
            ok = false;
        if (a.repeat != Repeat::monthly && !repeat_bad) {
            error(*n, "day", _("day is only used with repeat = \"monthly\""));
            ok = false;
        }
    } else if (a.repeat == Repeat::monthly) {
        missing(pos_of(*t.get("repeat")), "[[activity]]", "day",
                _("add day = 5 (which day of the month; short months use their last day)"));
        ok = false;
    }
    for (auto [key, slot] : {std::pair{"from", &a.from}, std::pair{"until", &a.until}}) {
        if (auto n = t.get(key)) {
            if (auto d = date(*n, key))
                *slot = d;
            else
                ok = false;
        }
    }
    if (a.from && a.until && *a.until < *a.from) {
        error(*t.get("until"), "until",
              i18n::format(_("%s is before from; swap them"), shown(*t.get("until"))));
        ok = false;
    }
    if (!recurring && (t.get("from") || t.get("until"))) {
        error(t.get("from") ? *t.get("from") : *t.get("until"), t.get("from") ? "from" : "until",
              _("from and until bound a repeat; this activity has no repeat"));
        ok = false;
    }
    if (auto n = t.get("progress")) {
        if (auto v = integer(*n, "progress", 0, 100))
            a.progress = int(*v);
        else
            ok = false;
    }
    if (auto n = t.get("reminders")) {
        auto arr = n->as_array();
        if (arr &&
            !within_count(*n, "reminders", arr->size(), limits::max_reminders, _("an activity"))) {
            ok = false;
        } else if (arr) {
            for (const toml::node& r : *arr) {
                if (auto rem = read_reminder(r, a))
                    a.reminders.push_back(*rem);
                else
                    ok = false;
            }
        } else {
            error(*n, "reminders",
                  i18n::format(_("%s is not a list; write reminders = [ { before = \"15m\", "
                                 "audio = \"audio/rapat.m4a\" } ]"),
                               shown(*n)));
            ok = false;
        }
    }
    return ok ? std::optional(a) : std::nullopt;
}

std::optional<Slide> Reader::read_slide(const toml::table& t) {
    check_keys(t, "[[slide]]",
               {"template", "duration", "title", "text", "image", "video", "from", "until", "days",
                "hours", "document", "pages"});
    Slide s;
    s.pos = {int(t.source().begin.line), int(t.source().begin.column)};
    bool ok = true;
    std::vector<std::string> builtins(std::begin(kBuiltinTemplates), std::end(kBuiltinTemplates));
    if (auto n = t.get("template")) {
        if (auto name = text(*n, "template")) {
            s.template_name = *name;
            if (std::find(builtins.begin(), builtins.end(), *name) != builtins.end()) {
                s.builtin = true;
                s.template_path = builtin_templates_dir() / (*name + ".svg");
            } else if (fs::path(*name).extension() == ".svg") {
                s.builtin = false;
                if (auto f = file(*n, "template")) {
                    if (template_is_sound(*n, *name, *f))
                        s.template_path = *f;
                    else
                        ok = false;
                } else {
                    ok = false;
                }
            } else {
                error(*n, "template",
                      with_suggestion(i18n::format(_("%s is not a template"), in_quotes(*name)),
                                      nearest(*name, builtins), "\"",
                                      _("write agenda, deadlines, timeline, info, image, or the "
                                        "path of an .svg file in the playlist folder")));
                ok = false;
            }
        } else {
            ok = false;
        }
    } else if (!t.get("document") && !t.get("video")) {
        missing(s.pos, "[[slide]]", "template",
                _("add template = \"agenda\" (or info, image, ...)"));
        ok = false;
    }
    if (!read_document(t, s)) ok = false;
    if (auto n = t.get("duration")) {
        if (auto d = duration(*n, "duration", Seconds(0), limits::max_slide_duration)) {
            if (d->count() == 0) {
                error(*n, "duration", _("is zero; a slide must show for at least \"1s\""));
                ok = false;
            }
            s.duration = *d;
        } else {
            ok = false;
        }
    } else if (!t.get("video")) {
        missing(s.pos, "[[slide]]", "duration", _("add duration = \"15s\" (how long it shows)"));
        ok = false;
    }
    auto str = [&](const char* key, std::string& out, std::size_t max_chars) {
        if (auto n = t.get(key)) {
            if (auto v = bounded_text(*n, key, max_chars))
                out = *v;
            else
                ok = false;
        }
    };
    str("title", s.title, limits::max_name_chars);
    str("text", s.text, limits::max_text_chars);
    // Measured with the renderer's own fitting: a value that will be cut is said here.
    if (options_.check_files && !s.template_path.empty())
        for (const FitWarning& w :
             slide_text_warnings(s.template_path, s.template_name, s.title, s.text))
            diag_.warning(file_, pos_of(*t.get(w.key)), w.key, _(w.message.c_str()));
    if (auto n = t.get("image")) {
        if (auto f = file(*n, "image")) {
            if (!picture_is_sound(*n, "image", *f)) ok = false;
            s.image = *f;
        } else {
            ok = false;
        }
    }
    if (!read_video(t, s)) ok = false;
    if (s.template_name == "image" && s.image.empty() && s.video.empty() && !t.get("image") &&
        !t.get("video")) {
        missing(s.pos, "[[slide]]", "image",
                _("add image = \"images/poster.png\" for an image slide"));
        ok = false;
    }
    for (auto [key, slot] : {std::pair{"from", &s.from}, std::pair{"until", &s.until}}) {
        if (auto n = t.get(key)) {
            if (auto d = date(*n, key))
                *slot = d;
            else
                ok = false;
        }
    }
    // Paged templates (a tsr:repeat group) show "more than fit" as further pages.
    if (ok && (s.template_name == "agenda" || !s.builtin) && options_.check_files)
        s.rows_per_page = template_rows_per_page(s.template_path);
    if (s.from && s.until && *s.until < *s.from) {
        error(*t.get("until"), "until",
              i18n::format(_("%s is before from; swap them"), shown(*t.get("until"))));
        ok = false;
    }
    if (auto n = t.get("days")) {
        if (auto set = weekdays(*n, "days"))
            s.days = *set;
        else
            ok = false;
    }
    if (auto n = t.get("hours")) {
        auto v = n->as_string();
        std::optional<std::pair<Seconds, Seconds>> range;
        if (v) range = parse_hours_range(v->get());
        bool good = range && range->first.count() % 60 == 0 && range->second.count() % 60 == 0;
        if (good && range->first >= range->second) {
            error(*n, "hours",
                  i18n::format(_("%s ends before it begins; write it like \"07:30-16:00\""),
                               in_quotes(v->get())));
            ok = false;
        } else if (good) {
            s.hours = range;
        }
        if (!good) {
            error(*n, "hours",
                  i18n::format(_("%s is not a time range; write it like \"07:30-16:00\""),
                               shown(*n)));
            ok = false;
        }
    }
    return ok ? std::optional(s) : std::nullopt;
}

// `video = "video/x.mp4"`: a clip that shows once a round at its own length, probed here the
// way the slide layer opens it (video/video_clip.hpp), so what check accepts plays.
bool Reader::read_video(const toml::table& t, Slide& s) {
    const toml::node* n = t.get("video");
    if (!n) return true;
    bool ok = true;
    for (const char* other : {"template", "document"})
        if (const toml::node* o = t.get(other)) {
            error(*o, other, _("and video both say what the slide shows; keep one of them"));
            ok = false;
        }
    if (const toml::node* d = t.get("duration")) {
        error(*d, "duration", _("is not for a video: it plays at its own length; remove duration"));
        ok = false;
    }
    auto f = file(*n, "video");
    if (!f) return false;
    s.template_name = "video";
    s.builtin = true;
    s.video = *f;
    if (!options_.check_files) return ok;
    VideoProbe probe = probe_video_clip(*f);
    if (!probe.ok) {
        error(*n, "video", in_quotes(n->as_string()->get()) + " " + probe.problem);
        return false;
    }
    s.video_length = probe.length;
    s.video_sound = probe.has_audio;
    return ok;
}

// `document = "materi/x.pptx"` and `pages = "1-3,5"`: the document as a PDF (converted by
// LibreOffice into the playlist's cache, or found there), its pages checked.
bool Reader::read_document(const toml::table& t, Slide& s) {
    const toml::node* n = t.get("document");
    const toml::node* pages = t.get("pages");
    if (!n) {
        if (pages)
            error(*pages, "pages",
                  _("chooses pages of a document; add document = \"materi/....pdf\""));
        return !pages;
    }
    if (const toml::node* tn = t.get("template")) {
        error(*tn, "template", _("and document both say what the slide shows; keep one of them"));
        return false;
    }
    s.template_name = "document";
    s.builtin = true;
    auto f = file(*n, "document");
    if (!f) return false;
    s.document = *f;
    int count = kMaxDocumentPages; // without the files looked at: any page may exist
    if (options_.check_files) {
        DocumentOptions options;
        options.cache_dir = content_cache_dir(folder_, "documents");
        PreparedDocument d = prepare_document(*f, options);
        if (!d.ok()) {
            error(*n, "document", shown(*n) + " " + d.problem);
            return false;
        }
        s.document_pdf = d.pdf;
        count = d.page_count;
    }
    if (pages) {
        auto v = text(*pages, "pages");
        if (!v) return false;
        std::string problem;
        auto list = parse_page_list(*v, count, &problem);
        if (!list) {
            error(*pages, "pages", shown(*pages) + " " + problem);
            return false;
        }
        s.document_pages = *list;
    } else {
        if (count > kMaxDocumentPages) {
            error(*n, "document",
                  i18n::format(_("%s has %s pages; at most %s show: add pages = \"1-100\""),
                               shown(*n), count, kMaxDocumentPages));
            return false;
        }
        for (int i = 0; i < (options_.check_files ? count : 1); ++i)
            s.document_pages.push_back(i);
    }
    return true;
}

const toml::array* Reader::table_array(const toml::table& root, const char* name) {
    const toml::node* n = root.get(name);
    if (!n) return nullptr;
    auto arr = n->as_array();
    if (!arr || !arr->is_array_of_tables()) {
        error(*n, name,
              i18n::format(_("is not a list of tables; write each one under its own [[%s]] line"),
                           name));
        return nullptr;
    }
    return arr;
}

void Reader::warn_never_shows(const Playlist& p) {
    if (!options_.now) return;
    Instant now = *options_.now;
    Date today = local_date(p.zone, now);
    for (const Activity& a : p.activities) {
        if (a.repeat == Repeat::once) {
            Instant last{};
            for (auto w : {a.start, a.end, a.deadline})
                if (w) last = std::max(last, at_local(p.zone, *w->date, w->time_of_day));
            if (last < now)
                diag_.warning(file_, a.pos, "activity",
                              i18n::format(_("%s is in the past (%s), so it will never show"),
                                           in_quotes(a.id), format_iso(p.zone, last)));
        } else if (a.until && *a.until < today) {
            diag_.warning(
                file_, a.pos, "until",
                i18n::format(
                    _("%s stopped repeating on %s, so it will never show"), in_quotes(a.id),
                    format_iso(p.zone, at_local(p.zone, *a.until, Seconds(0))).substr(0, 10)));
        }
    }
    for (const Slide& s : p.slides)
        if (s.until && *s.until < today)
            diag_.warning(file_, s.pos, "until",
                          i18n::format(_("this %s slide's window has ended, so it will never show"),
                                       s.template_name));
}

Playlist Reader::read(const toml::table& root) {
    Playlist p;
    check_keys(root, _("the playlist"),
               {"office", "display", "ticker", "audio", "activity", "slide"});
    const toml::node* office = root.get("office");
    if (office && !office->is_table())
        error(*office, "office", _("must be a table: write [office]"));
    read_office(office ? office->as_table() : nullptr, {1, 1}, p);
    for (const char* name : {"display", "ticker", "audio"}) {
        const toml::node* n = root.get(name);
        if (!n) continue;
        auto t = n->as_table();
        if (!t) {
            error(*n, name, i18n::format(_("must be a table: write [%s]"), name));
            continue;
        }
        if (std::string(name) == "display")
            read_display(*t, p);
        else if (std::string(name) == "ticker")
            read_ticker(*t, p);
        else
            read_audio(*t, p);
    }

    std::map<std::string, SourcePos> ids;
    auto activities = table_array(root, "activity");
    if (activities && !within_count(*activities, "activity", activities->size(),
                                    limits::max_activities, _("a playlist")))
        activities = nullptr;
    auto slides = table_array(root, "slide");
    if (slides &&
        !within_count(*slides, "slide", slides->size(), limits::max_slides, _("a playlist")))
        slides = nullptr;
    if (auto arr = activities) {
        for (const toml::node& n : *arr) {
            auto a = read_activity(*n.as_table(), p);
            if (!a) continue;
            if (a->id.empty()) {
                // Derived ids stay unique quietly; only ids people wrote must be unique.
                std::string base = slugify(a->title), id = base;
                for (int i = 2; ids.count(id); ++i)
                    id = base + "-" + std::to_string(i);
                a->id = id;
            } else if (auto it = ids.find(a->id); it != ids.end()) {
                error(*n.as_table()->get("id"), "id",
                      i18n::format(_("%s is already used by the activity on line %s; give each "
                                     "activity its own id"),
                                   in_quotes(a->id), it->second.line));
                continue;
            }
            ids[a->id] = n.as_table()->get("id") ? pos_of(*n.as_table()->get("id")) : a->pos;
            p.activities.push_back(std::move(*a));
        }
    }
    if (auto arr = slides) {
        for (const toml::node& n : *arr)
            if (auto s = read_slide(*n.as_table())) p.slides.push_back(std::move(*s));
    }
    if (!root.get("slide"))
        missing({1, 1}, _("the playlist"), "slide",
                _("add at least one [[slide]] with template = \"agenda\" and duration = \"15s\""));
    warn_never_shows(p);
    return p;
}

/// One `key = value` on a line, at the top level or inside an inline table: where its key
/// and its value begin, as byte offsets into the line.
struct Assignment {
    std::string key;
    std::size_t key_at = 0;
    std::size_t value_at = 0;
    bool nested = false; ///< inside { ... } or [ ... ]: a comma ends its value
};

bool is_bare_key_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

/// Skips a TOML string starting at line[i] (a quote), to just past its closing quote or to
/// the end of the line when it is not closed there.
std::size_t skip_string(std::string_view line, std::size_t i) {
    char q = line[i++];
    while (i < line.size() && line[i] != q) {
        if (q == '"' && line[i] == '\\' && i + 1 < line.size()) ++i;
        ++i;
    }
    return std::min(i + 1, line.size());
}

/// Tries to read `key =` (dotted and quoted keys too) at line[i]; fills `a` when it is one.
bool read_key(std::string_view line, std::size_t i, Assignment& a) {
    std::size_t j = i;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
        ++j;
    std::size_t key_at = j, key_end = j;
    for (;;) {
        if (j < line.size() && (line[j] == '"' || line[j] == '\'')) {
            j = skip_string(line, j);
        } else {
            std::size_t from = j;
            while (j < line.size() && is_bare_key_char(line[j]))
                ++j;
            if (j == from) return false;
        }
        key_end = j;
        while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
            ++j;
        if (j < line.size() && line[j] == '.') {
            ++j;
            while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
                ++j;
            continue;
        }
        break;
    }
    if (j >= line.size() || line[j] != '=') return false;
    ++j;
    while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
        ++j;
    a.key = std::string(line.substr(key_at, key_end - key_at));
    a.key_at = key_at;
    a.value_at = j;
    return true;
}

/// Every `key =` of a line, in order: one pass, no recursion, whatever the line holds.
std::vector<Assignment> assignments_of(std::string_view line) {
    std::vector<Assignment> out;
    std::vector<char> open; // the brackets and braces around the current position
    bool key_may_start = true;
    std::size_t i = 0;
    while (i < line.size()) {
        if (key_may_start) {
            Assignment a;
            if (read_key(line, i, a)) {
                a.nested = !open.empty();
                out.push_back(a);
                i = a.value_at;
            }
            key_may_start = false;
            continue;
        }
        char c = line[i];
        if (c == '"' || c == '\'') {
            i = skip_string(line, i);
            continue;
        }
        if (c == '#') break;
        if (c == '[' || c == '{') open.push_back(c);
        if ((c == ']' || c == '}') && !open.empty()) open.pop_back();
        key_may_start = c == '{' || (c == ',' && !open.empty() && open.back() == '{');
        ++i;
    }
    return out;
}

/// The end of the value that starts at line[from]: the comment or the end of the line for a
/// top-level value; else the comma, "}" or "]" that closes it.
std::size_t value_end(std::string_view line, std::size_t from, bool nested) {
    int depth = 0;
    std::size_t i = from;
    while (i < line.size()) {
        char c = line[i];
        if (c == '"' || c == '\'') {
            i = skip_string(line, i);
            continue;
        }
        if (c == '#' && depth == 0) break;
        if (c == '[' || c == '{') ++depth;
        if (c == ']' || c == '}') {
            if (depth == 0 && nested) break;
            --depth;
        }
        if (c == ',' && depth == 0 && nested) break;
        ++i;
    }
    while (i > from && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        --i;
    return i;
}

/// Byte offset of a 1-based column counted in characters (toml++ counts them so).
std::size_t byte_of_column(std::string_view line, int column) {
    std::size_t i = 0;
    for (int c = 1; c < column && i < line.size(); ++c)
        i = std::size_t(g_utf8_next_char(line.data() + i) - line.data());
    return std::min(i, line.size());
}

int column_of_byte(std::string_view line, std::size_t byte) {
    return int(g_utf8_strlen(line.data(), gssize(std::min(byte, line.size())))) + 1;
}

/// How many dot-joined parts the key (or [table] name) at the start of a line has.
std::size_t key_parts(std::string_view line) {
    std::size_t i = line.find_first_not_of(" \t[");
    if (i == std::string_view::npos || line[i] == '#') return 0;
    std::size_t parts = 1;
    while (i < line.size() && line[i] != '=' && line[i] != ']') {
        if (line[i] == '"' || line[i] == '\'') {
            i = skip_string(line, i);
            continue;
        }
        if (line[i] == '.') ++parts;
        ++i;
    }
    return parts;
}

/// What a value written without quotes or with a typo most likely meant; empty when the
/// shape says nothing.
std::string meaning_of(const std::string& raw, const std::string& description) {
    std::string shown = excerpt(raw, 80);
    std::size_t i = 0;
    bool sign = !raw.empty() && (raw[0] == '-' || raw[0] == '+');
    if (sign) i = 1;
    std::size_t whole = skip_digits(raw, i);
    if (whole > 0 && i < raw.size() && raw[i] == ',') {
        std::size_t after = i + 1, j = after;
        if (skip_digits(raw, j) > 0 && j == raw.size())
            return i18n::format(_("%s is not a number; write decimals with a dot, like %s (or a "
                                  "whole number, where one is asked for)"),
                                shown, raw.substr(0, i) + "." + raw.substr(after));
    }
    if (whole > 0 && !sign && i + 1 == raw.size() && raw[i] == '%')
        return i18n::format(_("%s is not a number; write it without %%, like %s"), shown,
                            raw.substr(0, i));
    if (looks_like_time(raw))
        return i18n::format(_("%s is not a time; %s"), shown, _("write it like 09:00:00"));
    if (looks_like_datetime(raw))
        return i18n::format(_("%s is not a date-time; %s"), shown,
                            _("write it like 2026-11-30T09:00:00"));
    if (looks_like_date(raw))
        return i18n::format(_("%s is not a date; %s"), shown, _("write it like 2026-11-30"));
    // 15-12-2026, as dates are written in Indonesia: the year comes first in the file.
    if (std::size_t k = 0; skip_digits(raw, k) <= 2 && k > 0 && k < raw.size() && raw[k] == '-') {
        std::size_t m = k + 1, d = skip_digits(raw, m);
        std::size_t y = m + 1;
        if (d >= 1 && d <= 2 && m < raw.size() && raw[m] == '-' && skip_digits(raw, y) == 4)
            return i18n::format(_("%s is not a date; write the year first, like 2026-12-15 (or "
                                  "2026-12-15T16:00:00 with a time)"),
                                shown);
    }
    if (!sign && whole > 0 && parse_duration(raw))
        return i18n::format(_("%s is a duration; durations are text: write it in quotes, like "
                              "\"%s\""),
                            shown, shown);
    if (raw[0] == '"') {
        std::size_t closed = skip_string(raw, 0);
        bool is_closed = closed > 1 && raw[closed - 1] == '"';
        if (!is_closed) return _("the text is not closed; end it with \" on the same line");
        if (closed < raw.size()) {
            std::size_t extra = raw.find_first_not_of(" \t", closed);
            if (extra != std::string::npos)
                return i18n::format(_("after the closing quote comes %s; write one value on the "
                                      "line, and nothing after it but a # comment"),
                                    excerpt(raw.substr(extra), 20));
        }
    }
    // A text inside a list left open: ["senin", "kamis]
    if (raw[0] == '[')
        for (std::size_t j = 1; j < raw.size() && raw[j] != '#';) {
            if (raw[j] != '"' && raw[j] != '\'') {
                ++j;
                continue;
            }
            const std::size_t end = skip_string(raw, j);
            if (end <= j + 1 || raw[end - 1] != raw[j])
                return i18n::format(_("the text %s in the list is not closed; end it with %s "
                                      "before the next , or ]"),
                                    excerpt(raw.substr(j), 40), std::string(1, raw[j]));
            j = end;
        }
    if (raw[0] == '"' && (description.find("escape") != std::string::npos ||
                          description.find("unicode") != std::string::npos))
        return _("a backslash in text starts an escape; in a path write / instead, like "
                 "\"images/logo.svg\" (the path is relative to the playlist folder)");
    bool word =
        std::string_view("\"'[{+-").find(raw[0]) == std::string_view::npos && !is_digit(raw[0]);
    std::size_t k = 0;
    if (skip_digits(raw, k) > 0) {
        while (k < raw.size() && raw[k] == ' ')
            ++k;
        word = k < raw.size() && std::isalpha(static_cast<unsigned char>(raw[k]));
    }
    if (word && raw != "true" && raw != "false")
        return i18n::format(_("%s is not a value TOML understands; put text in quotes, like "
                              "\"%s\""),
                            shown, shown);
    return "";
}

/// Where a list still open at the start of line `until` (1-based) was opened: its line and
/// the byte of its "[", counting brackets outside strings and comments from the top.
std::optional<std::pair<int, std::size_t>> open_list_before(const std::vector<std::string>& lines,
                                                            int until) {
    std::vector<std::pair<int, std::size_t>> open;
    std::string_view multiline; // the closing delimiter of a multi-line string we are in
    for (int l = 1; l < until && std::size_t(l) <= lines.size(); ++l) {
        std::string_view line = lines[l - 1];
        std::size_t i = 0;
        if (!multiline.empty()) {
            std::size_t end = line.find(multiline);
            if (end == std::string_view::npos) continue;
            i = end + 3;
            multiline = {};
        }
        std::size_t first = line.find_first_not_of(" \t");
        if (open.empty() && first != std::string_view::npos && line[first] == '[')
            continue; // a [table] header
        while (i < line.size()) {
            char c = line[i];
            if (c == '#') break;
            if (c == '"' || c == '\'') {
                std::string_view triple = c == '"' ? "\"\"\"" : "\'\'\'";
                if (line.substr(i, 3) == triple) {
                    std::size_t end = line.find(triple, i + 3);
                    if (end == std::string_view::npos) {
                        multiline = triple;
                        break;
                    }
                    i = end + 3;
                    continue;
                }
                i = skip_string(line, i);
                continue;
            }
            if (c == '[') open.emplace_back(l, i);
            if (c == ']' && !open.empty()) open.pop_back();
            ++i;
        }
    }
    if (open.empty()) return std::nullopt;
    return open.front();
}

/// A friendlier message for a TOML syntax error, from the text of the line at fault (and of
/// the line before, for a list left open). Hand-scanned: the line may be anything.
Diagnostic syntax_problem(const fs::path& file, const std::vector<std::string>& lines,
                          SourcePos pos, const std::string& description,
                          int* last_broken = nullptr) {
    Diagnostic d{file, pos, Severity::error, "", ""};
    const std::string generic = i18n::format(_("this line is not valid TOML (%s)"), description);
    d.message = generic;
    if (pos.line < 1 || std::size_t(pos.line) > lines.size()) return d;
    std::string_view line = lines[pos.line - 1];
    std::size_t err = byte_of_column(line, pos.column);

    // A broken [table] header: its keys would land in the table before, so they are set
    // aside with it (one error, not one a key).
    auto quoted_name = [&]() -> std::string {
        std::size_t a = description.find('\''), b = description.find('\'', a + 1);
        return a == std::string::npos || b == std::string::npos
                   ? ""
                   : description.substr(a + 1, b - a - 1);
    };
    auto set_aside_table = [&] {
        if (!last_broken) return;
        int l = pos.line;
        while (std::size_t(l) < lines.size()) {
            std::size_t nb = lines[l].find_first_not_of(" \t");
            if (nb != std::string::npos && lines[l][nb] == '[') break;
            ++l;
        }
        *last_broken = l;
    };
    if (description.find("table header") != std::string::npos) {
        std::string name = excerpt(quoted_name(), 40);
        if (!name.empty() && description.find("existing array") != std::string::npos) {
            d.key = name;
            d.message = i18n::format(_("[%1$s] needs two brackets: write [[%1$s]] (each one "
                                       "starts with its own [[%1$s]] line)"),
                                     name);
            set_aside_table();
            return d;
        }
        if (!name.empty() && description.find("existing table") != std::string::npos) {
            d.key = name;
            d.message = i18n::format(
                _("[%1$s] is written twice; put all its keys under the first [%1$s]"), name);
            set_aside_table();
            return d;
        }
    }
    if (description.find("expected '='") != std::string::npos) {
        std::size_t k = line.find_first_not_of(" \t");
        std::size_t e = k;
        while (e < line.size() && is_bare_key_char(line[e]))
            ++e;
        if (k != std::string_view::npos && e > k) {
            std::string key(line.substr(k, e - k));
            d.key = excerpt(key, 40);
            d.message =
                i18n::format(_("put = between the key and its value, like %s = \"Aula\""), d.key);
            return d;
        }
    }

    // A list left open on an earlier line swallows the lines after it until one cannot be an
    // item: report it where it opens, not where the parser gave up.
    std::size_t first = line.find_first_not_of(" \t");
    Assignment next;
    if (first != std::string_view::npos &&
        (line[first] == '[' || read_key(line, first, next) || err <= first)) {
        if (auto open = open_list_before(lines, pos.line)) {
            std::string_view at_line = lines[open->first - 1];
            d.pos = {open->first, column_of_byte(at_line, open->second)};
            for (const Assignment& a : assignments_of(at_line))
                if (a.value_at <= open->second) d.key = a.key;
            d.message = _("the list is not closed; end it with ], and put a comma between its "
                          "items");
            if (last_broken) *last_broken = pos.line - 1;
            return d;
        }
    }

    std::vector<Assignment> found = assignments_of(line);
    const Assignment* at = nullptr;
    for (const Assignment& a : found)
        if (a.value_at <= err || at == nullptr) at = &a;
    if (!at) return d;
    d.key = at->key;
    if (description.find("redefine") != std::string::npos) {
        d.pos.column = column_of_byte(line, at->key_at);
        d.message = _("is written twice in this table; keep one");
        return d;
    }
    if (description.find("inline table") != std::string::npos &&
        (err >= line.size() || description.find("closing '}'") != std::string::npos)) {
        // At the { left open, under the key whose value holds it.
        std::vector<std::size_t> open;
        for (std::size_t i = 0; i < std::min(err, line.size());) {
            if (line[i] == '"' || line[i] == '\'') {
                i = skip_string(line, i);
                continue;
            }
            if (line[i] == '{') open.push_back(i);
            if (line[i] == '}' && !open.empty()) open.pop_back();
            ++i;
        }
        std::size_t brace = open.empty() ? at->value_at : open.back();
        for (const Assignment& a : found)
            if (a.value_at <= brace) d.key = a.key;
        d.pos.column = column_of_byte(line, brace);
        d.message = _("{ ... } must be closed with } on the same line");
        return d;
    }
    std::size_t from = at->value_at;
    std::size_t to = value_end(line, from, at->nested);
    // Inside a list, the item at fault: `days = [senin, kamis]` is about senin.
    if (from < line.size() && line[from] == '[' && err > from && err < to) {
        std::size_t b = err;
        while (b > from && line[b - 1] != '[' && line[b - 1] != ',')
            --b;
        while (b < err && line[b] == ' ')
            ++b;
        from = b;
        to = value_end(line, from, true);
    }
    if (from >= to) return d;
    d.pos.column = column_of_byte(line, from);
    std::string meaning = meaning_of(std::string(line.substr(from, to - from)), description);
    d.message = meaning.empty() ? generic : meaning;
    return d;
}

} // namespace

LoadResult load_playlist(const fs::path& where, const LoadOptions& options) {
    LoadResult result;
    fs::path shown_file = playlist_file_of(where);
    std::error_code ec;
    fs::path absolute_file = fs::absolute(shown_file, ec).lexically_normal();
    fs::path folder = absolute_file.parent_path();

    auto file_problem = [&](SourcePos pos, const std::string& message) {
        result.diagnostics.error(shown_file, pos, "", message);
        return result;
    };
    // A playlist.toml that is a link to a file elsewhere (/etc/passwd) would have its lines
    // echoed in parse errors: it is confined to its folder like every file it names.
    if (confine_to_folder(folder, absolute_file.filename().string()).outside)
        return file_problem({}, _("is a link to a file outside its folder; copy the file here "
                                  "instead of linking to it"));
    FileBytes read = read_regular_file(shown_file, limits::max_playlist_bytes, false);
    if (!read.ok()) {
        if (read.problem == "does not exist")
            return file_problem({},
                                _("does not exist; give a playlist folder or its playlist.toml"));
        if (read.problem == "is empty")
            return file_problem({}, _("the file is empty (was it caught half-saved?); open it in "
                                      "the editor and save it again"));
        return file_problem({}, _(read.problem.c_str()));
    }
    std::string text = std::move(read.bytes);
    switch (sniff_encoding(text)) {
    case TextEncoding::utf8:
        break;
    case TextEncoding::utf8_bom:
        text.erase(0, 3); // Notepad's UTF-8 mark: harmless, and toml++ would count it
        break;
    default:
        return file_problem({1, 1}, _("the file is saved as UTF-16 (or UTF-32), not UTF-8; save "
                                      "it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"));
    }
    if (auto bad = first_non_utf8(text)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", unsigned(bad->byte));
        return file_problem({bad->line, bad->column},
                            bad->byte == 0
                                ? std::string(_("the file holds a NUL byte; it is not a text file"))
                                : i18n::format(_("byte %s is not UTF-8 (the file was saved as ANSI "
                                                 "or Windows-1252?); save it as UTF-8 (in Notepad: "
                                                 "Save As, Encoding: UTF-8)"),
                                               hex));
    }

    // toml++ stops at the first syntax error. To report every broken line, comment the broken
    // line out and parse again, a bounded number of times.
    std::vector<std::string> lines;
    {
        std::stringstream ls(text);
        std::string l;
        while (std::getline(ls, l))
            lines.push_back(l);
    }
    bool had_syntax_error = false;
    // Bounds before the parser sees a line: toml++ recurses per dotted part of a key, and
    // nothing reasonable is thousands of characters long.
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        std::size_t chars = std::size_t(g_utf8_strlen(l.data(), gssize(l.size())));
        std::string problem;
        if (chars > limits::max_line_chars) {
            problem = i18n::format(_("this line is %s characters long; a line may have at most %s"),
                                   chars, limits::max_line_chars);
        } else if (std::size_t parts = key_parts(l); parts > limits::max_key_parts) {
            problem = i18n::format(_("this name has %s parts joined by dots; write at most %s"),
                                   parts, limits::max_key_parts);
        }
        if (problem.empty()) continue;
        result.diagnostics.error(shown_file, {int(i + 1), 1}, "", problem);
        lines[i] = "#tsr#";
        had_syntax_error = true;
    }
    text.clear();
    for (const std::string& l : lines)
        text += l + "\n";
    toml::table root;
    for (int attempt = 0; attempt < 50; ++attempt) {
        try {
            root = toml::parse(text, shown_file.string());
            break;
        } catch (const toml::parse_error& e) {
            had_syntax_error = true;
            SourcePos pos{int(e.source().begin.line), int(e.source().begin.column)};
            int last_broken = 0;
            Diagnostic d =
                syntax_problem(shown_file, lines, pos, std::string(e.description()), &last_broken);
            result.diagnostics.error(d.file, d.pos, d.key, d.message);
            int broken = d.pos.line;
            if (broken < 1 || std::size_t(broken) > lines.size() ||
                lines[broken - 1].rfind("#tsr#", 0) == 0)
                break;
            // The broken line, and for a list left open every line it swallowed.
            for (int l = broken; l <= std::max(broken, last_broken); ++l)
                if (lines[l - 1].rfind("#tsr#", 0) != 0) lines[l - 1] = "#tsr#" + lines[l - 1];
            text.clear();
            for (const std::string& l : lines)
                text += l + "\n";
            root = toml::table{};
        }
    }

    Reader reader(shown_file, folder, options, result.diagnostics);
    reader.suppress_missing = had_syntax_error;
    Playlist p = reader.read(root);
    p.folder = folder;
    p.file = absolute_file;
    if (!result.diagnostics.has_errors())
        result.playlist = std::make_shared<const Playlist>(std::move(p));
    return result;
}

} // namespace tsr
