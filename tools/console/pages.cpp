#include "pages.hpp"

#include "catalog.hpp"
#include "i18n.hpp"

#include <cstdio>

namespace tsr::console {

std::string html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string json(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c == '<') {
            out += "\\u003c"; // never "</script>" in a page
        } else {
            out += char(c);
        }
    }
    return out + "\"";
}

namespace {

std::string head(const std::string& title, const std::string& lang) {
    return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "id" ? "id" : "en") +
           "\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" +
           html(title) +
           "</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
           "<script src=\"/static/console.js\" defer></script>";
}

} // namespace

std::string page(const Viewer& v, Tab tab, const std::string& office, const std::string& body) {
    auto link = [&](Tab t, const char* href, const char* label) {
        return std::string("<a href=\"") + href + "\"" + (t == tab ? " class=\"here\"" : "") + ">" +
               tr(v.lang, label) + "</a>";
    };
    std::string out = head(tr(v.lang, N_("TSR console")) + std::string(": ") + office, v.lang);
    out += "<meta name=\"csrf\" content=\"" + html(v.csrf) + "\"></head><body><header><nav>";
    out += "<strong>" + html(office) + "</strong> ";
    out += link(Tab::now, "/", N_("Now"));
    out += link(Tab::schedule, "/schedule", N_("Schedule"));
    out += link(Tab::edit, "/edit", may_change(v.role) ? N_("Edit") : N_("Playlist"));
    out += link(Tab::files, "/files", N_("Files"));
    out += link(Tab::announce, "/announce", N_("Announce"));
    out += link(Tab::proof, "/proof", N_("Proof"));
    // Role names as the users file and `tsr user` write them; translated for reading.
    const char* role = v.role == Role::admin    ? N_("admin")
                       : v.role == Role::editor ? N_("editor")
                                                : N_("viewer");
    out += "</nav><form method=\"post\" action=\"/logout\" class=\"who\"><span id=\"who\">" +
           html(v.user) + " (" + tr(v.lang, role) +
           ")</span> <input type=\"hidden\" name=\"csrf\" value=\"" + html(v.csrf) + "\"><button>" +
           tr(v.lang, N_("Log out")) + "</button></form></header><main>";
    out += body;
    out += "</main></body></html>\n";
    return out;
}

std::string login_page(const std::string& message, const std::string& lang) {
    std::string out = head(tr(lang, N_("TSR console: log in")), lang);
    out += "</head><body class=\"login\"><main><h1>" + std::string(tr(lang, N_("TSR console"))) +
           "</h1>";
    if (!message.empty()) out += "<p class=\"bad\" id=\"message\">" + html(message) + "</p>";
    out += "<form method=\"post\" action=\"/login\"><label>" + std::string(tr(lang, N_("Name"))) +
           " <input name=\"name\" id=\"name\" autocomplete=\"username\" required "
           "maxlength=\"32\"></label><label>" +
           tr(lang, N_("Password")) +
           " <input name=\"password\" id=\"password\" type=\"password\" "
           "autocomplete=\"current-password\" required maxlength=\"256\"></label>"
           "<button id=\"login\">" +
           tr(lang, N_("Log in")) + "</button></form></main></body></html>\n";
    return out;
}

std::string error_page(const std::string& title, const std::string& message,
                       const std::string& lang) {
    return head(title, lang) + "</head><body><main><h1>" + html(title) + "</h1><p id=\"message\">" +
           html(message) + "</p><p><a href=\"/\">" + tr(lang, N_("Back")) +
           "</a></p></main></body></html>\n";
}

std::string clock_sync_html(ClockSync s, const std::string& lang) {
    if (s == ClockSync::synchronised)
        return std::string("<p id=\"clock-sync\">") +
               tr(lang, N_("System clock: synchronised (NTP)")) + "</p>";
    return std::string("<p id=\"clock-sync\" class=\"bad\">") +
           tr(lang, s == ClockSync::unsynchronised
                        ? N_("System clock: NOT synchronised (NTP). Reminders and the proof log "
                             "follow this clock; have the PC reach a time server (timedatectl "
                             "status).")
                        : N_("System clock: state unknown. Reminders and the proof log follow "
                             "this clock; have the PC reach a time server (timedatectl "
                             "status).")) +
           "</p>";
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text, std::size_t max_rows) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size() && rows.size() < max_rows; ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            field.clear();
            row.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if ((any || !field.empty()) && rows.size() < max_rows) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

