#include "diagnostics.hpp"

#include <algorithm>

namespace tsr {

std::string format_diagnostic(const Diagnostic& d) {
    std::string out = d.file.string();
    if (d.pos.line > 0) {
        out += ':' + std::to_string(d.pos.line);
        if (d.pos.column > 0) out += ':' + std::to_string(d.pos.column);
    }
    out += d.severity == Severity::error ? ": error: " : ": warning: ";
    if (!d.key.empty()) out += d.key + ": ";
    out += d.message;
    return out;
}

void Diagnostics::error(const std::filesystem::path& file, SourcePos pos, std::string key,
                        std::string message) {
    list_.push_back({file, pos, Severity::error, std::move(key), std::move(message)});
}

void Diagnostics::warning(const std::filesystem::path& file, SourcePos pos, std::string key,
                          std::string message) {
    list_.push_back({file, pos, Severity::warning, std::move(key), std::move(message)});
}

bool Diagnostics::has_errors() const {
    return error_count() > 0;
}

std::size_t Diagnostics::error_count() const {
    return std::count_if(list_.begin(), list_.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::size_t Diagnostics::warning_count() const {
    return list_.size() - error_count();
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = list_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
        return a.pos.column < b.pos.column;
    });
    return out;
}

} // namespace tsr
