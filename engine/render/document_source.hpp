// Documents staff already have, shown as slides: a PDF as it is, a PowerPoint or OpenDocument
// presentation (.pptx, .ppt, .odp) converted to PDF by LibreOffice headless in a child
// process, with a time limit and a profile folder of its own, the result kept in the
// playlist's cache by the document's content hash (a reload or a restart does not convert
// again). Page rendering is render/document_render.hpp.
//
// Blocking (a conversion takes seconds): the playlist loader calls it (tsr check, an element
// starting, a reload beside the live playlist), never a streaming thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsr {

/// Pages a document slide may show (each is a slide in the rotation).
inline constexpr int kMaxDocumentPages = 500;
/// Documents bigger than this are refused (a deck of photos is a few tens of MiB).
inline constexpr std::uintmax_t kMaxDocumentBytes = 200ull * 1024 * 1024;

struct DocumentOptions {
    /// content_cache_dir(folder, "documents"): converted PDFs and LibreOffice's profile.
    std::filesystem::path cache_dir;
    /// A conversion still running after this is stopped (a deck that hangs LibreOffice).
    std::chrono::seconds time_limit{120};
    /// The LibreOffice program; empty: `soffice` on PATH. (Tests point it elsewhere.)
    std::string soffice;
};

struct PreparedDocument {
    std::filesystem::path pdf; ///< the PDF whose pages show; empty on failure
    int page_count = 0;
    bool converted = false; ///< LibreOffice ran now (not the cache, not a PDF)
    /// For people, following the file's name in a message: "is protected by a password;
    /// save it without one, or export it as PDF", "cannot be converted: LibreOffice is not
    /// installed; install it (apt-get install libreoffice-impress) or export the document as
    /// PDF", ...
    std::string problem;
    bool ok() const { return !pdf.empty(); }
};

/// The document as a PDF, with its page count. A file that starts like a PDF is one whatever
/// its name; .pptx, .ppt, .odp (and .key-less other names: refused) are converted. Thread-safe;
/// never throws.
PreparedDocument prepare_document(const std::filesystem::path& file,
                                  const DocumentOptions& options);

/// `pages` as written ("1-3,5", spaces allowed) into 0-based page indexes in the order
/// written, for a document of `page_count` pages; nullopt with *problem set ("goes beyond the
/// last page (the document has 4 pages)", "is not a page list; write it like \"1-3,5\"").
/// At most kMaxDocumentPages pages.
std::optional<std::vector<int>> parse_page_list(std::string_view pages, int page_count,
                                                std::string* problem);

} // namespace tsr
