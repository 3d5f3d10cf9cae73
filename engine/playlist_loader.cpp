#include "playlist_loader.hpp"

#include "mp4_probe.hpp"
#include "render/svg_template.hpp"
#include "ticker_file.hpp"

#include <librsvg/rsvg.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
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
    if (const char* env = g_getenv("TSR_TEMPLATES_DIR"); env && *env) return env;
#ifdef TSR_SOURCE_ROOT
    fs::path src = fs::path(TSR_SOURCE_ROOT) / "playlists" / "templates";
    std::error_code ec;
    if (fs::is_directory(src, ec)) return src;
#endif
    return "/usr/local/share/tsr/templates";
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

std::string in_quotes(const std::string& s) {
    return "\"" + s + "\"";
}

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += i + 1 == words.size() ? " or " : ", ";
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
    if (n.is_table()) return "a table";
    if (n.is_array()) return "a list";
    n.visit([&](auto&& v) { o << v; });
    return o.str();
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
        if (!suppress_missing) diag_.error(file_, p, key, "missing in " + table + "; " + how);
    }
    void check_keys(const toml::table& t, const std::string& table,
                    const std::vector<std::string>& known);

    std::optional<std::string> text(const toml::node& n, const std::string& key);
    std::optional<std::int64_t> integer(const toml::node& n, const std::string& key,
                                        std::int64_t lo, std::int64_t hi);
    std::optional<double> number(const toml::node& n, const std::string& key, double lo, double hi);
    std::optional<bool> boolean(const toml::node& n, const std::string& key);
    std::optional<Seconds> duration(const toml::node& n, const std::string& key);
    std::optional<Seconds> time_of_day(const toml::node& n, const std::string& key);
    std::optional<Date> date(const toml::node& n, const std::string& key);
    std::optional<When> when(const toml::node& n, const std::string& key, bool recurring);
    std::optional<WeekdaySet> weekdays(const toml::node& n, const std::string& key);
    std::optional<fs::path> file(const toml::node& n, const std::string& key);
    std::optional<fs::path> audio_file(const toml::node& n, const std::string& key, Micros* length);
    bool svg_parses(const toml::node& n, const std::string& key, const fs::path& p);
    bool template_is_sound(const toml::node& n, const std::string& written, const fs::path& p);

    void read_office(const toml::table* t, SourcePos where, Playlist& p);
    void read_display(const toml::table& t, Playlist& p);
    void read_ticker(const toml::table& t, Playlist& p);
    void read_audio(const toml::table& t, Playlist& p);
    std::optional<Activity> read_activity(const toml::table& t, const Playlist& p);
    std::optional<Reminder> read_reminder(const toml::node& n);
    std::optional<Slide> read_slide(const toml::table& t);
    void warn_never_shows(const Playlist& p);

    const toml::array* table_array(const toml::table& root, const char* name);

    fs::path file_;
    fs::path folder_;
    const LoadOptions& options_;
    Diagnostics& diag_;
};

void Reader::check_keys(const toml::table& t, const std::string& table,
                        const std::vector<std::string>& known) {
    for (auto&& [k, v] : t) {
        std::string key(k.str());
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string msg = "is not a key of " + table;
        if (auto near = nearest(key, known))
            msg += "; did you mean " + *near + "?";
        else
            msg += "; known keys: " + join_words(known);
        error_at(pos_of(k), key, msg);
    }
}

std::optional<std::string> Reader::text(const toml::node& n, const std::string& key) {
    if (auto s = n.as_string()) return s->get();
    error(n, key, shown(n) + " is not text; put it in quotes, like \"Aula\"");
    return std::nullopt;
}

