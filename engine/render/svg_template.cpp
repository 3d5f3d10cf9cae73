#include "render/svg_template.hpp"
#include "i18n.hpp"

#include "render/words.hpp"
#include "text_checks.hpp"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <tuple>

namespace tsr {

namespace {

constexpr const char* tsr_ns = "urn:tsr:template:1";
constexpr int max_depth = 64;
constexpr int max_elements = 20000;
constexpr double max_dimension = 20000;

const xmlChar* X(const char* s) {
    return reinterpret_cast<const xmlChar*>(s);
}
std::string S(const xmlChar* s) {
    return s ? reinterpret_cast<const char*>(s) : "";
}

struct XmlFree {
    void operator()(xmlChar* p) const { xmlFree(p); }
};
std::string take(xmlChar* p) {
    std::unique_ptr<xmlChar, XmlFree> owner(p);
    return S(p);
}

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

bool is_element(const xmlNode* n, const char* name = nullptr) {
    return n && n->type == XML_ELEMENT_NODE &&
           (!name || std::strcmp(S(n->name).c_str(), name) == 0);
}

std::optional<std::string> tsr_attr(xmlNode* n, const char* name) {
    xmlChar* v = xmlGetNsProp(n, X(name), X(tsr_ns));
    if (!v) return std::nullopt;
    return take(v);
}

void unset_tsr_attr(xmlNode* n, const char* name) {
    for (xmlAttr* a = n->properties; a; a = a->next) {
        if (a->ns && S(a->ns->href) == tsr_ns && S(a->name) == name) {
            xmlRemoveProp(a);
            return;
        }
    }
}

std::string attr(xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, X(name));
    return v ? take(v) : std::string();
}

int line_of(const xmlNode* n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? static_cast<int>(l) : 0;
}

/// The SVG text being checked, so that problems found on nodes (which libxml2 knows only by
/// line) can also say the column of the element's "<". Set for the length of one public call.
struct SourceText {
    const std::string* text = nullptr;
    std::vector<size_t> line_starts; ///< offset of each line's first byte
    int lookups = 0;                 ///< columns are looked up for the first problems only
};
thread_local SourceText* current_source = nullptr;

class SourceScope {
  public:
    explicit SourceScope(const std::string& text) : previous_(current_source) {
        source_.text = &text;
        source_.line_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') source_.line_starts.push_back(i + 1);
        current_source = &source_;
    }
    ~SourceScope() { current_source = previous_; }
    SourceScope(const SourceScope&) = delete;
    SourceScope& operator=(const SourceScope&) = delete;