const char* const console_css = R"CSS(
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; background: #f4f6f9; color: #14213d; }
header { display: flex; justify-content: space-between; align-items: center; padding: .5em 1em;
  background: #12305a; color: #fff; flex-wrap: wrap; }
header a { color: #c8d3e6; margin: 0 .6em; text-decoration: none; }
header a.here { color: #fff; border-bottom: 3px solid #f5b301; }
header form { margin: 0; }
main { padding: 1em; max-width: 1200px; margin: 0 auto; }
body.login main { max-width: 24em; margin-top: 4em; }
label { display: block; margin: .6em 0; }
input, button { font: inherit; padding: .3em .5em; }
input[name=name], input[type=password] { width: 100%; }
button { background: #12305a; color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
.bad { color: #b00020; }
.good { color: #116b2e; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .9em; }
th, td { border-bottom: 1px solid #dde3ec; padding: .25em .5em; text-align: left; vertical-align: top; }
#screen { width: 480px; max-width: 100%; border: 1px solid #444; background: #000; display: block; }
.now { display: flex; gap: 1.5em; flex-wrap: wrap; }
.editor { display: flex; border: 1px solid #99a; background: #fff; height: 60vh; }
#gutter { margin: 0; padding: .3em .4em; text-align: right; color: #889; background: #eef1f6;
  overflow: hidden; font: 14px/1.4 "DejaVu Sans Mono", monospace; user-select: none; min-width: 3.5em; }
#gutter .err { background: #f7c5cc; color: #b00020; display: block; }
#text { flex: 1; border: 0; padding: .3em .5em; resize: none; white-space: pre; overflow: auto;
  font: 14px/1.4 "DejaVu Sans Mono", monospace; }
#problems li { cursor: pointer; font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
#status { margin: .5em 0; }
)CSS";

// Plain JavaScript, no library. The CSRF token is in <meta name="csrf">: every change sends
// it (header X-CSRF-Token, or the form field csrf).
const char* const console_js = R"JS(
"use strict";
const csrf = () => (document.querySelector('meta[name=csrf]') || {}).content || '';

function refreshNow() {
  const img = document.getElementById('screen');
  if (!img) return;
  setInterval(() => {
    const next = new Image();
    next.onload = () => { img.src = next.src; };
    next.src = '/screen.png?t=' + Date.now();
    fetch('/now/status', {credentials: 'same-origin'}).then(r => r.ok ? r.text() : null)
      .then(t => { if (t !== null) document.getElementById('status-now').innerHTML = t; })
      .catch(() => {});
  }, 3000);
}

function editor() {
  const text = document.getElementById('text');
  if (!text) return;
  const gutter = document.getElementById('gutter');
  const problems = document.getElementById('problems');
  const status = document.getElementById('status');
  const save = document.getElementById('save');
  let bad = new Set();
  let timer = null;
  let base = text.dataset.base;

  function numbers() {
    const n = text.value.split('\n').length;
    let out = '';
    for (let i = 1; i <= n; i++) out += bad.has(i) ? '<span class="err">' + i + '</span>' : i + '\n';
    gutter.innerHTML = out;
    gutter.scrollTop = text.scrollTop;
  }
  function goTo(line, col) {
    const lines = text.value.split('\n');
    let at = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    at += Math.max(0, col - 1);
    text.focus();
    text.setSelectionRange(at, at);
  }
  function show(result) {
    bad = new Set();
    problems.textContent = '';
    for (const p of result.problems || []) {
      if (p.severity === 'error' && p.line > 0) bad.add(p.line);
      const li = document.createElement('li');
      li.textContent = p.text;
      li.className = p.severity === 'error' ? 'bad' : '';
      li.dataset.line = p.line;
      li.dataset.column = p.column;
      li.addEventListener('click', () => goTo(p.line, p.column));
      problems.appendChild(li);
    }
    status.textContent = result.summary || '';
    status.className = result.ok ? 'good' : 'bad';
    numbers();
  }
  function post(url, extra) {
    const headers = {'Content-Type': 'text/plain; charset=utf-8', 'X-CSRF-Token': csrf()};
    Object.assign(headers, extra || {});
    return fetch(url, {method: 'POST', credentials: 'same-origin', headers, body: text.value})
      .then(r => {
        // The session ended (logout elsewhere, 12 hours, a new password): log in again.
        if (r.status === 401) { location.href = '/login'; throw new Error(status.dataset.loggedOut); }
        return r.json().then(j => { j.status = r.status; return j; });
      });
  }
  function check() {
    post('/check').then(show).catch(e => { status.textContent = status.dataset.notChecked + ' ' + e.message; });
  }
  text.addEventListener('input', () => { numbers(); clearTimeout(timer); timer = setTimeout(check, 600); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  if (save) save.addEventListener('click', () => {
    status.textContent = status.dataset.saving;
    post('/save', {'X-TSR-Base': base}).then(r => {
      show(r);
      if (r.base) base = r.base;
    }).catch(e => { status.textContent = status.dataset.notSaved + ' ' + e.message; status.className = 'bad'; });
  });
  numbers();
  if (!text.readOnly) check();
}

document.addEventListener('DOMContentLoaded', () => { refreshNow(); editor(); });
)JS";

} // namespace tsr::console