std::optional<std::int64_t> Reader::integer(const toml::node& n, const std::string& key,
                                            std::int64_t lo, std::int64_t hi) {
    auto v = n.as_integer();
    if (!v) {
        error(n, key,
              shown(n) + " is not a whole number; write a number from " + std::to_string(lo) +
                  " to " + std::to_string(hi) + " without quotes");
        return std::nullopt;
    }
    if (v->get() < lo || v->get() > hi) {
        error(n, key,
              std::to_string(v->get()) + " is out of range; write a number from " +
                  std::to_string(lo) + " to " + std::to_string(hi));
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
        std::ostringstream o;
        o << "write a number from " << lo << " to " << hi;
        return o.str();
    };
    if (!v) {
        error(n, key, shown(n) + " is not a number; " + range() + " without quotes");
        return std::nullopt;
    }
    if (!(*v >= lo && *v <= hi)) {
        error(n, key, shown(n) + " is out of range; " + range());
        return std::nullopt;
    }
    return v;
}

std::optional<bool> Reader::boolean(const toml::node& n, const std::string& key) {
    if (auto b = n.as_boolean()) return b->get();
    error(n, key, shown(n) + " is not true or false; write true or false without quotes");
    return std::nullopt;
}

std::optional<Seconds> Reader::duration(const toml::node& n, const std::string& key) {
    const std::string how = "write it like \"90s\", \"15m\", \"2h\" or \"1h30m\"";
    auto s = n.as_string();
    if (!s) {
        error(n, key, shown(n) + " is not a duration; " + how);
        return std::nullopt;
    }
    auto d = parse_duration(s->get());
    if (!d) {
        error(n, key, in_quotes(s->get()) + " is not a duration; " + how);
        return std::nullopt;
    }
    return d;
}

// Times may be TOML local times (07:30:00) or, as a courtesy, text like "07:30".
std::optional<Seconds> Reader::time_of_day(const toml::node& n, const std::string& key) {
    const std::string how = "write it like 09:00:00";
    if (auto t = n.as_time()) {
        const toml::time& v = t->get();
        return hours(v.hour) + minutes(v.minute) + seconds(v.second);
    }
    if (auto s = n.as_string()) {
        static const std::regex re(R"(^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$)");
        std::smatch m;
        const std::string& str = s->get();
        if (std::regex_match(str, m, re)) {
            int h = std::stoi(m[1]), mi = std::stoi(m[2]), se = m[3].matched ? std::stoi(m[3]) : 0;
            if (h <= 23 && mi <= 59 && se <= 59) return hours(h) + minutes(mi) + seconds(se);
        }
        error(n, key, in_quotes(str) + " is not a time; " + how);
        return std::nullopt;
    }
    error(n, key, shown(n) + " is not a time; " + how);
    return std::nullopt;
}

std::optional<Date> Reader::date(const toml::node& n, const std::string& key) {
    const std::string how = "write it like 2026-11-30";
    if (auto d = n.as_date()) {
        const toml::date& v = d->get();
        return Date{year(v.year), month(v.month), day(v.day)};
    }
    if (auto s = n.as_string()) {
        static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})$)");
        std::smatch m;
        if (std::regex_match(s->get(), m, re)) {
            Date d{year(std::stoi(m[1])), month(unsigned(std::stoi(m[2]))),
                   day(unsigned(std::stoi(m[3])))};
            if (d.ok()) return d;
        }
        error(n, key, in_quotes(s->get()) + " is not a date; " + how);
        return std::nullopt;
    }
    error(n, key, shown(n) + " is not a date; " + how);
    return std::nullopt;
}