  private:
    SourceText source_;
    SourceText* previous_;
};

/// Characters (not bytes) from `from` to `to`, plus one: the column editors show.
int column_between(const std::string& text, size_t from, size_t to) {
    int col = 1;
    for (size_t i = from; i < to && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    return col;
}

/// 1-based line and column of a byte offset of the current source (0, 0 without one).
std::pair<int, int> line_column_at(size_t offset) {
    const SourceText* src = current_source;
    if (!src || offset > src->text->size()) return {0, 0};
    auto it = std::upper_bound(src->line_starts.begin(), src->line_starts.end(), offset);
    size_t line = static_cast<size_t>(it - src->line_starts.begin()); // 1-based
    return {static_cast<int>(line), column_between(*src->text, src->line_starts[line - 1], offset)};
}

/// Where an element's start tag begins: libxml2 gives the line where the tag ends, so the
/// last "<name" at or before that line's end. Returns {line, column}; {line_of(n), 0} when
/// not found.
std::pair<int, int> position_of(const xmlNode* n) {
    int line = line_of(n);
    SourceText* src = current_source;
    if (!src || line <= 0 || static_cast<size_t>(line) > src->line_starts.size() ||
        n->type != XML_ELEMENT_NODE || ++src->lookups > 200)
        return {line, 0};
    const std::string& text = *src->text;
    size_t end = static_cast<size_t>(line) < src->line_starts.size()
                     ? src->line_starts[static_cast<size_t>(line)]
                     : text.size();
    std::string tag = "<";
    if (n->ns && n->ns->prefix) tag += S(n->ns->prefix) + ":";
    tag += S(n->name);
    // Look back at most 64 KiB: a start tag's attributes rarely span more.
    size_t floor = end > 65536 ? end - 65536 : 0;
    size_t at = end;
    while (at > floor) {
        size_t found = text.rfind(tag, at - 1);
        if (found == std::string::npos || found < floor) break;
        char next = found + tag.size() < text.size() ? text[found + tag.size()] : '>';
        if (next == '>' || next == '/' || g_ascii_isspace(next)) return line_column_at(found);
        at = found;
    }
    return {line, 0};
}

[[noreturn]] void fail_at(const xmlNode* n, const std::string& message) {
    auto [line, column] = position_of(n);
    throw TemplateError(line, message, column);
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && g_ascii_isspace(s[b]))
        ++b;
    while (e > b && g_ascii_isspace(s[e - 1]))
        --e;
    return std::string(s.substr(b, e - b));
}

std::optional<double> parse_number(const std::string& s) {
    std::string t = trim(s);
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    double v = g_ascii_strtod(t.c_str(), &end);
    if (end == t.c_str() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<int> parse_int(const std::string& s) {
    std::string t = trim(s);
    if (t.empty() || t.size() > 9 ||
        !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::atoi(t.c_str());
}

std::string fmt(double v) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

/// Calls fn(name) for every {{name}} in s; returns s with each replaced by fn's answer
/// (nullopt: left as written).
std::string substitute(const std::string& s,
                       const std::function<std::optional<std::string>(const std::string&)>& fn) {
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t open = s.find("{{", pos);
        if (open == std::string::npos) break;
        size_t close = s.find("}}", open + 2);
        if (close == std::string::npos) break;
        out.append(s, pos, open - pos);
        std::string name = trim(std::string_view(s).substr(open + 2, close - open - 2));
        if (auto v = fn(name))
            out += *v;
        else
            out.append(s, open, close + 2 - open);
        pos = close + 2;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

std::vector<std::string> fields_in(const std::string& s) {
    std::vector<std::string> names;
    substitute(s, [&](const std::string& n) -> std::optional<std::string> {
        names.push_back(n);
        return std::nullopt;
    });
    return names;
}

/// Applies fn to the text of every text node and attribute value under n (n included).
void rewrite_text(xmlNode* n,
                  const std::function<std::optional<std::string>(const std::string&)>& fn) {
    auto rewrite = [&](xmlNode* t) {
        if (!t->content) return;
        std::string before = S(t->content);
        if (before.find("{{") == std::string::npos) return;
        std::string after = substitute(before, fn);
        // Text and attribute-value nodes store raw text: the serializer escapes it.
        xmlNodeSetContent(t, X(after.c_str()));
    };
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        rewrite(n);
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    for (xmlAttr* a = n->properties; a; a = a->next)
        for (xmlNode* t = a->children; t; t = t->next)
            if (t->type == XML_TEXT_NODE) rewrite(t);
    for (xmlNode* c = n->children; c; c = c->next)
        rewrite_text(c, fn);
}

// ---- known names ----------------------------------------------------------------------

const std::vector<std::string> doc_fields = {
    "office.name",   "office.logo",    "today",          "now",
    "month",         "slide.title",    "slide.text",     "slide.image",
    "page",          "empty",          "reminder.label", "reminder.title",
    "reminder.time", "reminder.place", "reminder.pic",   "reminder.countdown"};
const std::vector<std::string> row_fields = {
    "activity.title", "activity.time",      "activity.date",     "activity.place",
    "activity.pic",   "activity.countdown", "activity.progress", "activity.deadline"};
const std::vector<std::string> doc_conditions = {"empty", "paged",    "logo",  "image", "title",
                                                 "text",  "reminder", "place", "pic"};
const std::vector<std::string> row_conditions = {"late",     "done", "now", "progress",
                                                 "deadline", "odd",  "even"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

// ---- parsing and safety ---------------------------------------------------------------

int line_at(const std::string& text, size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

struct Counter {
    int elements = 0;
};

void check_structure(xmlNode* n, int depth, Counter& count) {
    for (xmlNode* c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (depth > max_depth)
            fail_at(c, i18n::format(_("elements nested deeper than %s"), max_depth));
        if (++count.elements > max_elements)
            fail_at(c, i18n::format(_("more than %s elements"), max_elements));
        check_structure(c->children, depth + 1, count);
    }
}

/// A root width or height in CSS pixels, as librsvg sizes the picture: 1in = 96px, so that
/// width="1000in" counts as the 96000 pixels it would cost. Percentages size nothing by
/// themselves (the viewBox does). nullopt: not a length librsvg reads.
std::optional<double> length_in_px(const std::string& value) {
    std::string t = trim(value);
    char* end = nullptr;
    double v = g_ascii_strtod(t.c_str(), &end);
    if (t.empty() || end == t.c_str() || !std::isfinite(v)) return std::nullopt;
    std::string unit = trim(end);
    for (char& c : unit)
        c = g_ascii_tolower(c);
    static const std::pair<const char*, double> per_unit[] = {
        {"", 1},    {"px", 1},           {"pt", 96.0 / 72},   {"pc", 16},
        {"in", 96}, {"cm", 96.0 / 2.54}, {"mm", 96.0 / 25.4}, {"q", 96.0 / 101.6},
        {"em", 16}, {"rem", 16},         {"ex", 8},           {"%", 0}};
    for (const auto& [name, px] : per_unit)
        if (unit == name) return v * px;
    return std::nullopt;
}

void check_root_size(xmlNode* root) {
    for (const char* name : {"width", "height"}) {
        std::string v = attr(root, name);
        if (v.empty()) continue;
        auto px = length_in_px(v);
        if (!px)
            fail_at(root, i18n::format(_("%s=\"%s\" is not a length; write a number of pixels, "
                                         "such as 1920"),
                                       name, excerpt(v, 40)));
        if (std::fabs(*px) > max_dimension)
            fail_at(root, i18n::format(_("%s=\"%s\" is too large (at most 20000 pixels)"), name,
                                       excerpt(v, 40)));
    }
    std::string vb = attr(root, "viewBox");
    if (!vb.empty()) {
        std::string s = vb;
        std::replace(s.begin(), s.end(), ',', ' ');
        std::istringstream in(s);
        in.imbue(std::locale::classic());
        double v;
        while (in >> v)
            if (!std::isfinite(v) || std::fabs(v) > max_dimension)
                fail_at(root, i18n::format(_("viewBox=\"%s\" is too large (at most 20000)"),
                                           excerpt(vb, 60)));
    }
}

/// <use> can multiply elements (a "billion laughs" made of references): count what the
/// references expand to, and refuse more than max_expanded_elements.
constexpr double max_expanded_elements = 100000;
constexpr int max_reference_depth = 128;
constexpr int max_filtered_elements = 32;

struct RefCheck {
    std::map<std::string, xmlNode*> ids;
    std::map<xmlNode*, double> memo;
    std::set<xmlNode*> visiting;
    int filtered = 0;
};

void collect_ids(xmlNode* n, RefCheck& rc) {
    for (xmlNode* c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        std::string id = attr(c, "id");
        if (!id.empty()) rc.ids.emplace(id, c);
        std::string style = attr(c, "style");
        if (!attr(c, "filter").empty() || style.find("filter") != std::string::npos) {
            if (++rc.filtered > max_filtered_elements)
                fail_at(c, i18n::format(_("more than %s elements with filters (too slow to "
                                          "render)"),
                                        max_filtered_elements));
        }
        collect_ids(c->children, rc);
    }
}

double expanded_weight(xmlNode* n, int depth, RefCheck& rc) {
    if (depth > max_reference_depth)
        fail_at(n, i18n::format(_("<use> references nested deeper than %s"), max_reference_depth));
    if (auto it = rc.memo.find(n); it != rc.memo.end()) return it->second;
    if (rc.visiting.count(n)) fail_at(n, _("a <use> refers to itself"));
    rc.visiting.insert(n);
    double w = 1;
    for (xmlNode* c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) w += expanded_weight(c, depth + 1, rc);
    if (is_element(n, "use")) {
        std::string href = attr(n, "href"); // xlink:href or href
        if (href.size() > 1 && href[0] == '#')
            if (auto it = rc.ids.find(href.substr(1)); it != rc.ids.end())
                w += expanded_weight(it->second, depth + 1, rc);
    }
    rc.visiting.erase(n);
    if (w > max_expanded_elements)
        fail_at(n, _("<use> references multiply to more than 100000 elements"));
    rc.memo[n] = w;
    return w;
}

/// What libxml2 found wrong, said for people who edit SVG in Inkscape, not for programmers.
std::string plain_xml_error(const xmlError* e) {
    if (!e) return _("it is not SVG text");
    std::string a = S(reinterpret_cast<const xmlChar*>(e->str1));
    std::string b = S(reinterpret_cast<const xmlChar*>(e->str2));
    switch (e->code) {
    case XML_ERR_DOCUMENT_EMPTY:
    case XML_ERR_DOCUMENT_START:
        return _("it is not SVG text (an SVG starts with <svg or <?xml)");
    case XML_ERR_DOCUMENT_END:
        return _("there is more after the end of the picture (after </svg>)");
    case XML_ERR_TAG_NAME_MISMATCH:
        if (!a.empty() && !b.empty())
            return i18n::format(_("<%s> (line %s) is closed by </%s>; each tag must be closed "
                                  "by its own name"),
                                a, e->int1, b);
        return _("a tag is closed by another tag's name");
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
        return i18n::format(_("the file ends before %s is closed (is the file cut short?)"),
                            a.empty() ? std::string(_("a tag")) : "<" + a + ">");
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITY_NOT_FINISHED:
        return i18n::format(_("an unknown &name; (%s); write the character itself, or &#NNNN;"),
                            a.empty() ? std::string("entity") : "&" + a + ";");
    case XML_ERR_ATTRIBUTE_REDEFINED:
        return a.empty() ? std::string(_("an attribute is written twice on one element"))
                         : i18n::format(_("an attribute (%s) is written twice on one element"), a);
    case XML_ERR_LT_IN_ATTRIBUTE:
        return _("a \"<\" inside an attribute's value; write &lt; instead");
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
        return _("an attribute's value is not in quotes (write name=\"value\")");
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        return _("a character that is not UTF-8 text; save the file as UTF-8");
    case XML_ERR_INTERNAL_ERROR:
        if (std::strstr(e->message ? e->message : "", "depth"))
            return _("elements nested far too deep");
        break;
    default:
        break;
    }
    if (e->message && std::strstr(e->message, "Excessive depth"))
        return _("elements nested far too deep");
    return _("a tag or an attribute is written wrongly here");
}

/// Which rules apply: a template's (with its own language) or a picture's (safety only).
enum class SvgUse { template_file, picture };

const char* noun(SvgUse use) {
    return use == SvgUse::template_file ? _("the template") : _("the SVG picture");
}

/// The document as UTF-8 SVG text, for librsvg.
std::string serialized(xmlDoc* doc) {
    xmlChar* out = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &out, &size, "UTF-8");
    if (!out) throw TemplateError(0, _("out of memory"));
    std::unique_ptr<xmlChar, XmlFree> owner(out);
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(size));
}

/// A document type names no outside file: a DOCTYPE is allowed (Inkscape and Illustrator
/// write one) when it names W3C's SVG DTD, which nobody ever loads (XML_PARSE_NONET, no
/// DTDLOAD); any other system identifier is a file or address someone may try to fetch.
void check_doctype(xmlDoc* doc, const std::string& text) {
    xmlDtd* dtd = xmlGetIntSubset(doc);
    if (!dtd || !dtd->SystemID) return;
    std::string system = S(dtd->SystemID);
    if (g_str_has_prefix(system.c_str(), "http://www.w3.org/") ||
        g_str_has_prefix(system.c_str(), "https://www.w3.org/"))
        return;
    size_t at = text.find("<!DOCTYPE");
    auto [line, column] = at == std::string::npos ? std::pair{0, 0} : line_column_at(at);
    throw TemplateError(line,
                        i18n::format(_("the document type (<!DOCTYPE) refers to the file \"%s\"; "
                                       "delete the <!DOCTYPE ...> line"),
                                     excerpt(system, 80)),
                        column);
}

struct FirstError {
    bool set = false;
    xmlError error{};
    FirstError() = default;
    FirstError(const FirstError&) = delete;
    FirstError& operator=(const FirstError&) = delete;
    ~FirstError() { xmlResetError(&error); }
};

void keep_first_error(void* user, xmlErrorPtr error) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(user);
    auto* first = ctxt ? static_cast<FirstError*>(ctxt->_private) : nullptr;
    if (!first || first->set || !error || error->level < XML_ERR_ERROR) return;
    if (xmlCopyError(error, &first->error) == 0) first->set = true;
}

/// Parses untrusted SVG text: no network, no DTD loading, no entities at all.
Doc parse_svg(const std::string& text, SvgUse use = SvgUse::template_file) {
    if (text.size() > max_template_bytes)
        throw TemplateError(0, i18n::format(_("%s is larger than 2 MiB"), noun(use)));
    // Refused before any parser sees the bytes: expanding entities is what costs the memory.
    if (auto at = text.find("<!ENTITY"); at != std::string::npos) {
        auto [line, column] = line_column_at(at);
        throw TemplateError(line > 0 ? line : line_at(text, at),
                            use == SvgUse::template_file
                                ? _("entity declarations (<!ENTITY) are not allowed in a template")
                                : _("entity declarations (<!ENTITY) are not allowed in an SVG "
                                    "picture"),
                            column);
    }
    // libxml2 wants its globals set up once before threads use it.
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
    if (!ctxt) throw TemplateError(0, _("out of memory"));
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    // The first error says what is wrong; later ones are its echoes ("premature end").
    FirstError first;
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first_error;
    Doc doc(xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()),
                              "template.svg", nullptr, options));
    if (!doc || !ctxt->wellFormed) {
        const xmlError* e = first.set ? &first.error : xmlCtxtGetLastError(ctxt.get());
        throw TemplateError(e ? e->line : 0,
                            i18n::format(_("broken SVG: %s; open it in Inkscape and save it again"),
                                         plain_xml_error(e)),
                            e && e->int2 > 0 ? e->int2 : 0);
    }
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root) throw TemplateError(0, _("broken SVG: it has no <svg> element"));
    check_doctype(doc.get(), text);
    if (!is_element(root, "svg"))
        fail_at(root,
                i18n::format(_("the root element is <%s>, not <svg>"), excerpt(S(root->name), 40)));
    Counter count;
    check_structure(root, 1, count);
    check_root_size(root);
    RefCheck refs;
    collect_ids(root, refs);
    expanded_weight(root, 0, refs);
    return doc;
}

bool allowed_reference(const std::string& value) {
    std::string v = trim(value);
    if (v.empty() || v[0] == '#' || g_str_has_prefix(v.c_str(), "data:")) return true;
    // A value made only of fields ({{office.logo}}) is filled with a data: URI.
    std::string rest = substitute(v, [](const std::string&) { return std::string(); });
    return trim(rest).empty();
}

/// CSS as a CSS parser reads it: escapes decoded (`\75 rl(` is `url(`) and ASCII in lower
/// case (`URL(` and `@IMPORT` are the same function and rule), so that no spelling of a
/// reference slips past the search below.
std::string css_as_read(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c != '\\' || i + 1 >= s.size()) {
            out += g_ascii_tolower(c);
            continue;
        }
        size_t j = i + 1, digits = 0;
        gunichar code = 0;
        while (j < s.size() && digits < 6 && g_ascii_isxdigit(s[j])) {
            code = code * 16 + g_ascii_xdigit_value(s[j]);
            ++j, ++digits;
        }
        if (digits == 0) { // \x is x; a backslash before a newline is nothing
            if (s[j] != '\n') out += g_ascii_tolower(s[j]);
            i = j;
            continue;
        }
        if (j < s.size() && g_ascii_isspace(s[j])) ++j; // one space ends the escape
        if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
        char utf8[6];
        int n = g_unichar_to_utf8(code, utf8);
        if (n == 1) utf8[0] = g_ascii_tolower(utf8[0]);
        out.append(utf8, n);
        i = j - 1;
    }
    return out;
}

