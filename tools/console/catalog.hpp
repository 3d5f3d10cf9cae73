// The console's words in the reader's language, chosen per request: Indonesian when the
// playlist says language = "id" or the browser prefers it (Accept-Language), else English.
// The process's gettext language (engine/i18n.hpp) is one for all threads and fixed at start,
// so the console reads the same compiled catalog (po/id.po built into tsr.mo, found by
// i18n::locale_dir()) itself, once, into a table. Strings are marked with N_() for xgettext.
#pragma once

#include <string>
#include <string_view>

namespace tsr::console {

/// "id" when `playlist_language` is "id" or `accept_language` (an Accept-Language header,
/// may be null; at most its first 1024 bytes and 32 entries are read) ranks Indonesian
/// ("id", "id-ID", "in") above every other language; else "en".
std::string console_language(const std::string& playlist_language, const char* accept_language);

/// `msgid` in `language` ("id": the catalog's translation; otherwise, or untranslated, msgid
/// itself). Thread-safe; the catalog is read on first use (a missing or damaged one: English).
const char* tr(const std::string& language, const char* msgid) __attribute__((format_arg(2)));

/// The form of `one`/`many` for the count `n` in `language` (mark them with tr_n's
/// i18n::tr_n or a plural entry in po/id.po: the catalog keeps the first form).
const char* tr_n(const std::string& language, const char* one, const char* many, unsigned long n)
    __attribute__((format_arg(2))) __attribute__((format_arg(3)));

/// The messages of a compiled gettext catalog (.mo): msgid -> msgstr, singular forms only.
/// Empty when `bytes` is not one (bad magic, offsets outside it). At most 20000 messages.
std::size_t parse_mo(std::string_view bytes,
                     void (*add)(void* to, std::string_view id, std::string_view str), void* to);

} // namespace tsr::console