std::optional<When> Reader::when(const toml::node& n, const std::string& key, bool recurring) {
    if (recurring) {
        if (n.is_date_time() || n.is_date()) {
            error(n, key,
                  shown(n) + " has a date, but the activity repeats; write only the time, like "
                             "09:00:00 (use from/until to bound the repeat)");
            return std::nullopt;
        }
        auto t = time_of_day(n, key);
        if (!t) return std::nullopt;
        return When{std::nullopt, *t, pos_of(n)};
    }
    const std::string how = "write it like 2026-11-30T09:00:00";
    if (auto dt = n.as_date_time()) {
        const toml::date_time& v = dt->get();
        Date d{year(v.date.year), month(v.date.month), day(v.date.day)};
        Seconds tod = hours(v.time.hour) + minutes(v.time.minute) + seconds(v.time.second);
        if (v.offset) {
            error(n, key,
                  shown(n) + " has a UTC offset; times are local to office.timezone: " + how);
            return std::nullopt;
        }
        return When{d, tod, pos_of(n)};
    }
    if (n.is_time()) {
        error(n, key,
              shown(n) + " has no date; " + how +
                  ", or add repeat = \"daily\" (or weekly, weekdays, monthly)");
        return std::nullopt;
    }
    if (n.is_date()) {
        error(n, key, shown(n) + " has no time of day; " + how);
        return std::nullopt;
    }
    if (auto s = n.as_string()) {
        static const std::regex re(
            R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$)");
        std::smatch m;
        if (std::regex_match(s->get(), m, re)) {
            Date d{year(std::stoi(m[1])), month(unsigned(std::stoi(m[2]))),
                   day(unsigned(std::stoi(m[3])))};
            int h = std::stoi(m[4]), mi = std::stoi(m[5]), se = m[6].matched ? std::stoi(m[6]) : 0;
            if (d.ok() && h <= 23 && mi <= 59 && se <= 59)
                return When{d, hours(h) + minutes(mi) + seconds(se), pos_of(n)};
        }
        static const std::regex time_only(R"(^\d{1,2}[:.]\d{2}(:\d{2})?$)");
        if (std::regex_match(s->get(), time_only)) {
            auto t = time_of_day(n, key); // reports a bad time as a time
            if (t)
                error(n, key,
                      in_quotes(s->get()) + " has no date; " + how +
                          ", or add repeat = \"daily\" (or weekly, weekdays, monthly)");
            return std::nullopt;
        }
        error(n, key, in_quotes(s->get()) + " is not a date-time; " + how);
        return std::nullopt;
    }
    error(n, key, shown(n) + " is not a date-time; " + how);
    return std::nullopt;
}