/// url(...) references in a style or presentation attribute that point outside.
std::optional<std::string> external_url(const std::string& written) {
    const std::string s = css_as_read(written);
    size_t pos = 0;
    while ((pos = s.find("url(", pos)) != std::string::npos) {
        size_t end = s.find(')', pos);
        std::string inner = trim(std::string_view(s).substr(
            pos + 4, (end == std::string::npos ? s.size() : end) - pos - 4));
        if (!inner.empty() && (inner[0] == '"' || inner[0] == '\'')) inner = inner.substr(1);
        if (!inner.empty() && (inner.back() == '"' || inner.back() == '\'')) inner.pop_back();
        if (!allowed_reference(inner)) return inner;
        pos += 4;
    }
    if (s.find("@import") != std::string::npos) return std::string("@import");
    return std::nullopt;
}

struct Problems {
    std::vector<TemplateProblem> list;
    /// The first problem that makes the template unusable (unknown fields only render empty).
    std::optional<TemplateProblem> first_fatal;
    SvgUse use = SvgUse::template_file;
    void add(int line, std::string msg, bool is_fatal = true, int column = 0) {
        if (is_fatal && !first_fatal) first_fatal = TemplateProblem{line, msg, column};
        list.push_back({line, std::move(msg), column});
    }
    void add_at(const xmlNode* n, std::string msg, bool is_fatal = true) {
        auto [line, column] = position_of(n);
        add(line, std::move(msg), is_fatal, column);
    }
};

void check_condition(xmlNode* n, bool in_row, Problems& out) {
    auto conds = tsr_attr(n, "if");
    if (!conds) return;
    std::istringstream in(*conds);
    std::string cond;
    bool any = false;
    while (in >> cond) {
        any = true;
        std::string c = g_str_has_prefix(cond.c_str(), "not-") ? cond.substr(4) : cond;
        if (contains(doc_conditions, c) || (in_row && contains(row_conditions, c))) continue;
        std::vector<std::string> known = doc_conditions;
        if (in_row) known.insert(known.end(), row_conditions.begin(), row_conditions.end());
        out.add_at(n, i18n::format(_("tsr:if=\"%s\": unknown condition %s; known: %s (and "
                                     "not-... of each)"),
                                   excerpt(*conds, 60), excerpt(cond, 40), join(known, ", ")));
    }
    if (!any) out.add_at(n, _("tsr:if is empty; write a condition like tsr:if=\"late\""));
}

