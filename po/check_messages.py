#!/usr/bin/env python3
"""Fails when a message a person reads is not marked for translation or not translated.

Run by `meson test i18n-messages`. Three checks:
  1. Every C++ file of engine/, tools/ and plugins/ (not tools/console/, translated on its
     own) that holds text for people is listed in po/POTFILES, so xgettext sees it.
  2. In those files, every string literal that reads as words ("cannot be read", "is not a
     time") is marked: _(), N_() or tr_n() (found by xgettext with the keywords meson uses),
     or is listed in po/not-translated.txt with the reason it stays as it is (pipeline
     descriptions, CSV kinds, the words the TV itself writes in the playlist's language).
  3. Every msgid xgettext finds is in po/id.po with a translation, none fuzzy, and
     `msgfmt --check` accepts the catalog.
Usage: check_messages.py SOURCE_ROOT
       check_messages.py --self-test   (the check itself fails on each kind of mistake)
"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["--keyword=_", "--keyword=N_", "--keyword=tr_n:1,2"]

# Two words of letters with one space between: "cannot be", "is not". Identifiers, paths,
# pipeline fragments and single words do not match.
WORDS = re.compile(r"[A-Za-z]{2,} [a-z]{2,}")
PIPELINE = re.compile(r"\w+=\S| ! ")
# The command's name before a message ("tsr play: ") stays as it is, like the prefix of a
# check message: scripts and the journal's readers look for it.
PREFIX = re.compile(r"^(\\r|\n)?tsr( [a-z]+)?: $")


# Text for developers, not for the people who use TSR: GStreamer's debug log, the property
# and element descriptions gst-inspect shows, and the second ("debug") text of
# GST_ELEMENT_ERROR/WARNING (the first is the message people read, and is marked).
DEVELOPER_CALLS = re.compile(
    r"^(GST_(DEBUG|LOG|INFO|WARNING|ERROR|FIXME|TRACE)(_OBJECT)?|g_param_spec_\w+|"
    r"gst_element_class_set_static_metadata|gst_element_class_set_metadata|GST_PLUGIN_DEFINE|"
    r"GST_DEBUG_CATEGORY_INIT|GST_DEBUG_CATEGORY_STATIC|g_warning|g_debug|g_critical|g_error)$")
ELEMENT_MESSAGES = re.compile(r"^GST_ELEMENT_(ERROR|WARNING|INFO)$")


def enclosing_call(text, at):
    """The innermost '(' before `at` that is still open, and the name before it."""
    depth, i = 0, at - 1
    while i >= 0:
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                j = i - 1
                while j >= 0 and text[j] in " \t\n":
                    j -= 1
                k = j
                while k >= 0 and (text[k].isalnum() or text[k] == "_"):
                    k -= 1
                return i, text[k + 1 : j + 1]
            depth -= 1
        i -= 1
    return -1, ""


def for_developers(text, at):
    paren, name = enclosing_call(text, at)
    if paren < 0:
        return False
    if DEVELOPER_CALLS.match(name):
        return True
    if name == "":  # a bare group: the text or the debug part of GST_ELEMENT_ERROR
        outer, outer_name = enclosing_call(text, paren)
        if outer >= 0 and ELEMENT_MESSAGES.match(outer_name):
            # Which bare group of the call this is: the second is the debug text.
            groups, depth = 0, 0
            for c in text[outer + 1 : paren + 1]:
                if c == "(":
                    if depth == 0:
                        groups += 1
                    depth += 1
                elif c == ")":
                    depth -= 1
            return groups >= 2
    return False


def literals(path):
    """Each string literal (adjacent ones joined, as the compiler does), with its line."""
    text = open(path, encoding="utf-8", errors="replace").read()
    out, i, n, line = [], 0, len(text), 1
    pending, pending_line = None, 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == '"' or (c == "R" and text.startswith('R"', i) and not text[i - 1].isalnum()):
            if c == "R":  # raw string R"delim(...)delim"
                open_paren = text.find("(", i)
                delim = text[i + 2 : open_paren]
                end = text.find(")" + delim + '"', open_paren)
                value = text[open_paren + 1 : end]
                j = end + len(delim) + 2
            else:
                j, buf = i + 1, []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n:
                        esc = text[j + 1]
                        buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(esc, "\\" + esc))
                        j += 2
                    else:
                        buf.append(text[j])
                        j += 1
                value = "".join(buf)
                j += 1
            if pending is None:
                pending, pending_line, pending_at = value, line, i
            else:
                pending += value
            line += text.count("\n", i, j)
            i = j
            # Adjacent literals (only space or comments between) are one.
            k = i
            while True:
                while k < n and text[k] in " \t\r\n":
                    k += 1
                if text.startswith("//", k):
                    k = text.find("\n", k)
                    k = n if k < 0 else k
                    continue
                if text.startswith("/*", k):
                    k = text.find("*/", k + 2) + 2
                    continue
                break
            if k < n and text[k] == '"':
                line += text.count("\n", i, k)
                i = k
                continue
            if not for_developers(text, pending_at):
                out.append((pending_line, pending))
            pending = None
        else:
            i += 1
    return out


def po_entries(path):
    """{msgid: (msgstr values, fuzzy)} of a .po or .pot file."""
    entries, cur, field, fuzzy = {}, None, None, False

    def done():
        if cur is not None and cur["msgid"]:
            entries[cur["msgid"]] = (cur["msgstr"], cur["fuzzy"])
            if cur.get("plural"):  # the plural form is marked too, translated with it
                entries[cur["plural"]] = (cur["msgstr"], cur["fuzzy"])

    for raw in open(path, encoding="utf-8"):
        s = raw.rstrip("\n")
        if s.startswith("#,") and "fuzzy" in s:
            fuzzy = True
        elif s.startswith("msgid "):
            done()
            cur = {"msgid": eval(s[6:]), "msgstr": [], "fuzzy": fuzzy}
            field, fuzzy = "msgid", False
        elif s.startswith("msgid_plural "):
            cur["plural"] = eval(s[13:])
            field = "plural"
        elif s.startswith('"') and field == "plural":
            cur["plural"] += eval(s)
        elif s.startswith("msgstr"):
            cur["msgstr"].append(eval(s[s.index(" ") + 1 :]))
            field = "msgstr"
        elif s.startswith('"') and cur is not None:
            if field == "msgid":
                cur["msgid"] += eval(s)
            elif field == "msgstr":
                cur["msgstr"][-1] += eval(s)
        elif not s.strip():
            field = None
    done()
    return entries


def main(ROOT):
    PO = os.path.join(ROOT, "po")
    failures = []
    potfiles = [
        l.strip()
        for l in open(os.path.join(PO, "POTFILES"), encoding="utf-8")
        if l.strip() and not l.startswith("#")
    ]
    allowed = {
        l.rstrip("\n")
        for l in open(os.path.join(PO, "not-translated.txt"), encoding="utf-8")
        if l.strip() and not l.startswith("#")
    }

    sources = []
    for top in ("engine", "tools", "plugins"):
        for d, dirs, files in os.walk(os.path.join(ROOT, top)):
            rel_d = os.path.relpath(d, ROOT)
            if rel_d.startswith(os.path.join("tools", "console")) or "/test" in rel_d:
                dirs[:] = []
                continue
            if rel_d.startswith(os.path.join("tools", "fuzz")):
                continue
            sources += [os.path.join(rel_d, f) for f in files if f.endswith(".cpp")]

    # The marked messages, per file (xgettext stops at a file it cannot read as UTF-8).
    marked = {}
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "tsr.pot")
        for rel in sorted(set(sources) | set(potfiles)):
            one = os.path.join(tmp, "one.pot")
            r = subprocess.run(
                ["xgettext", "-C", "--from-code=UTF-8", *KEYWORDS, "-o", one, rel],
                cwd=ROOT, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"{rel}: xgettext failed: {r.stderr.strip()}")
                continue
            if os.path.exists(one):
                marked[rel] = set(po_entries(one))
                os.remove(one)
            else:
                marked[rel] = set()
        all_marked = set().union(*marked.values()) if marked else set()

        for rel in sorted(sources):
            listed = rel in potfiles
            for line, text in literals(os.path.join(ROOT, rel)):
                if not WORDS.search(text) or PIPELINE.search(text) or PREFIX.match(text):
                    continue
                if text in all_marked or text.rstrip("\n") in allowed:
                    continue
                failures.append(f"{rel}:{line}: not marked for translation: {text!r}")
            if marked.get(rel) and not listed:
                failures.append(f"{rel}: has marked messages but is not in po/POTFILES")

        # Every marked message translated in po/id.po.
        r = subprocess.run(
            ["xgettext", "-C", "--from-code=UTF-8", *KEYWORDS, "-o", pot, "-f", "po/POTFILES"],
            cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f"xgettext over po/POTFILES failed: {r.stderr.strip()}")
    catalog = po_entries(os.path.join(PO, "id.po"))
    for msgid in sorted(all_marked):
        if msgid not in catalog:
            failures.append(f"po/id.po: no entry for {msgid!r} (run ninja -C build tsr-update-po)")
            continue
        strs, fuzzy = catalog[msgid]
        if fuzzy:
            failures.append(f"po/id.po: fuzzy: {msgid!r}")
        elif not strs or any(not s for s in strs):
            failures.append(f"po/id.po: not translated: {msgid!r}")
    r = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, os.path.join(PO, "id.po")],
        capture_output=True, text=True)
    stats = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    if r.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
        failures.append(f"msgfmt --check --statistics po/id.po: {stats}")

    for f in failures:
        print(f)
    print(f"{len(all_marked)} marked messages; {stats}")
    return failures


HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"PO-Revision-Date: 2026-12-01 00:00+0700\\n"\n'
    '"Last-Translator: t\\n"\n"Language-Team: t\\n"\n"Language: id\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


def self_test():
    """A small tree with one mistake of each kind; each must be reported."""
    cases = {
        "unmarked": ('std::string s = "cannot be read";', "", "", "not marked for translation"),
        "not listed": ('auto s = _("cannot be read");', "", 'msgid "cannot be read"\nmsgstr "x"\n',
                       "is not in po/POTFILES"),
        "untranslated": ('auto s = _("cannot be read");', "engine/a.cpp\n",
                         'msgid "cannot be read"\nmsgstr ""\n', "not translated"),
        "fuzzy": ('auto s = _("cannot be read");', "engine/a.cpp\n",
                  '#, fuzzy\nmsgid "cannot be read"\nmsgstr "x"\n', "fuzzy"),
        "missing": ('auto s = _("cannot be read");', "engine/a.cpp\n", "", "no entry for"),
        "debug text is not a message": ('GST_DEBUG("cannot be read");', "", "", None),
        "marked and translated": ('auto s = _("cannot be read");', "engine/a.cpp\n",
                                  'msgid "cannot be read"\nmsgstr "tidak dapat dibaca"\n', None),
    }
    bad = 0
    for name, (code, potfiles, po, expect) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "engine"))
            os.makedirs(os.path.join(root, "po"))
            open(os.path.join(root, "engine", "a.cpp"), "w").write(code + "\n")
            open(os.path.join(root, "po", "POTFILES"), "w").write(potfiles)
            open(os.path.join(root, "po", "not-translated.txt"), "w").write("")
            open(os.path.join(root, "po", "id.po"), "w").write(HEADER + po)
            failures = main(root)
        got = any(expect in f for f in failures) if expect else not failures
        print(f"self-test {name}: {'ok' if got else 'WRONG'} {failures}")
        bad += not got
    return bad


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(1 if self_test() else 0)
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    sys.exit(1 if main(root) else 0)