std::optional<WeekdaySet> Reader::weekdays(const toml::node& n, const std::string& key) {
    static const std::vector<std::string> names = {
        "senin",  "selasa",  "rabu",      "kamis",    "jumat",  "sabtu",    "minggu",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    auto arr = n.as_array();
    if (!arr) {
        error(n, key, shown(n) + " is not a list of days; write it like [\"senin\", \"kamis\"]");
        return std::nullopt;
    }
    WeekdaySet set{};
    bool ok = true;
    for (const toml::node& d : *arr) {
        auto s = d.as_string();
        std::optional<unsigned> idx = s ? parse_weekday(s->get()) : std::nullopt;
        if (!idx) {
            std::string msg = shown(d) + " is not a day";
            if (s)
                if (auto near = nearest(s->get(), names)) msg += "; did you mean " + *near + "?";
            msg += " Write senin, selasa, rabu, kamis, jumat, sabtu or minggu (or monday..sunday)";
            error(d, key, msg);
            ok = false;
            continue;
        }
        set[*idx] = true;
    }
    if (ok && arr->empty()) {
        error(n, key, "the list is empty; name at least one day, like [\"senin\"]");
        return std::nullopt;
    }
    return ok ? std::optional(set) : std::nullopt;
}

std::optional<fs::path> Reader::file(const toml::node& n, const std::string& key) {
    auto s = text(n, key);
    if (!s) return std::nullopt;
    if (s->empty()) {
        error(n, key, "is empty; write the path of a file in the playlist folder");
        return std::nullopt;
    }
    fs::path p = folder_ / *s;
    std::error_code ec;
    if (options_.check_files && !fs::is_regular_file(p, ec)) {
        error(n, key,
              in_quotes(*s) + (fs::exists(p, ec) ? " is not a file" : " does not exist") +
                  "; write a path relative to the playlist folder (" + folder_.string() + ")");
        return std::nullopt;
    }
    return p;
}

std::optional<fs::path> Reader::audio_file(const toml::node& n, const std::string& key,
                                           Micros* length) {
    auto p = file(n, key);
    if (!p || !options_.check_files) return p;
    AudioProbe probe = probe_mpeg4_audio(*p);
    if (!probe.ok) {
        error(
            n, key,
            in_quotes(n.as_string()->get()) + " " + probe.problem +
                "; use an .m4a file with AAC sound (tools/make-demo-audio shows how to make one)");
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
        diag_.error(shown_svg, {tp.line, 0}, "", tp.message);
    error(n, "template",
          in_quotes(written) + " cannot be used (" + std::to_string(problems.size()) +
              (problems.size() == 1 ? " problem" : " problems") +
              " in the SVG); fix it, or open and save it again in Inkscape");
    return false;
}

bool Reader::svg_parses(const toml::node& n, const std::string& key, const fs::path& p) {
    if (!options_.check_files) return true;
    std::error_code ec;
    constexpr std::uintmax_t kMaxSvg = 2u * 1024 * 1024;
    if (fs::file_size(p, ec) > kMaxSvg) {
        error(n, key, in_quotes(n.as_string()->get()) + " is over 2 MiB; slides must be small SVG");
        return false;
    }
    GError* err = nullptr;
    GFile* gfile = g_file_new_for_path(p.c_str());
    RsvgHandle* h = rsvg_handle_new_from_gfile_sync(gfile, RSVG_HANDLE_FLAGS_NONE, nullptr, &err);
    g_object_unref(gfile);
    if (!h) {
        std::string why = err ? err->message : "unknown error";
        if (err) g_error_free(err);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        error(n, key,
              in_quotes(n.as_string()->get()) + " is not a valid SVG (" + why +
                  "); open and save it again in Inkscape");
        return false;
    }
    g_object_unref(h);
    return true;
}

void Reader::read_office(const toml::table* t, SourcePos where, Playlist& p) {
    if (!t) {
        missing(where, "the playlist", "office",
                "add an [office] table with name = \"...\" (the office's name)");
        return;
    }
    check_keys(*t, "[office]", {"name", "timezone", "language", "logo"});
    if (auto n = t->get("name")) {
        if (auto s = text(*n, "name")) {
            if (s->empty()) error(*n, "name", "is empty; write the office's name");
            p.office.name = *s;
        }
    } else {
        missing({int(t->source().begin.line), 1}, "[office]", "name",
                "add name = \"Dinas Sosial Kota Tanjungbalai\"");
    }
    if (auto n = t->get("timezone")) {
        if (auto s = text(*n, "timezone")) {
            if (auto z = TimeZone::named(*s)) {
                p.office.timezone = *s;
                p.zone = *z;
            } else {
                error(*n, "timezone",
                      in_quotes(*s) +
                          " is not a timezone; write an IANA name like \"Asia/Jakarta\" "
                          "(WIB), \"Asia/Makassar\" (WITA) or \"Asia/Jayapura\" (WIT)");
            }
        }
    } else if (auto z = TimeZone::named("")) {
        p.zone = *z;
    }
    if (auto n = t->get("language")) {
        if (auto s = text(*n, "language")) {
            if (*s == "id" || *s == "en")
                p.office.language = *s;
            else
                error(*n, "language",
                      in_quotes(*s) + " is not a language TSR speaks; write \"id\" or \"en\"");
        }
    }
    if (auto n = t->get("logo"))
        if (auto f = file(*n, "logo")) {
            if (f->extension() != ".svg" || svg_parses(*n, "logo", *f)) p.office.logo = *f;
        }
}

void Reader::read_display(const toml::table& t, Playlist& p) {
    check_keys(t, "[display]", {"width", "height", "framerate"});
    if (auto n = t.get("width"))
        if (auto v = integer(*n, "width", 160, 7680)) p.display.width = int(*v);
    if (auto n = t.get("height"))
        if (auto v = integer(*n, "height", 90, 4320)) p.display.height = int(*v);
    if (auto n = t.get("framerate"))
        if (auto v = integer(*n, "framerate", 1, 120)) p.display.framerate = int(*v);
    // Video formats want even sizes.
    if (p.display.width % 2 || p.display.height % 2)
        error_at({int(t.source().begin.line), 1}, "display",
                 "width and height must be even numbers, like 1920 x 1080");
}

void Reader::read_ticker(const toml::table& t, Playlist& p) {
    check_keys(t, "[ticker]", {"speed", "messages", "file", "agenda"});
    if (auto n = t.get("speed"))
        if (auto v = number(*n, "speed", 10, 2000)) p.ticker.speed = *v;
    if (auto n = t.get("messages")) {
        if (auto arr = n->as_array()) {
            for (const toml::node& m : *arr)
                if (auto s = text(m, "messages")) p.ticker.messages.push_back(*s);
        } else {
            error(*n, "messages",
                  shown(*n) + " is not a list; write it like [\"first message\", \"second\"]");
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
                            text.problem);
            else if (options_.check_files || fs::exists(*f, ec))
                error(*n, "file", in_quotes(n->as_string()->get()) + " " + text.problem);
            p.ticker.file = *f;
        }
    if (auto n = t.get("agenda"))
        if (auto b = boolean(*n, "agenda")) p.ticker.agenda = *b;
}

void Reader::read_audio(const toml::table& t, Playlist& p) {
    check_keys(t, "[audio]", {"chime", "background", "duck", "volume"});
    if (auto n = t.get("chime"))
        if (auto f = audio_file(*n, "chime", &p.audio.chime_length)) p.audio.chime = *f;
    if (auto n = t.get("background")) {
        if (auto arr = n->as_array()) {
            for (const toml::node& m : *arr)
                if (auto f = audio_file(m, "background", nullptr)) p.audio.background.push_back(*f);
        } else if (n->is_string()) {
            if (auto f = audio_file(*n, "background", nullptr)) p.audio.background.push_back(*f);
        } else {
            error(*n, "background", shown(*n) + " is not a list; write [\"audio/musik.m4a\"]");
        }
    }
    if (auto n = t.get("duck"))
        if (auto v = number(*n, "duck", 0, 1)) p.audio.duck = *v;
    if (auto n = t.get("volume"))
        if (auto v = number(*n, "volume", 0, 2)) p.audio.volume = *v;
}

std::optional<Reminder> Reader::read_reminder(const toml::node& n) {
    auto t = n.as_table();
    if (!t) {
        error(n, "reminders",
              shown(n) + " is not a reminder; write it like { before = \"15m\", audio = "
                         "\"audio/rapat.m4a\" }");
        return std::nullopt;
    }
    check_keys(*t, "a reminder", {"before", "at", "audio", "chime"});
    Reminder r;
    r.pos = pos_of(n);
    bool ok = true;
    if (auto b = t->get("before")) {
        if (auto d = duration(*b, "before"))
            r.before = *d;
        else
            ok = false;
    } else {
        missing(r.pos, "a reminder", "before", "add before = \"15m\" (how long before the start)");
        ok = false;
    }
    if (auto a = t->get("at")) {
        if (auto v = time_of_day(*a, "at"))
            r.at = *v;
        else
            ok = false;
    }
    if (auto a = t->get("audio")) {
        if (auto f = audio_file(*a, "audio", &r.audio_length))
            r.audio = *f;
        else
            ok = false;
    } else {
        missing(r.pos, "a reminder", "audio", "add audio = \"audio/....m4a\" (what is spoken)");
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
            if (auto s = text(*n, key))
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
        missing(a.pos, "[[activity]]", "title", "add title = \"...\" (what happens)");
        ok = false;
    } else if (a.title.empty() && t.get("title")->is_string()) {
        error(*t.get("title"), "title", "is empty; write what happens");
        ok = false;
    }
    if (auto n = t.get("id"); n && n->is_string()) {
        static const std::regex id_re(R"(^[A-Za-z0-9][A-Za-z0-9_.-]*$)");
        if (!std::regex_match(a.id, id_re)) {
            error(*n, "id",
                  in_quotes(a.id) +
                      " is not an id; use letters, digits and dashes, like \"rapat-tim\"");
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
                std::string msg = in_quotes(*s) + " is not a repeat rule";
                if (auto near = nearest(*s, {"daily", "weekdays", "weekly", "monthly"}))
                    msg += "; did you mean \"" + *near + "\"?";
                error(*n, "repeat",
                      msg + " Write \"daily\", \"weekdays\", \"weekly\" or \"monthly\"");
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
                recurring ? "add start = 09:00:00 (or deadline = 16:00:00)"
                          : "add start = 2026-11-30T09:00:00 (or a deadline)");
        ok = false;
    }
    if (a.end && !a.start && t.get("end")) {
        error(*t.get("end"), "end", "there is no start; add start = ... before the end");
        ok = false;
    }
    if (a.start && a.end) {
        auto key_of = [](const When& w) {
            return w.date ? (local_days(*w.date).time_since_epoch() + w.time_of_day)
                          : duration_cast<Seconds>(w.time_of_day);
        };
        if (key_of(*a.end) <= key_of(*a.start)) {
            error(*t.get("end"), "end",
                  shown(*t.get("end")) + " is not after the start (" + shown(*t.get("start")) +
                      "); write an end later than the start");
            ok = false;
        }
    }

    if (auto n = t.get("days")) {
        if (auto set = weekdays(*n, "days"))
            a.days = *set;
        else
            ok = false;
        if (recurring && a.repeat != Repeat::weekly && !repeat_bad) {
            error(*n, "days", "days is only used with repeat = \"weekly\"");
            ok = false;
        }
    } else if (a.repeat == Repeat::weekly) {
        missing(pos_of(*t.get("repeat")), "[[activity]]", "days",
                "add days = [\"senin\", \"kamis\"] (which days of the week)");
        ok = false;
    }
    if (auto n = t.get("day")) {
        if (auto v = integer(*n, "day", 1, 31))
            a.day_of_month = unsigned(*v);
        else
            ok = false;
        if (a.repeat != Repeat::monthly && !repeat_bad) {
            error(*n, "day", "day is only used with repeat = \"monthly\"");
            ok = false;
        }
    } else if (a.repeat == Repeat::monthly) {
        missing(pos_of(*t.get("repeat")), "[[activity]]", "day",
                "add day = 5 (which day of the month; short months use their last day)");
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
        error(*t.get("until"), "until", shown(*t.get("until")) + " is before from; swap them");
        ok = false;
    }
    if (!recurring && (t.get("from") || t.get("until"))) {
        error(t.get("from") ? *t.get("from") : *t.get("until"), t.get("from") ? "from" : "until",
              "from and until bound a repeat; this activity has no repeat");
        ok = false;
    }
    if (auto n = t.get("progress")) {
        if (auto v = integer(*n, "progress", 0, 100))
            a.progress = int(*v);
        else
            ok = false;
    }
    if (auto n = t.get("reminders")) {
        if (auto arr = n->as_array()) {
            for (const toml::node& r : *arr) {
                if (auto rem = read_reminder(r))
                    a.reminders.push_back(*rem);
                else
                    ok = false;
            }
        } else {
            error(*n, "reminders",
                  shown(*n) + " is not a list; write reminders = [ { before = \"15m\", audio = "
                              "\"audio/rapat.m4a\" } ]");
            ok = false;
        }
    }
    return ok ? std::optional(a) : std::nullopt;
}

std::optional<Slide> Reader::read_slide(const toml::table& t) {
    check_keys(t, "[[slide]]",
               {"template", "duration", "title", "text", "image", "video", "from", "until", "days",
                "hours"});
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
                std::string msg = in_quotes(*name) + " is not a template";
                if (auto near = nearest(*name, builtins))
                    msg += "; did you mean \"" + *near + "\"?";
                error(*n, "template",
                      msg + " Write agenda, deadlines, timeline, info, image, or the path of an "
                            ".svg file in the playlist folder");
                ok = false;
            }
        } else {
            ok = false;
        }
    } else {
        missing(s.pos, "[[slide]]", "template", "add template = \"agenda\" (or info, image, ...)");
        ok = false;
    }
    if (auto n = t.get("duration")) {
        if (auto d = duration(*n, "duration")) {
            if (d->count() == 0) {
                error(*n, "duration", "is zero; a slide must show for at least \"1s\"");
                ok = false;
            }
            s.duration = *d;
        } else {
            ok = false;
        }
    } else {
        missing(s.pos, "[[slide]]", "duration", "add duration = \"15s\" (how long it shows)");
        ok = false;
    }
    auto str = [&](const char* key, std::string& out) {
        if (auto n = t.get(key)) {
            if (auto v = text(*n, key))
                out = *v;
            else
                ok = false;
        }
    };
    str("title", s.title);
    str("text", s.text);
    if (auto n = t.get("image")) {
        if (auto f = file(*n, "image")) {
            std::string ext = f->extension().string();
            for (char& c : ext)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            if (ext == ".svg" ? !svg_parses(*n, "image", *f)
                              : (ext != ".png" && ext != ".jpg" && ext != ".jpeg")) {
                if (ext != ".svg")
                    error(*n, "image", shown(*n) + " is not a PNG, JPEG or SVG picture");
                ok = false;
            }
            s.image = *f;
        } else {
            ok = false;
        }
    }
    if (auto n = t.get("video")) {
        if (auto f = file(*n, "video"))
            s.video = *f;
        else
            ok = false;
    }
    if (s.template_name == "image" && s.image.empty() && s.video.empty() && !t.get("image") &&
        !t.get("video")) {
        missing(s.pos, "[[slide]]", "image",
                "add image = \"images/poster.png\" for an image slide");
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
        error(*t.get("until"), "until", shown(*t.get("until")) + " is before from; swap them");
        ok = false;
    }
    if (auto n = t.get("days")) {
        if (auto set = weekdays(*n, "days"))
            s.days = *set;
        else
            ok = false;
    }
    if (auto n = t.get("hours")) {
        static const std::regex re(R"(^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$)");
        std::smatch m;
        auto v = n->as_string();
        std::string str_v = v ? v->get() : "";
        bool good = v && std::regex_match(str_v, m, re);
        if (good) {
            int h1 = std::stoi(m[1]), m1 = std::stoi(m[2]), h2 = std::stoi(m[3]),
                m2 = std::stoi(m[4]);
            good = h1 <= 24 && h2 <= 24 && m1 < 60 && m2 < 60 && h1 * 60 + m1 <= 1440 &&
                   h2 * 60 + m2 <= 1440;
            if (good && h1 * 60 + m1 >= h2 * 60 + m2) {
                error(*n, "hours",
                      in_quotes(str_v) + " ends before it begins; write it like \"07:30-16:00\"");
                ok = false;
            } else if (good) {
                s.hours = std::pair{Seconds((h1 * 60 + m1) * 60), Seconds((h2 * 60 + m2) * 60)};
            }
        }
        if (!good) {
            error(*n, "hours", shown(*n) + " is not a time range; write it like \"07:30-16:00\"");
            ok = false;
        }
    }
    return ok ? std::optional(s) : std::nullopt;
}