void check_fields(const std::string& text, std::pair<int, int> at, bool in_row, Problems& out) {
    auto [line, column] = at;
    if (out.use == SvgUse::picture) return; // a picture's text is shown as written
    for (const auto& f : fields_in(text)) {
        if (contains(doc_fields, f)) continue;
        if (contains(row_fields, f)) {
            if (!in_row)
                out.add(line,
                        i18n::format(_("{{%s}} is only filled inside a group with "
                                       "tsr:repeat=\"activity\""),
                                     f),
                        false, column);
            continue;
        }
        std::vector<std::string> known = doc_fields;
        known.insert(known.end(), row_fields.begin(), row_fields.end());
        out.add(line,
                i18n::format(_("unknown field {{%s}}; known fields: %s"), excerpt(f, 40),
                             join(known, ", ")),
                false, column);
    }
}

void check_positive(xmlNode* n, const char* name, Problems& out) {
    if (auto v = tsr_attr(n, name)) {
        auto d = parse_number(*v);
        if (!d || *d <= 0) out.add_at(n, i18n::format(_("tsr:%s must be a positive number"), name));
    }
}

const char* plural(SvgUse use) {
    return use == SvgUse::template_file ? _("templates") : _("SVG pictures");
}

/// References out of the file (href, url(...), @import, xi:include) on one element.
void check_references(xmlNode* c, Problems& out) {
    for (xmlAttr* a = c->properties; a; a = a->next) {
        std::string name = S(a->name);
        xmlChar* raw = xmlNodeListGetString(c->doc, a->children, 1);
        std::string value = raw ? take(raw) : std::string();
        // A template's href may be a field ({{office.logo}}, filled with a data: URI); a
        // picture's is used as written.
        bool allowed = out.use == SvgUse::template_file
                           ? allowed_reference(value)
                           : (trim(value).empty() || trim(value)[0] == '#' ||
                              g_str_has_prefix(trim(value).c_str(), "data:"));
        if (name == "href" && !allowed)
            out.add_at(c, i18n::format(_("external reference \"%s\": embed the image (Inkscape: "
                                         "Extensions > Images > Embed Images) or use #ids"),
                                       excerpt(value, 80)));
        else if (name != "href")
            if (auto u = external_url(value))
                out.add_at(c, i18n::format(_("external reference \"%s\": %s may only refer to "
                                             "#ids and data: URIs"),
                                           excerpt(*u, 80), plural(out.use)));
    }
    if (S(c->name) == "include" && c->ns && S(c->ns->href) == "http://www.w3.org/2001/XInclude")
        out.add_at(c, out.use == SvgUse::template_file
                          ? _("xi:include is not allowed in a template")
                          : _("xi:include is not allowed in an SVG picture"));
}

void check_node(xmlNode* n, bool in_row, Problems& out) {
    for (xmlNode* c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            std::string text = S(c->content);
            check_fields(text, {line_of(c), 0}, in_row, out);
            if (c->parent && is_element(c->parent, "style"))
                if (auto u = external_url(text))
                    out.add_at(c, i18n::format(_("external reference \"%s\" in a style sheet: "
                                                 "%s may only refer to #ids and data: URIs"),
                                               excerpt(*u, 80), plural(out.use)));
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        bool row = in_row;
        if (out.use == SvgUse::picture) {
            check_references(c, out);
            check_node(c->children, row, out);
            continue;
        }
        if (auto rep = tsr_attr(c, "repeat")) {
            if (in_row) out.add_at(c, _("tsr:repeat inside another tsr:repeat group"));
            if (*rep != "activity")
                out.add_at(c, i18n::format(_("tsr:repeat=\"%s\": only \"activity\" can repeat"),
                                           excerpt(*rep, 40)));
            auto rows = parse_int(tsr_attr(c, "rows").value_or(""));
            if (!rows || *rows < 1 || *rows > 100)
                out.add_at(c, _("tsr:rows must be a whole number 1..100"));
            auto h = parse_number(tsr_attr(c, "row-height").value_or(""));
            if (!h || *h <= 0) out.add_at(c, _("tsr:row-height must be a positive number"));
            row = true;
        }
        check_condition(c, row, out);
        check_positive(c, "width", out);
        check_positive(c, "height", out);
        check_positive(c, "progress-bar", out);
        check_positive(c, "line-height", out);
        if (auto lines = tsr_attr(c, "lines")) {
            auto v = parse_int(*lines);
            if (!v || *v < 1 || *v > 100)
                out.add_at(c, _("tsr:lines must be a whole number 1..100"));
        }
        if (auto ms = tsr_attr(c, "min-scale")) {
            auto v = parse_number(*ms);
            if (!v || *v <= 0 || *v > 1)
                out.add_at(c, _("tsr:min-scale must be a number above 0, at most 1"));
        }
        if (auto tl = tsr_attr(c, "timeline")) {
            if (*tl != "month")
                out.add_at(
                    c, i18n::format(_("tsr:timeline=\"%s\": only \"month\""), excerpt(*tl, 40)));
            if (!tsr_attr(c, "width") || !tsr_attr(c, "height"))
                out.add_at(c, _("tsr:timeline needs tsr:width and tsr:height"));
        }
        for (xmlAttr* a = c->properties; a; a = a->next) {
            std::string name = S(a->name);
            if (!a->ns && g_str_has_prefix(name.c_str(), "tsr:"))
                out.add_at(c, i18n::format(_("attribute %s without the namespace: declare "
                                             "xmlns:tsr=\"%s\" on the <svg> element"),
                                           excerpt(name, 40), tsr_ns));
            xmlChar* raw = xmlNodeListGetString(c->doc, a->children, 1);
            check_fields(raw ? take(raw) : std::string(), position_of(c), row, out);
        }
        check_references(c, out);
        check_node(c->children, row, out);
    }
}

Problems problems_of(xmlDoc* doc, SvgUse use = SvgUse::template_file) {
    Problems out;
    out.use = use;
    check_node(xmlDocGetRootElement(doc), false, out);
    return out;
}

std::string read_file_limited(const std::filesystem::path& file, std::uintmax_t limit,
                              const char* what) {
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    if (ec) throw TemplateError(0, i18n::format(_("cannot read %s: %s"), what, ec.message()));
    if (size > limit)
        throw TemplateError(
            0, i18n::format(_("%s is larger than %s MiB"), what, limit / (1024 * 1024)));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw TemplateError(0, i18n::format(_("cannot read %s: %s"), what, file.string()));
    std::string data(static_cast<size_t>(size), '\0');
    in.read(data.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        throw TemplateError(0, i18n::format(_("cannot read %s: %s"), what, file.string()));
    return data;
}

// ---- fonts and measuring --------------------------------------------------------------

PangoContext* measuring_context() {
    thread_local std::unique_ptr<PangoContext, void (*)(gpointer)> ctx(nullptr, g_object_unref);
    if (!ctx) {
        PangoContext* c = pango_font_map_create_context(pango_cairo_font_map_get_default());
        cairo_font_options_t* o = cairo_font_options_create();
        cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
        pango_cairo_context_set_font_options(c, o);
        cairo_font_options_destroy(o);
        pango_context_set_round_glyph_positions(c, FALSE);
        ctx.reset(c);
    }
    return ctx.get();
}

using Layout = std::unique_ptr<PangoLayout, void (*)(gpointer)>;

Layout make_layout(const std::string& text, const FontSpec& font) {
    Layout layout(pango_layout_new(measuring_context()), g_object_unref);
    PangoFontDescription* d = pango_font_description_new();
    pango_font_description_set_family(d, font.family.c_str());
    pango_font_description_set_absolute_size(d, font.size * PANGO_SCALE);
    pango_font_description_set_weight(d, static_cast<PangoWeight>(font.weight));
    pango_font_description_set_style(d, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), d);
    pango_font_description_free(d);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
}

