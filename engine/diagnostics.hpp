// Problems found in a playlist, reported the way compilers do so that editors can jump to
// them: file:line:col: error: key: what was found; how to write it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tsr {

/// Where a value sits in its file (1-based; 0 when unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

enum class Severity { warning, error };

struct Diagnostic {
    std::filesystem::path file;
    SourcePos pos;
    Severity severity = Severity::error;
    std::string key;     ///< e.g. "activity[2].start"; empty for file-level problems
    std::string message; ///< what was found; how to write it
};

/// One line: "playlists/kantor/playlist.toml:14:9: error: start: ...".
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
  public:
    void error(const std::filesystem::path& file, SourcePos pos, std::string key,
               std::string message);
    void warning(const std::filesystem::path& file, SourcePos pos, std::string key,
                 std::string message);
    const std::vector<Diagnostic>& all() const { return list_; }
    bool has_errors() const;
    std::size_t error_count() const;
    std::size_t warning_count() const;
    /// Sorted by file, line, column: the order people read a file in.
    std::vector<Diagnostic> sorted() const;

  private:
    std::vector<Diagnostic> list_;
};

} // namespace tsr