const toml::array* Reader::table_array(const toml::table& root, const char* name) {
    const toml::node* n = root.get(name);
    if (!n) return nullptr;
    auto arr = n->as_array();
    if (!arr || !arr->is_array_of_tables()) {
        error(*n, name,
              std::string("is not a list of tables; write each one under its own [[") + name +
                  "]] line");
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
                              in_quotes(a.id) + " is in the past (" + format_iso(p.zone, last) +
                                  "), so it will never show");
        } else if (a.until && *a.until < today) {
            diag_.warning(
                file_, a.pos, "until",
                in_quotes(a.id) + " stopped repeating on " +
                    format_iso(p.zone, at_local(p.zone, *a.until, Seconds(0))).substr(0, 10) +
                    ", so it will never show");
        }
    }
    for (const Slide& s : p.slides)
        if (s.until && *s.until < today)
            diag_.warning(file_, s.pos, "until",
                          "this " + s.template_name +
                              " slide's window has ended, so it will never show");
}

Playlist Reader::read(const toml::table& root) {
    Playlist p;
    check_keys(root, "the playlist", {"office", "display", "ticker", "audio", "activity", "slide"});
    const toml::node* office = root.get("office");
    if (office && !office->is_table()) error(*office, "office", "must be a table: write [office]");
    read_office(office ? office->as_table() : nullptr, {1, 1}, p);
    for (const char* name : {"display", "ticker", "audio"}) {
        const toml::node* n = root.get(name);
        if (!n) continue;
        auto t = n->as_table();
        if (!t) {
            error(*n, name, std::string("must be a table: write [") + name + "]");
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
    if (auto arr = table_array(root, "activity")) {
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
                      in_quotes(a->id) + " is already used by the activity on line " +
                          std::to_string(it->second.line) + "; give each activity its own id");
                continue;
            }
            ids[a->id] = n.as_table()->get("id") ? pos_of(*n.as_table()->get("id")) : a->pos;
            p.activities.push_back(std::move(*a));
        }
    }
    if (auto arr = table_array(root, "slide")) {
        for (const toml::node& n : *arr)
            if (auto s = read_slide(*n.as_table())) p.slides.push_back(std::move(*s));
    }
    if (!root.get("slide"))
        missing({1, 1}, "the playlist", "slide",
                "add at least one [[slide]] with template = \"agenda\" and duration = \"15s\"");
    warn_never_shows(p);
    return p;
}