const char* ellipsis = "\xE2\x80\xA6"; // …
const std::string nbsp = "\xC2\xA0";

std::string rtrim(std::string s) {
    while (!s.empty() && g_ascii_isspace(s.back()))
        s.pop_back();
    return s;
}

/// The longest start of s that, with "…", fits `width`.
std::string ellipsize(const std::string& s, const FontSpec& font, double width) {
    if (measure_text_width(s, font) <= width) return s;
    std::vector<size_t> bounds; // byte offsets of code point starts
    for (const char* p = s.c_str(); *p; p = g_utf8_next_char(p))
        bounds.push_back(static_cast<size_t>(p - s.c_str()));
    size_t lo = 0, hi = bounds.size(); // answer in [lo, hi): prefix of bounds[k] bytes
    std::string best;
    if (measure_text_width(ellipsis, font) > width) return "";
    best = ellipsis;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        std::string cand = rtrim(s.substr(0, bounds[mid])) + ellipsis;
        if (measure_text_width(cand, font) <= width) {
            lo = mid;
            best = cand;
        } else {
            hi = mid;
        }
    }
    return best;
}

struct LineSpan {
    size_t start, length;
};

std::vector<LineSpan> wrap_spans(const std::string& text, const FontSpec& font, double width) {
    Layout layout = make_layout(text, font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    std::vector<LineSpan> spans;
    int count = pango_layout_get_line_count(layout.get());
    for (int i = 0; i < count; ++i) {
        PangoLayoutLine* line = pango_layout_get_line_readonly(layout.get(), i);
        spans.push_back(
            {static_cast<size_t>(line->start_index), static_cast<size_t>(line->length)});
    }
    return spans;
}

std::string clean_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return trim(s);
}

// ---- styles ---------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> parse_style(const std::string& style) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(style);
    std::string decl;
    while (std::getline(in, decl, ';')) {
        auto colon = decl.find(':');
        if (colon == std::string::npos) continue;
        std::string k = trim(std::string_view(decl).substr(0, colon));
        std::string v = trim(std::string_view(decl).substr(colon + 1));
        if (!k.empty()) out.emplace_back(k, v);
    }
    return out;
}

void style_set(xmlNode* n, const std::string& key, const std::string& value) {
    auto decls = parse_style(attr(n, "style"));
    bool found = false;
    for (auto& [k, v] : decls)
        if (k == key) {
            v = value;
            found = true;
        }
    if (!found) decls.emplace_back(key, value);
    std::string s;
    for (const auto& [k, v] : decls)
        s += (s.empty() ? "" : ";") + k + ":" + v;
    xmlSetProp(n, X("style"), X(s.c_str()));
}

std::optional<std::string> property_of(xmlNode* n, const char* name) {
    for (const auto& [k, v] : parse_style(attr(n, "style")))
        if (k == name) return v;
    std::string a = attr(n, name);
    if (!a.empty()) return a;
    return std::nullopt;
}

FontSpec font_of(xmlNode* n) {
    FontSpec f;
    f.family = "serif"; // SVG's initial value
    bool have_family = false, have_size = false, have_weight = false, have_style = false;
    for (xmlNode* e = n; e && e->type == XML_ELEMENT_NODE; e = e->parent) {
        if (!have_family)
            if (auto v = property_of(e, "font-family")) {
                std::string fam;
                for (char c : *v)
                    if (c != '\'' && c != '"') fam += c;
                f.family = trim(fam);
                have_family = true;
            }
        if (!have_size)
            if (auto v = property_of(e, "font-size")) {
                if (auto num = parse_number(*v)) {
                    double s = *num;
                    if (v->find("pt") != std::string::npos)
                        s = s * 4.0 / 3.0;
                    else if (v->find("em") != std::string::npos)
                        s = s * 16;
                    else if (v->find('%') != std::string::npos)
                        s = s * 16 / 100;
                    if (s > 0) {
                        f.size = s;
                        have_size = true;
                    }
                }
            }
        if (!have_weight)
            if (auto v = property_of(e, "font-weight")) {
                if (*v == "bold" || *v == "bolder")
                    f.weight = 700;
                else if (*v == "normal")
                    f.weight = 400;
                else if (*v == "lighter")
                    f.weight = 300;
                else if (auto w = parse_int(*v))
                    f.weight = std::clamp(*w, 100, 1000);
                have_weight = true;
            }
        if (!have_style)
            if (auto v = property_of(e, "font-style")) {
                f.italic = *v == "italic" || *v == "oblique";
                have_style = true;
            }
    }
    return f;
}

// ---- filling --------------------------------------------------------------------------

/// "late", "not-done", or several separated by spaces (all must hold).
bool condition_holds(const std::string& conds, const std::set<std::string>& a,
                     const std::set<std::string>* b) {
    std::istringstream in(conds);
    std::string cond;
    while (in >> cond) {
        bool negate = g_str_has_prefix(cond.c_str(), "not-");
        std::string name = negate ? cond.substr(4) : cond;
        bool v = a.count(name) || (b && b->count(name));
        if (v == negate) return false;
    }
    return true;
}

/// Removes elements whose tsr:if does not hold; returns whether n itself was removed.
bool apply_conditions(xmlNode* n, const std::set<std::string>& flags,
                      const std::set<std::string>* more) {
    if (n->type != XML_ELEMENT_NODE) return false;
    if (auto cond = tsr_attr(n, "if")) {
        if (!condition_holds(*cond, flags, more)) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            return true;
        }
        unset_tsr_attr(n, "if");
    }
    for (xmlNode* c = n->children; c;) {
        xmlNode* next = c->next;
        apply_conditions(c, flags, more); // repeat groups are expanded before this runs
        c = next;
    }
    return false;
}

void apply_progress_bars(xmlNode* n, std::optional<double> progress) {
    if (n->type != XML_ELEMENT_NODE) return;
    if (auto pb = tsr_attr(n, "progress-bar")) {
        double full = parse_number(*pb).value_or(0);
        double p = std::clamp(progress.value_or(0), 0.0, 100.0);
        xmlSetProp(n, X("width"), X(fmt(full * p / 100).c_str()));
        unset_tsr_attr(n, "progress-bar");
    }
    for (xmlNode* c = n->children; c; c = c->next)
        apply_progress_bars(c, progress);
}

void collect_with_tsr_attr(xmlNode* n, const char* name, std::vector<xmlNode*>& out) {
    for (xmlNode* c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (tsr_attr(c, name)) {
            out.push_back(c);
            continue; // not inside: nested ones are refused by the check
        }
        collect_with_tsr_attr(c->children, name, out);
    }
}

