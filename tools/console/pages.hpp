// The console's HTML, CSS and JavaScript: server-rendered pages, no build step, no asset
// from outside (the office network may have no internet). Pure text functions; the server
// (server.cpp) decides who sees what.
#pragma once

#include "asrun_proof.hpp"
#include "users.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tsr::console {

/// & < > " ' escaped for HTML text and attribute values.
std::string html(std::string_view text);
/// A JSON string literal (quotes included), control characters escaped.
std::string json(std::string_view text);

/// Who is looking at a page, for the header and the forms.
struct Viewer {
    std::string user;
    Role role = Role::viewer;
    std::string csrf;
    std::string lang = "en"; ///< "id" or "en" (catalog.hpp console_language)
};

enum class Tab { now, schedule, edit, files, announce, proof };

/// A whole page: header with the tabs, the user and a logout button, then `body` (HTML).
std::string page(const Viewer& v, Tab tab, const std::string& office, const std::string& body);
/// The login page; `message` (text) is said above the form when not empty.
std::string login_page(const std::string& message, const std::string& lang = "en");
/// A short page for errors (text).
std::string error_page(const std::string& title, const std::string& message,
                       const std::string& lang = "en");

/// The Now page's line on the system clock (id "clock-sync"): plain when synchronised, in
/// the `bad` style with what it means when not, or when its state cannot be read; in `lang`.
std::string clock_sync_html(ClockSync s, const std::string& lang);

/// Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF) into rows of fields, at
/// most `max_rows` rows; the header is a row like the others.
std::vector<std::vector<std::string>> parse_csv(std::string_view text, std::size_t max_rows);

extern const char* const console_css;
extern const char* const console_js;

} // namespace tsr::console