/// A friendlier message for a TOML syntax error, from the text of the line at fault.
Diagnostic syntax_problem(const fs::path& file, const std::string& line_text, SourcePos pos,
                          const std::string& description) {
    static const std::regex kv(R"(^(\s*)([A-Za-z0-9_.-]+)(\s*=\s*)(.*?)\s*(#.*)?$)");
    std::smatch m;
    Diagnostic d{file, pos, Severity::error, "", ""};
    if (std::regex_match(line_text, m, kv) && !m[4].str().empty()) {
        std::string key = m[2], raw = m[4];
        int value_col = int(m[1].length() + m[2].length() + m[3].length()) + 1;
        d.key = key;
        d.pos.column = value_col;
        static const std::regex looks_time(R"(^\d{1,2}[:.]\d{1,2}([:.]\d{1,2})?$)");
        static const std::regex looks_datetime(R"(^\d{4}-\d{1,2}-\d{1,2}[T ]\S+$)");
        static const std::regex looks_date(R"(^\d{4}-\d{1,2}-\d{1,2}$)");
        static const std::regex looks_word(R"(^[^"'\[{0-9+-].*$|^\d+\s*[A-Za-z].*$)");
        if (std::regex_match(raw, looks_time))
            d.message = raw + " is not a time; write it like 09:00:00";
        else if (std::regex_match(raw, looks_datetime))
            d.message = raw + " is not a date-time; write it like 2026-11-30T09:00:00";
        else if (std::regex_match(raw, looks_date))
            d.message = raw + " is not a date; write it like 2026-11-30";
        else if (std::regex_match(raw, looks_word) && raw != "true" && raw != "false")
            d.message =
                raw + " is not a value TOML understands; put text in quotes, like \"" + raw + "\"";
        else
            d.message = "this line is not valid TOML (" + description + ")";
        return d;
    }
    d.message = "this line is not valid TOML (" + description + ")";
    return d;
}

} // namespace