void expand_repeats(xmlDoc* doc, const TemplateValues& v) {
    std::vector<xmlNode*> groups;
    collect_with_tsr_attr(xmlDocGetRootElement(doc), "repeat", groups);
    for (xmlNode* g : groups) {
        int rows = parse_int(tsr_attr(g, "rows").value_or("")).value_or(1);
        double h = parse_number(tsr_attr(g, "row-height").value_or("")).value_or(0);
        size_t first = static_cast<size_t>(std::max(0, v.page)) * static_cast<size_t>(rows);
        for (int i = 0; i < rows && first + static_cast<size_t>(i) < v.rows.size(); ++i) {
            const TemplateRow& row = v.rows[first + static_cast<size_t>(i)];
            xmlNode* clone = xmlDocCopyNode(g, doc, 1);
            if (!clone) fail_at(g, _("out of memory"));
            for (const char* a : {"repeat", "rows", "row-height"})
                unset_tsr_attr(clone, a);
            std::set<std::string> flags = row.flags;
            flags.insert(i % 2 == 0 ? "odd" : "even");
            xmlNode* wrapper = xmlNewDocNode(doc, g->ns, X("g"), nullptr);
            xmlSetProp(wrapper, X("transform"), X(("translate(0," + fmt(i * h) + ")").c_str()));
            xmlAddChild(wrapper, clone);
            xmlAddPrevSibling(g, wrapper);
            if (apply_conditions(clone, flags, &v.flags)) continue;
            apply_progress_bars(clone, row.progress);
            rewrite_text(clone, [&](const std::string& name) -> std::optional<std::string> {
                if (!g_str_has_prefix(name.c_str(), "activity.")) return std::nullopt;
                auto it = row.fields.find(name);
                return it == row.fields.end() ? std::string() : it->second;
            });
        }
        xmlUnlinkNode(g);
        xmlFreeNode(g);
    }
}

xmlNode* add_element(xmlNode* parent, const char* name,
                     std::initializer_list<std::pair<const char*, std::string>> attrs) {
    xmlNode* e =
        xmlNewDocNode(parent->doc, xmlDocGetRootElement(parent->doc)->ns, X(name), nullptr);
    for (const auto& [k, v] : attrs)
        xmlSetProp(e, X(k), X(v.c_str()));
    xmlAddChild(parent, e);
    return e;
}

void add_text(xmlNode* parent, double x, double y, const FontSpec& font, const std::string& fill,
              const char* anchor, const std::string& text, double fit_width,
              double min_scale = 0.7) {
    FittedText fitted = fit_text(text, font, fit_width, 1, min_scale);
    std::string line = fitted.lines.empty() ? std::string() : fitted.lines[0];
    xmlNode* t = add_element(
        parent, "text",
        {{"x", fmt(x)},
         {"y", fmt(y)},
         {"text-anchor", anchor},
         {"style", "font-family:" + font.family + ";font-size:" + fmt(fitted.font_size) +
                       "px;font-weight:" + std::to_string(font.weight) + ";fill:" + fill}});
    xmlAddChild(t, xmlNewDocText(parent->doc, X(line.c_str())));
}

void generate_timeline(xmlNode* g, const TimelineData& tl) {
    const double W = parse_number(tsr_attr(g, "width").value_or("")).value_or(1800);
    const double H = parse_number(tsr_attr(g, "height").value_or("")).value_or(700);
    const bool en = tl.lang == "en";
    std::chrono::year_month_day_last last{tl.month.year(),
                                          std::chrono::month_day_last{tl.month.month()}};
    const unsigned days = static_cast<unsigned>(last.day());
    const double label_w = std::round(W * 0.22);
    const double cell = (W - label_w) / days;
    const double header_h = 56;
    const std::string white = "#ffffff", soft = "#c8d3e6", accent = "#f5b301", late = "#ff5a5a";
    FontSpec font;
    font.family = "DejaVu Sans";

    // Weekends shaded, days numbered.
    for (unsigned d = 1; d <= days; ++d) {
        std::chrono::year_month_day ymd{tl.month.year(), tl.month.month(), std::chrono::day{d}};
        unsigned wd = weekday_index(ymd);
        double x = label_w + (d - 1) * cell;
        bool today = tl.now_day >= d && tl.now_day < d + 1;
        if (wd >= 5 || today)
            add_element(g, "rect",
                        {{"x", fmt(x)},
                         {"y", "0"},
                         {"width", fmt(cell)},
                         {"height", fmt(H)},
                         {"style", today ? "fill:#f5b301;fill-opacity:0.18"
                                         : "fill:#ffffff;fill-opacity:0.07"}});
        // Readable from the back of a hall: 3% of 1080 at least, regular weight so that two
        // digits fit a 31-day month's cell.
        font.size = std::min(32.0, cell * 0.75);
        font.weight = 400;
        add_text(g, x + cell / 2, header_h * 0.68, font, today ? accent : (wd >= 5 ? soft : white),
                 "middle", std::to_string(d), cell, 1.0);
    }
    add_element(g, "rect",
                {{"x", "0"},
                 {"y", fmt(header_h - 3)},
                 {"width", fmt(W)},
                 {"height", "3"},
                 {"style", "fill:#f5b301"}});

    const double avail = H - header_h - 8;
    const double min_row = 52;
    size_t max_rows = static_cast<size_t>(std::max(1.0, std::floor(avail / min_row)));
    size_t n = tl.rows.size();
    size_t shown = n <= max_rows ? n : max_rows - 1;
    size_t lines = n <= max_rows ? n : max_rows;
    if (n == 0) {
        font.size = 44;
        font.weight = 400;
        add_text(g, W / 2, header_h + avail / 2, font, soft, "middle",
                 en ? "No activities this month" : "Tidak ada kegiatan bulan ini", W);
    }
    const double row_h = lines ? std::min(84.0, avail / static_cast<double>(lines)) : 0;
    // One size for every label (the smallest any needs, not below 80%): rows read evenly.
    const double label_size = std::clamp(row_h * 0.55, 32.0, 34.0);
    double common = label_size;
    font.size = label_size;
    font.weight = 700;
    for (size_t i = 0; i < shown; ++i) {
        double w = measure_text_width(tl.rows[i].title, font);
        if (w > label_w - 16) common = std::min(common, label_size * (label_w - 16) / w);
    }
    common = std::max(common, 32.0); // longer titles are cut with "…" rather than shrunk
    for (size_t i = 0; i < shown; ++i) {
        const TimelineRow& r = tl.rows[i];
        double y = header_h + 8 + i * row_h;
        if (i % 2 == 0)
            add_element(g, "rect",
                        {{"x", "0"},
                         {"y", fmt(y)},
                         {"width", fmt(W)},
                         {"height", fmt(row_h)},
                         {"style", "fill:#ffffff;fill-opacity:0.05"}});
        font.size = common;
        font.weight = 700;
        add_text(g, 0, y + row_h / 2 + font.size * 0.36, font, r.late ? late : white, "start",
                 r.title, label_w - 16, 1.0);
        // Consecutive days merge into one bar.
        for (auto it = r.days.begin(); it != r.days.end();) {
            unsigned a = *it, b = *it;
            while (++it != r.days.end() && *it == b + 1)
                b = *it;
            double x = label_w + (a - 1) * cell + 3;
            add_element(g, "rect",
                        {{"x", fmt(x)},
                         {"y", fmt(y + row_h * 0.2)},
                         {"width", fmt((b - a + 1) * cell - 6)},
                         {"height", fmt(row_h * 0.6)},
                         {"rx", fmt(std::min(8.0, row_h * 0.15))},
                         {"style", "fill:" + accent}});
        }
        for (unsigned d : r.deadline_days) {
            double cx = label_w + (d - 0.5) * cell, cy = y + row_h / 2;
            double s = std::min(cell, row_h) * 0.34;
            add_element(
                g, "path",
                {{"d", "M " + fmt(cx) + " " + fmt(cy - s) + " L " + fmt(cx + s) + " " + fmt(cy) +
                           " L " + fmt(cx) + " " + fmt(cy + s) + " L " + fmt(cx - s) + " " +
                           fmt(cy) + " Z"},
                 {"style", "fill:" + (r.late ? late : white) + ";stroke:#0b1f3a;stroke-width:3"}});
        }
    }
    if (shown < n) {
        double y = header_h + 8 + shown * row_h;
        font.size = 32.0;
        font.weight = 400;
        std::string more =
            "+" + std::to_string(n - shown) + (en ? " more activities" : " kegiatan lainnya");
        add_text(g, 0, y + row_h / 2 + font.size * 0.36, font, soft, "start", more, W);
    }
    if (tl.now_day >= 1 && tl.now_day < days + 1) {
        // Below the day numbers: nothing is painted over today's date.
        double x = label_w + (tl.now_day - 1) * cell;
        add_element(g, "rect",
                    {{"x", fmt(x - 2)},
                     {"y", fmt(header_h)},
                     {"width", "4"},
                     {"height", fmt(H - header_h)},
                     {"style", "fill:" + late}});
        add_element(
            g, "circle",
            {{"cx", fmt(x)}, {"cy", fmt(header_h + 9)}, {"r", "9"}, {"style", "fill:" + late}});
    }
}

