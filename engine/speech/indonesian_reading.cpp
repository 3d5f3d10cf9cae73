#include "indonesian_reading.hpp"

#include <array>
#include <cctype>

namespace tsr {

namespace {

constexpr std::array<const char*, 10> kUnits = {"nol",  "satu", "dua",   "tiga",    "empat",
                                                "lima", "enam", "tujuh", "delapan", "sembilan"};

/// 1..999; empty for 0.
std::string below_thousand(unsigned n) {
    std::string out;
    auto add = [&](const std::string& w) {
        if (w.empty()) return;
        if (!out.empty()) out += ' ';
        out += w;
    };
    const unsigned h = n / 100, rest = n % 100;
    if (h == 1)
        add("seratus");
    else if (h > 1)
        add(std::string(kUnits[h]) + " ratus");
    if (rest == 0) return out;
    if (rest < 10)
        add(kUnits[rest]);
    else if (rest == 10)
        add("sepuluh");
    else if (rest == 11)
        add("sebelas");
    else if (rest < 20)
        add(std::string(kUnits[rest - 10]) + " belas");
    else {
        add(std::string(kUnits[rest / 10]) + " puluh");
        if (rest % 10) add(kUnits[rest % 10]);
    }
    return out;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// `out` ends with `word` and a space, the word's first letter in either case.
bool ends_with_word(const std::string& out, std::string_view word) {
    if (out.size() < word.size() + 1 || out.back() != ' ') return false;
    std::string_view tail(out.data() + out.size() - word.size() - 1, word.size());
    if (std::tolower(static_cast<unsigned char>(tail[0])) != word[0] ||
        tail.substr(1) != word.substr(1))
        return false;
    const std::size_t before = out.size() - word.size() - 1;
    return before == 0 || out[before - 1] == ' ';
}

std::string digits_one_by_one(std::string_view digits) {
    std::string out;
    for (char c : digits) {
        if (!out.empty()) out += ' ';
        out += kUnits[std::size_t(c - '0')];
    }
    return out;
}

/// A run of digits as a number, or digit by digit when it starts with 0 ("021") or is long.
std::string digit_run_words(std::string_view digits) {
    if (digits.size() > 1 && digits[0] == '0') return digits_one_by_one(digits);
    if (digits.size() > 12) return digits_one_by_one(digits);
    std::uint64_t v = 0;
    for (char c : digits)
        v = v * 10 + std::uint64_t(c - '0');
    return number_words_id(v);
}

} // namespace

std::string number_words_id(std::uint64_t n) {
    if (n == 0) return "nol";
    if (n > 999'999'999'999ULL) return digits_one_by_one(std::to_string(n));
    struct Scale {
        std::uint64_t size;
        const char* name;
    };
    constexpr std::array<Scale, 3> scales = {Scale{1'000'000'000ULL, "miliar"},
                                             Scale{1'000'000ULL, "juta"}, Scale{1'000ULL, "ribu"}};
    std::string out;
    auto add = [&](const std::string& w) {
        if (w.empty()) return;
        if (!out.empty()) out += ' ';
        out += w;
    };
    for (const Scale& s : scales) {
        const unsigned part = unsigned(n / s.size);
        n %= s.size;
        if (part == 0) continue;
        // "seribu", not "satu ribu"; but "satu juta", "satu miliar".
        if (part == 1 && s.size == 1000)
            add("seribu");
        else
            add(below_thousand(part) + " " + s.name);
    }
    add(below_thousand(unsigned(n)));
    return out;
}

std::string time_words_id(Seconds time_of_day) {
    const long long total = time_of_day.count() / 60;
    const long long h = (total / 60) % 24, m = total % 60;
    std::string out = "pukul " + number_words_id(std::uint64_t(h));
    if (m != 0) out += " lewat " + number_words_id(std::uint64_t(m)) + " menit";
    return out;
}

std::string duration_words_id(Seconds length) {
    long long s = length.count() < 0 ? 0 : length.count();
    const long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
    std::string out;
    auto add = [&](long long v, const char* unit) {
        if (v == 0) return;
        if (!out.empty()) out += ' ';
        out += number_words_id(std::uint64_t(v)) + " " + unit;
    };
    add(d, "hari");
    add(h, "jam");
    add(m, "menit");
    add(sec, "detik");
    return out.empty() ? "nol menit" : out;
}

namespace {

/// When `out` ends with the rupiah sign ("Rp", "Rp.", "Rp " after a non-letter), removes it
/// and says so: the amount that follows is read with "rupiah" after it.
bool take_rupiah_sign(std::string& out) {
    std::size_t end = out.size();
    while (end > 0 && out[end - 1] == ' ')
        --end;
    if (end > 0 && out[end - 1] == '.') --end;
    if (end < 2) return false;
    const char r = out[end - 2], p = out[end - 1];
    if ((r != 'R' && r != 'r') || (p != 'p' && p != 'P')) return false;
    if (end > 2 && std::isalpha(static_cast<unsigned char>(out[end - 3]))) return false;
    out.erase(end - 2);
    return true;
}

} // namespace

std::string read_aloud_id(std::string_view text) {
    if (text.size() > 4000) text = text.substr(0, 4000);
    std::string out;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (!is_digit(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < n && is_digit(text[j]))
            ++j;
        std::string_view run = text.substr(i, j - i);
        // An amount: "Rp1.500.000", "Rp 50.000", "Rp. 25.000" is read "... rupiah", as said.
        const bool rupiah = take_rupiah_sign(out);
        // Thousands written with dots: "1.500.000" (groups of exactly three digits).
        if (run.size() <= 3 && j < n && text[j] == '.') {
            std::string joined(run);
            std::size_t k = j;
            while (k + 3 < n && text[k] == '.' && is_digit(text[k + 1]) && is_digit(text[k + 2]) &&
                   is_digit(text[k + 3]) && (k + 4 >= n || !is_digit(text[k + 4]))) {
                joined.append(text.substr(k + 1, 3));
                k += 4;
            }
            if (k != j) {
                out += digit_run_words(joined);
                i = k;
                if (rupiah) out += " rupiah";
                continue;
            }
        }
        // A time: H.MM, HH.MM, H:MM or HH:MM, not followed by another digit.
        if (run.size() <= 2 && j + 2 < n && (text[j] == '.' || text[j] == ':') &&
            is_digit(text[j + 1]) && is_digit(text[j + 2]) &&
            (j + 3 >= n || !is_digit(text[j + 3]))) {
            const int h = std::stoi(std::string(run));
            const int m = (text[j + 1] - '0') * 10 + (text[j + 2] - '0');
            if (h <= 23 && m <= 59) {
                std::string words = time_words_id(Seconds(h * 3600 + m * 60));
                // "pukul 09.00" already says "pukul" (and "jam 09.00" its own word).
                if (ends_with_word(out, "pukul") || ends_with_word(out, "jam"))
                    words.erase(0, std::string_view("pukul ").size());
                out += words;
                i = j + 3;
                continue;
            }
        }
        out += digit_run_words(run);
        i = j;
        // A dot between digits that is neither a time nor thousands ("25.00"): "titik".
        if (i + 1 < n && text[i] == '.' && is_digit(text[i + 1])) {
            out += " titik ";
            ++i;
            continue;
        }
        // A decimal comma: "1,5" -> "satu koma lima" (digits after it one by one).
        if (i + 1 < n && text[i] == ',' && is_digit(text[i + 1])) {
            std::size_t k = i + 1;
            while (k < n && is_digit(text[k]))
                ++k;
            out += " koma " + digits_one_by_one(text.substr(i + 1, k - i - 1));
            i = k;
        }
        if (i < n && text[i] == '%') {
            out += " persen";
            ++i;
        }
        if (rupiah) out += " rupiah";
    }
    return out;
}

std::string reminder_sentence_id(const SpokenEvent& e) {
    const std::string where = e.place.empty() ? "" : ", di " + e.place;
    std::string when;
    const long long before = e.before.count();
    if (before == 0) {
        when = "sekarang";
    } else if (e.at || before % 86400 == 0) {
        // Counted in days: the day and the time say more than "1440 menit lagi".
        const long long days = (before + 86399) / 86400;
        when = days == 1   ? "besok"
               : days == 2 ? "lusa"
                           : number_words_id(std::uint64_t(days)) + " hari lagi";
        when += ", " + time_words_id(e.event_time_of_day);
    } else {
        when = duration_words_id(e.before) + " lagi";
    }
    std::string s;
    if (before != 0) s = "Perhatian. ";
    if (e.deadline)
        s += "Batas waktu " + e.title + (before == 0 ? " adalah " : " ") + when + where + ".";
    else
        s += e.title + (before == 0 ? " dimulai " : " akan dimulai ") + when + where + ".";
    return read_aloud_id(s);
}

} // namespace tsr