LoadResult load_playlist(const fs::path& where, const LoadOptions& options) {
    LoadResult result;
    fs::path shown_file = playlist_file_of(where);
    std::error_code ec;
    fs::path absolute_file = fs::absolute(shown_file, ec).lexically_normal();
    fs::path folder = absolute_file.parent_path();

    std::ifstream in(shown_file, std::ios::binary);
    if (!in) {
        result.diagnostics.error(
            shown_file, {}, "",
            fs::exists(shown_file, ec)
                ? "cannot be read; check its permissions"
                : "does not exist; give a playlist folder or its playlist.toml");
        return result;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();

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
    toml::table root;
    for (int attempt = 0; attempt < 50; ++attempt) {
        try {
            root = toml::parse(text, shown_file.string());
            break;
        } catch (const toml::parse_error& e) {
            had_syntax_error = true;
            SourcePos pos{int(e.source().begin.line), int(e.source().begin.column)};
            std::string line_text =
                pos.line >= 1 && std::size_t(pos.line) <= lines.size() ? lines[pos.line - 1] : "";
            Diagnostic d = syntax_problem(shown_file, line_text, pos, std::string(e.description()));
            result.diagnostics.error(d.file, d.pos, d.key, d.message);
            if (pos.line < 1 || std::size_t(pos.line) > lines.size() ||
                lines[pos.line - 1].rfind("#tsr#", 0) == 0)
                break;
            lines[pos.line - 1] = "#tsr#" + lines[pos.line - 1];
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