void fit_texts(xmlNode* n) {
    for (xmlNode* c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        auto width_attr = tsr_attr(c, "width");
        if (!is_element(c, "text") || !width_attr) {
            fit_texts(c->children);
            continue;
        }
        double width = parse_number(*width_attr).value_or(0);
        int max_lines = parse_int(tsr_attr(c, "lines").value_or("1")).value_or(1);
        double line_height =
            parse_number(tsr_attr(c, "line-height").value_or("1.25")).value_or(1.25);
        double min_scale = parse_number(tsr_attr(c, "min-scale").value_or("0.6")).value_or(0.6);
        for (const char* a : {"width", "lines", "line-height", "min-scale"})
            unset_tsr_attr(c, a);
        // Every text node below, in order; the first non-blank one's element holds the result.
        std::vector<xmlNode*> texts;
        std::function<void(xmlNode*)> collect = [&](xmlNode* e) {
            for (xmlNode* k = e->children; k; k = k->next) {
                if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
                    texts.push_back(k);
                else if (k->type == XML_ELEMENT_NODE)
                    collect(k);
            }
        };
        collect(c);
        std::string content;
        xmlNode* first = nullptr;
        for (xmlNode* t : texts) {
            std::string s = S(t->content);
            if (!first && !trim(s).empty()) first = t;
            content += s;
        }
        if (!first || width <= 0) continue;
        xmlNode* holder = first->parent;
        FontSpec font = font_of(holder);
        FittedText fitted = fit_text(max_lines > 1 ? content : clean_line(content), font, width,
                                     std::max(1, max_lines), min_scale);
        for (xmlNode* t : texts)
            xmlNodeSetContent(t, X(""));
        if (fitted.shrunk) style_set(holder, "font-size", fmt(fitted.font_size) + "px");
        if (max_lines <= 1) {
            xmlNodeSetContent(first, X(fitted.lines.empty() ? "" : fitted.lines[0].c_str()));
            continue;
        }
        std::string x = attr(holder, "x");
        if (x.empty()) x = attr(c, "x");
        x = x.substr(0, x.find_first_of(" ,"));
        if (x.empty()) x = "0";
        for (size_t i = 0; i < fitted.lines.size(); ++i) {
            xmlNode* span = xmlNewDocNode(c->doc, c->ns, X("tspan"), nullptr);
            xmlSetProp(span, X("x"), X(x.c_str()));
            xmlSetProp(span, X("dy"),
                       X(i == 0 ? "0" : fmt(fitted.font_size * line_height).c_str()));
            // An empty line (between paragraphs) keeps its space: a tspan without characters
            // would drop its dy.
            const std::string& line = fitted.lines[i].empty() ? nbsp : fitted.lines[i];
            xmlAddChild(span, xmlNewDocText(c->doc, X(line.c_str())));
            xmlAddChild(holder, span);
        }
    }
}

} // namespace

// ---- public ---------------------------------------------------------------------------

double measure_text_width(const std::string& text, const FontSpec& font) {
    if (text.empty()) return 0;
    Layout layout = make_layout(text, font);
    PangoRectangle logical;
    pango_layout_get_extents(layout.get(), nullptr, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE;
}

FittedText fit_text(const std::string& text, const FontSpec& font, double width, int max_lines,
                    double min_scale) {
    FittedText out;
    out.font_size = font.size;
    max_lines = std::max(1, max_lines);
    min_scale = std::clamp(min_scale, 0.05, 1.0);
    std::string t = max_lines == 1 ? clean_line(text) : text;
    if (!g_utf8_validate(t.c_str(), static_cast<gssize>(t.size()), nullptr)) {
        gchar* valid = g_utf8_make_valid(t.c_str(), static_cast<gssize>(t.size()));
        t = valid;
        g_free(valid);
    }
    if (trim(t).empty()) {
        out.lines.push_back("");
        return out;
    }
    FontSpec f = font;
    for (int step = 0;; ++step) {
        double scale = std::max(min_scale, 1.0 - 0.04 * step);
        f.size = font.size * scale;
        out.font_size = f.size;
        out.shrunk = step > 0;
        if (max_lines == 1) {
            if (measure_text_width(t, f) <= width) {
                out.lines = {t};
                return out;
            }
        } else {
            auto spans = wrap_spans(t, f, width);
            if (static_cast<int>(spans.size()) <= max_lines) {
                for (const auto& s : spans) {
                    std::string line = clean_line(t.substr(s.start, s.length));
                    out.lines.push_back(ellipsize(line, f, width)); // a no-op unless Pango overran
                }
                return out;
            }
        }
        if (scale <= min_scale) break;
    }
    out.cut = true;
    if (max_lines == 1) {
        out.lines = {ellipsize(t, f, width)};
        return out;
    }
    auto spans = wrap_spans(t, f, width);
    for (int i = 0; i + 1 < max_lines; ++i) {
        std::string line = clean_line(
            t.substr(spans[static_cast<size_t>(i)].start, spans[static_cast<size_t>(i)].length));
        out.lines.push_back(ellipsize(line, f, width));
    }
    std::string rest = clean_line(t.substr(spans[static_cast<size_t>(max_lines - 1)].start));
    std::string last = ellipsize(rest, f, width);
    if (last.find(ellipsis) == std::string::npos) last = ellipsize(rest + " " + ellipsis, f, width);
    out.lines.push_back(last);
    return out;
}

FieldFit field_fit(const std::filesystem::path& svg, const std::string& field,
                   const std::string& value) {
    FieldFit out;
    std::string text;
    Doc doc;
    try {
        text = read_file_limited(svg, max_template_bytes, _("the template"));
        SourceScope source(text);
        doc = parse_svg(text);
    } catch (const TemplateError&) {
        return out;
    }
    // The first <text tsr:width> whose text names the field, in document order.
    xmlNode* box = nullptr;
    xmlNode* holder = nullptr;
    std::string content;
    std::function<void(xmlNode*)> find = [&](xmlNode* n) {
        for (xmlNode* c = n; c && !box; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            if (is_element(c, "text") && tsr_attr(c, "width")) {
                std::string all;
                xmlNode* first = nullptr;
                std::function<void(xmlNode*)> collect = [&](xmlNode* e) {
                    for (xmlNode* k = e->children; k; k = k->next) {
                        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
                            std::string piece = S(k->content);
                            if (!first && !trim(piece).empty()) first = k;
                            all += piece;
                        } else if (k->type == XML_ELEMENT_NODE) {
                            collect(k);
                        }
                    }
                };
                collect(c);
                if (first && contains(fields_in(all), field)) {
                    box = c;
                    holder = first->parent;
                    content = all;
                }
                continue;
            }
            find(c->children);
        }
    };
    find(xmlDocGetRootElement(doc.get()));
    if (!box) return out;
    out.found = true;
    double width = parse_number(tsr_attr(box, "width").value_or("")).value_or(0);
    int max_lines = std::max(1, parse_int(tsr_attr(box, "lines").value_or("1")).value_or(1));
    double min_scale = parse_number(tsr_attr(box, "min-scale").value_or("0.6")).value_or(0.6);
    if (width <= 0) return out;
    FontSpec font = font_of(holder);
    auto cut_with = [&](const std::string& v) {
        std::string filled = substitute(content, [&](const std::string& name) {
            return std::optional<std::string>(name == field ? v : std::string());
        });
        return fit_text(max_lines > 1 ? filled : clean_line(filled), font, width, max_lines,
                        min_scale)
            .cut;
    };
    if (!cut_with(value)) return out;
    out.cut = true;
    // The longest beginning of the value (in characters) that still fits.
    std::vector<size_t> starts; // byte offset of each character
    for (size_t i = 0; i < value.size(); ++i)
        if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) starts.push_back(i);
    size_t lo = 0, hi = starts.size(); // prefix of lo chars fits; of hi does not
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (cut_with(value.substr(0, starts[mid])))
            hi = mid;
        else
            lo = mid;
    }
    out.fits_chars = lo;
    return out;
}

std::vector<FitWarning> slide_text_warnings(const std::filesystem::path& svg,
                                            const std::string& box_name, const std::string& title,
                                            const std::string& text) {
    std::vector<FitWarning> out;
    for (const auto& [key, field, value] :
         {std::tuple{"title", "slide.title", &title}, {"text", "slide.text", &text}}) {
        if (value->empty()) continue;
        FieldFit fit = field_fit(svg, field, *value);
        if (!fit.cut) continue;
        out.push_back(
            {key, i18n::format(_("\"%s\" is too long for the %s %s box and will be cut "
                                 "with \"%s\"; shorten it to about %s characters"),
                               excerpt(*value, 40), box_name, key, ellipsis, fit.fits_chars)});
    }
    return out;
}

const std::vector<std::string>& template_field_names() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> v = doc_fields;
        v.insert(v.end(), row_fields.begin(), row_fields.end());
        return v;
    }();
    return all;
}

const std::vector<std::string>& template_condition_names() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> v = doc_conditions;
        v.insert(v.end(), row_conditions.begin(), row_conditions.end());
        return v;
    }();
    return all;
}

std::string fill_template(const std::string& svg_text, const TemplateValues& values) {
    SourceScope source(svg_text);
    Doc doc = parse_svg(svg_text);
    Problems problems = problems_of(doc.get());
    if (problems.first_fatal)
        throw TemplateError(problems.first_fatal->line, problems.first_fatal->message);
    xmlNode* root = xmlDocGetRootElement(doc.get());
    // The document type (if any) goes: librsvg gets plain SVG.
    if (xmlDtd* dtd = xmlGetIntSubset(doc.get())) {
        xmlUnlinkNode(reinterpret_cast<xmlNode*>(dtd));
        xmlFreeDtd(dtd);
    }
    if (values.timeline) {
        std::vector<xmlNode*> groups;
        collect_with_tsr_attr(root, "timeline", groups);
        for (xmlNode* g : groups) {
            generate_timeline(g, *values.timeline);
            for (const char* a : {"timeline", "width", "height"})
                unset_tsr_attr(g, a);
        }
    }
    expand_repeats(doc.get(), values);
    apply_conditions(root, values.flags, nullptr);
    rewrite_text(root, [&](const std::string& name) -> std::optional<std::string> {
        auto it = values.fields.find(name);
        return it == values.fields.end() ? std::string() : it->second;
    });
    fit_texts(root);
    return serialized(doc.get());
}

std::string fill_template_file(const std::filesystem::path& svg, const TemplateValues& values) {
    return fill_template(read_file_limited(svg, max_template_bytes, _("the template")), values);
}

int template_rows_per_page(const std::filesystem::path& svg) {
    try {
        Doc doc = parse_svg(read_file_limited(svg, max_template_bytes, _("the template")));
        std::vector<xmlNode*> groups;
        collect_with_tsr_attr(xmlDocGetRootElement(doc.get()), "repeat", groups);
        if (groups.empty()) return 0;
        auto rows = parse_int(tsr_attr(groups.front(), "rows").value_or(""));
        return rows && *rows >= 1 && *rows <= 100 ? *rows : 0;
    } catch (const TemplateError&) {
        return 0;
    }
}

std::vector<TemplateProblem> template_text_problems(const std::string& svg_text) {
    SourceScope source(svg_text);
    try {
        Doc doc = parse_svg(svg_text);
        return problems_of(doc.get()).list;
    } catch (const TemplateError& e) {
        return {{e.line(), e.what(), e.column()}};
    }
}

std::vector<TemplateProblem> template_problems(const std::filesystem::path& svg) {
    try {
        return template_text_problems(
            read_file_limited(svg, max_template_bytes, _("the template")));
    } catch (const TemplateError& e) {
        return {{e.line(), e.what(), e.column()}};
    }
}

std::vector<TemplateProblem> svg_picture_problems(const std::string& svg_text) {
    SourceScope source(svg_text);
    try {
        Doc doc = parse_svg(svg_text, SvgUse::picture);
        return problems_of(doc.get(), SvgUse::picture).list;
    } catch (const TemplateError& e) {
        return {{e.line(), e.what(), e.column()}};
    }
}

std::string clean_svg_picture(const std::string& svg_text) {
    SourceScope source(svg_text);
    Doc doc = parse_svg(svg_text, SvgUse::picture);
    if (auto p = problems_of(doc.get(), SvgUse::picture).first_fatal)
        throw TemplateError(p->line, p->message, p->column);
    if (xmlDtd* dtd = xmlGetIntSubset(doc.get())) {
        xmlUnlinkNode(reinterpret_cast<xmlNode*>(dtd));
        xmlFreeDtd(dtd);
    }
    return serialized(doc.get());
}

std::string image_data_uri(const std::filesystem::path& file) {
    std::string data = read_file_limited(file, max_image_bytes, _("the image"));
    auto starts = [&](std::string_view magic) { return data.compare(0, magic.size(), magic) == 0; };
    std::string mime;
    if (starts("\x89PNG\r\n\x1a\n"))
        mime = "image/png";
    else if (starts("\xFF\xD8\xFF"))
        mime = "image/jpeg";
    else if (starts("GIF87a") || starts("GIF89a"))
        mime = "image/gif";
    else if (starts("RIFF") && data.size() > 12 && data.compare(8, 4, "WEBP") == 0)
        mime = "image/webp";
    else {
        std::string ext = file.extension().string();
        for (char& c : ext)
            c = g_ascii_tolower(c);
        if (ext != ".svg")
            throw TemplateError(0,
                                i18n::format(_("the image %s is not PNG, JPEG, GIF, WebP or SVG"),
                                             file.filename().string()));
        // An SVG image is untrusted too: the picture rules, and librsvg gets it clean.
        try {
            data = clean_svg_picture(data);
        } catch (const TemplateError& e) {
            throw TemplateError(0, i18n::format(_("the SVG image %s:%s: %s"),
                                                file.filename().string(), e.line(), e.what()));
        }
        mime = "image/svg+xml";
    }
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(data.data()), data.size());
    std::string uri = "data:" + mime + ";base64," + b64;
    g_free(b64);
    return uri;
}

} // namespace tsr
