// The console's engine-pure parts: the users file, passwords, the login rate limit, sessions,
// CSV and HTML text, the listen address, and the edit check/save through load_playlist.
#include "console/catalog.hpp"
#include "console/pages.hpp"
#include "console/playlist_edit.hpp"
#include "console/rate_limit.hpp"
#include "console/server.hpp"
#include "console/sessions.hpp"
#include "console/uploads.hpp"
#include "console/users.hpp"
#include "i18n.hpp"
#include "playlist_loader.hpp"
#include "test_support.hpp"
#include "video/video_clip.hpp"

#include <boost/test/unit_test.hpp>

#include <cairo-pdf.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace tsr;
using namespace tsr::console;

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kHash = "$argon2id$v=19$m=65536,t=2,p=1$gc6c6tqmHdG62MGEnfE+Qw$"
                          "BVHJanp5nAjC4pqusKQKldDqMGddMG74yGAEHcWYKRk";

const char* kPlaylist = "[office]\n"
                        "name = \"Kantor\"\n"
                        "timezone = \"Asia/Jakarta\"\n"
                        "\n"
                        "[[slide]]\n"
                        "template = \"info\"\n"
                        "duration = \"30s\"\n"
                        "title = \"Halo\"\n";

Instant at(const char* text) {
    return *parse_local_datetime(*TimeZone::named("Asia/Jakarta"), text);
}

std::string slurp_binary(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(console)

BOOST_AUTO_TEST_CASE(users_file_reads_back_what_it_writes) {
    BOOST_REQUIRE(crypto_ready());
    std::vector<User> users{{"ana", Role::editor, kHash},
                            {"budi.s", Role::viewer, kHash},
                            {"kepala_1", Role::admin, kHash}};
    std::string error;
    auto back = parse_users(format_users(users), &error);
    BOOST_REQUIRE_MESSAGE(back, error);
    BOOST_REQUIRE(back->size() == 3u);
    BOOST_TEST((*back)[1].name == "budi.s");
    BOOST_TEST(role_name((*back)[2].role) == std::string("admin"));
    BOOST_TEST((*back)[0].hash == kHash);

    test::TempPlaylist tmp;
    const auto file = default_users_file(tmp.dir());
    BOOST_TEST(write_users(file, users) == "");
    struct stat st {};
    BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    BOOST_REQUIRE(::stat(file.parent_path().c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0700u);
    auto read = read_users(file, &error);
    BOOST_REQUIRE(read);
    BOOST_TEST(read->size() == 3u);
    // No file: no users (the console then refuses to start and says how to add one).
    auto none = read_users(tmp.dir() / "nothing", &error);
    BOOST_REQUIRE(none);
    BOOST_TEST(none->empty());
}

BOOST_AUTO_TEST_CASE(users_file_mistakes_name_their_line) {
    std::string error;
    BOOST_TEST(!parse_users("# c\nana editor " + kHash + "\nbudi boss " + kHash + "\n", &error));
    BOOST_TEST(error == "line 3: the role \"boss\" is not viewer, editor or admin");
    BOOST_TEST(!parse_users("ana editor " + kHash + "\nana viewer " + kHash + "\n", &error));
    BOOST_TEST(error == "line 2: \"ana\" is there twice");
    BOOST_TEST(!parse_users("ana editor $2y$10$bcrypt\n", &error));
    BOOST_TEST(error == "line 1: the password hash is not an Argon2id hash; set the password "
                        "again with tsr user passwd");
    BOOST_TEST(!parse_users("a/b editor " + kHash + "\n", &error));
    BOOST_TEST(error == "line 1: the name \"a/b\" may hold only letters a-z, digits and . _ -");
    BOOST_TEST(!parse_users("ana editor\n", &error));
    BOOST_TEST(error == "line 1: write NAME ROLE HASH (made by tsr user add)");
    BOOST_TEST(name_problem(std::string(33, 'a')) == "is too long (at most 32 characters)");
}

BOOST_AUTO_TEST_CASE(password_verifies_only_itself) {
    BOOST_REQUIRE(crypto_ready());
    std::string hash = hash_password("sandi-rahasia-1");
    BOOST_TEST(hash.rfind("$argon2id$v=19$", 0) == 0u);
    BOOST_TEST(verify_password(hash, "sandi-rahasia-1"));
    BOOST_TEST(!verify_password(hash, "sandi-rahasia-2"));
    BOOST_TEST(!verify_password(hash, ""));
    BOOST_TEST(!verify_password("not a hash", "sandi-rahasia-1"));
    // Two hashes of one password differ (a random salt each).
    BOOST_TEST(hash_password("sandi-rahasia-1") != hash);
    BOOST_TEST(password_problem("pendek") == "is too short (at least 8 characters)");
    BOOST_TEST(password_problem("kata\tsandi-panjang") == "holds a control character");
    BOOST_TEST(password_problem("sandi \xff panjang") == "is not UTF-8 text");
    BOOST_TEST(password_problem(std::string(257, 'x')) == "is too long (at most 256 bytes)");
    BOOST_TEST(password_problem("rahasia-kantor") == "");
}

BOOST_AUTO_TEST_CASE(login_rate_limit_per_address) {
    LoginRateLimit limit(5, 600);
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(limit.wait_seconds("10.0.0.7", 100 + i) == 0);
        limit.failed("10.0.0.7", 100 + i);
    }
    // Locked until the first of the five is 600 s old: 100 + 600 - 110.
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 110) == 590);
    BOOST_TEST(limit.wait_seconds("10.0.0.8", 110) == 0); // another address is not
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 699.5) == 1);
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 700) == 0);
    limit.failed("10.0.0.7", 700); // four old ones still count: locked again until 701 + 600
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 700) == 1);
    // A success takes back its own attempt only: the four earlier failures still count.
    limit.succeeded("10.0.0.7");
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 700) == 0);
    limit.failed("10.0.0.7", 700.5);
    BOOST_TEST(limit.wait_seconds("10.0.0.7", 700.5) == 1); // 101 + 600 - 700.5, rounded up
    limit.succeeded("10.0.0.8");                            // unknown: nothing to take back
    BOOST_TEST(limit.addresses() == 1u);
    // Memory bounded under a flood of addresses.
    LoginRateLimit small(5, 600, 3);
    for (int i = 0; i < 10; ++i)
        small.failed("a" + std::to_string(i), i);
    BOOST_TEST(small.addresses() == 3u);
}

BOOST_AUTO_TEST_CASE(sessions_end_by_age_idle_logout_and_user) {
    BOOST_REQUIRE(crypto_ready());
    Sessions s;
    Session a = s.open("ana", Role::editor, 0);
    BOOST_TEST(a.id.size() == 64u);
    BOOST_TEST(a.csrf.size() == 64u);
    BOOST_TEST(a.id != a.csrf);
    BOOST_TEST(s.find(a.id, 10)->user == "ana");
    std::string other = a.id;
    other.back() = other.back() == '0' ? '1' : '0';
    BOOST_TEST(!s.find(other, 10));
    BOOST_TEST(!s.find(a.id, 10 + Sessions::max_idle_s + 1)); // idle too long
    Session b = s.open("budi", Role::viewer, 0);
    for (double t = 3600; t < Sessions::max_age_s; t += 3600)
        BOOST_TEST(s.find(b.id, t).has_value());
    BOOST_TEST(!s.find(b.id, Sessions::max_age_s + 1)); // too old, however used
    Session c = s.open("ana", Role::editor, 0);
    s.close_user("ana");
    BOOST_TEST(!s.find(c.id, 1));
    Session d = s.open("ana", Role::editor, 0);
    s.close(d.id);
    BOOST_TEST(!s.find(d.id, 1));
    BOOST_TEST(same_token(a.csrf, a.csrf));
    BOOST_TEST(!same_token(a.csrf, b.csrf));
    BOOST_TEST(!same_token("", ""));
}

BOOST_AUTO_TEST_CASE(csv_and_html_text) {
    auto rows = parse_csv("a,b,c\r\n\"x, \"\"y\"\"\",,z\nlast,\"multi\nline\",", 10);
    BOOST_REQUIRE(rows.size() == 3u);
    BOOST_TEST(rows[1][0] == "x, \"y\"");
    BOOST_TEST(rows[1][1] == "");
    BOOST_TEST(rows[2][1] == "multi\nline");
    BOOST_TEST(rows[2].size() == 3u);
    BOOST_TEST(parse_csv("1\n2\n3\n", 2).size() == 2u);
    BOOST_TEST(html("<b a=\"1\">&'") == "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    BOOST_TEST(json("a\"\\\n</script>") == "\"a\\\"\\\\\\n\\u003c/script>\"");
}

BOOST_AUTO_TEST_CASE(listen_address) {
    std::string addr, error;
    int port = 0;
    BOOST_TEST(parse_listen("8080", &addr, &port, &error));
    BOOST_TEST(addr == "127.0.0.1"); // localhost unless an address is given
    BOOST_TEST(port == 8080);
    BOOST_TEST(parse_listen("0.0.0.0:80", &addr, &port, &error));
    BOOST_TEST(addr == "0.0.0.0");
    BOOST_TEST(parse_listen("[::1]:9000", &addr, &port, &error));
    BOOST_TEST(addr == "::1");
    BOOST_TEST(!parse_listen("70000", &addr, &port, &error));
    BOOST_TEST(!parse_listen("kantor:80", &addr, &port, &error));
    BOOST_TEST(error == "\"kantor\" is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)");
}

BOOST_AUTO_TEST_CASE(an_edit_with_errors_never_replaces_the_playlist) {
    BOOST_REQUIRE(crypto_ready());
    test::TempPlaylist t;
    t.playlist(kPlaylist);
    const std::string base = file_fingerprint(t.toml());
    BOOST_TEST(base.size() == 64u);
    std::string bad = kPlaylist;
    bad.replace(bad.find("30s"), 3, "30x");
    EditResult c = check_edit(t.toml(), bad, at("2026-11-30 08:00"));
    BOOST_TEST(!c.ok);
    BOOST_REQUIRE(c.problems.size() == 1u);
    BOOST_TEST(c.problems[0].line == 7);
    BOOST_TEST(c.problems[0].column == 12);
    BOOST_TEST(c.problems[0].text == "playlist.toml:7:12: error: duration: \"30x\" is not a "
                                     "duration; write it like \"90s\", \"15m\", \"2h\" or "
                                     "\"1h30m\"");
    EditResult s = save_edit(t.toml(), bad, at("2026-11-30 08:00"), base);
    BOOST_TEST(!s.saved);
    BOOST_TEST(slurp(t.toml()) == kPlaylist);
    // No temporary file is left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(t.dir()))
        files += e.path().filename().string().rfind(".tsr-console-", 0) == 0;
    BOOST_TEST(files == 0);

    std::string good = kPlaylist;
    good.replace(good.find("Halo"), 4, "Selamat Datang");
    // Changed on disk since the editor opened it: not saved, said so.
    EditResult conflict = save_edit(t.toml(), good, at("2026-11-30 08:00"), std::string(64, '0'));
    BOOST_TEST(conflict.conflict);
    BOOST_TEST(slurp(t.toml()) == kPlaylist);
    ::chmod(t.toml().c_str(), 0664);
    EditResult ok = save_edit(t.toml(), good, at("2026-11-30 08:00"), base);
    BOOST_TEST(ok.saved);
    BOOST_TEST(ok.summary == "saved; ok: 0 warnings; the screen takes it within seconds");
    BOOST_TEST(slurp(t.toml()) == good);
    BOOST_TEST(ok.base == file_fingerprint(t.toml()));
    struct stat st {};
    ::stat(t.toml().c_str(), &st);
    BOOST_TEST((st.st_mode & 0777) == 0664u); // the permissions staff gave it are kept
}

// A deck or PDF staff made: opened as a document slide opens it before it is stored.
BOOST_AUTO_TEST_CASE(a_document_uploads_into_documents_once_it_opens) {
    test::TempPlaylist t, elsewhere;
    const std::filesystem::path made = elsewhere.dir() / "made.pdf";
    cairo_surface_t* surface = cairo_pdf_surface_create(made.c_str(), 400, 300);
    cairo_t* cr = cairo_create(surface);
    for (int page = 0; page < 2; ++page)
        cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    const std::string pdf = slurp(made);
    UploadResult ok = store_upload(t.dir(), "documents", "materi.pdf", pdf, 1920, 1080);
    BOOST_TEST(ok.ok, ok.message);
    BOOST_TEST(slurp(t.dir() / "documents" / "materi.pdf") == pdf);
    UploadResult bad =
        store_upload(t.dir(), "documents", "rusak.pdf", "%PDF-1.4\nnot really\n", 1920, 1080);
    BOOST_TEST(!bad.ok);
    BOOST_TEST(bad.message.rfind("\"documents/rusak.pdf\" is damaged or not a PDF", 0) == 0u,
               bad.message);
    BOOST_TEST(!std::filesystem::exists(t.dir() / "documents" / "rusak.pdf"));
    auto files = uploaded_files(t.dir());
    BOOST_REQUIRE(files.size() == 1u);
    BOOST_TEST(files[0].relative == "documents/materi.pdf");
}

BOOST_AUTO_TEST_CASE(uploads_land_only_in_audio_or_images_after_their_check) {
    BOOST_TEST(upload_name_problem("images", "a/../x.png") ==
               "may hold only letters a-z, digits, spaces and . _ - in its name");
    BOOST_TEST(upload_name_problem("images", ".hidden.png") ==
               "starts with a dot; give it a plain name");
    BOOST_TEST(upload_name_problem("..", "x.png") ==
               "goes to an unknown folder; choose audio, images, video or documents");
    BOOST_TEST(upload_name_problem("documents", "surat.docx") ==
               "is not a document for documents/: upload a .pdf, .pptx, .ppt or .odp file");
    for (const char* doc : {"a.pdf", "Materi Sosialisasi.PPTX", "lama.ppt", "c.odp"})
        BOOST_TEST(upload_name_problem("documents", doc) == "", doc);
    BOOST_TEST(upload_name_problem("audio", "lagu.wma") ==
               "is not a sound for audio/: upload an .m4a, .mp3, .wav, .ogg, .opus or .flac file");
    for (const char* sound : {"a.m4a", "b.MP3", "c.wav", "pesan.ogg", "d.opus", "e.flac"})
        BOOST_TEST(upload_name_problem("audio", sound) == "", sound);
    BOOST_TEST(upload_name_problem("images", "Poster Rapat.JPG") == "");

    test::TempPlaylist t;
    const std::string png = "\x89PNG\r\n\x1a\n"; // a signature and no header: damaged
    UploadResult bad = store_upload(t.dir(), "images", "rusak.png", png, 1920, 1080);
    BOOST_TEST(!bad.ok);
    BOOST_TEST(bad.message.rfind("\"images/rusak.png\" is a PNG whose header is damaged", 0) == 0u,
               bad.message);
    BOOST_TEST(!std::filesystem::exists(t.dir() / "images" / "rusak.png"));
    const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
                            "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n";
    UploadResult ok = store_upload(t.dir(), "images", "kotak.svg", svg, 1920, 1080);
    BOOST_TEST(ok.ok, ok.message);
    BOOST_TEST(ok.message == "images/kotak.svg uploaded (" + std::to_string(svg.size()) +
                                 " bytes); write its path in playlist.toml to use it");
    BOOST_TEST(slurp(t.dir() / "images" / "kotak.svg") == svg);
    auto files = uploaded_files(t.dir());
    BOOST_REQUIRE(files.size() == 1u); // no temporary file left
    BOOST_TEST(files[0].relative == "images/kotak.svg");

    // images/ a link to a folder outside: nothing lands there.
    test::TempPlaylist outside, u;
    std::filesystem::create_directory_symlink(outside.dir(), u.dir() / "images");
    UploadResult out = store_upload(u.dir(), "images", "kotak.svg", svg, 1920, 1080);
    BOOST_TEST(!out.ok);
    BOOST_TEST(out.message == "\"images/kotak.svg\" would land outside the playlist folder; not "
                              "uploaded");
    BOOST_TEST(!std::filesystem::exists(outside.dir() / "kotak.svg"));
}

// In the console's language: the summary of a check and a save, and the upload messages.
BOOST_AUTO_TEST_CASE(edit_and_upload_messages_in_indonesian) {
    BOOST_REQUIRE(crypto_ready());
    test::TempPlaylist t;
    t.playlist(kPlaylist);
    std::string bad = kPlaylist;
    bad.replace(bad.find("30s"), 3, "30x");
    EditResult c = check_edit(t.toml(), bad, at("2026-11-30 08:00"), "id");
    BOOST_TEST(c.summary == "1 kesalahan, 0 peringatan");
    BOOST_TEST(check_edit(t.toml(), bad, at("2026-11-30 08:00"), "en").summary ==
               "1 error, 0 warnings");
    EditResult s = save_edit(t.toml(), bad, at("2026-11-30 08:00"), "", "id");
    BOOST_TEST(s.summary ==
               "1 kesalahan, 0 peringatan; tidak disimpan: playlist di layar tetap seperti semula");
    EditResult conflict =
        save_edit(t.toml(), kPlaylist, at("2026-11-30 08:00"), std::string(64, '0'), "id");
    BOOST_TEST(conflict.summary ==
               "playlist.toml telah diubah orang lain sejak Anda membukanya; salin perubahan "
               "Anda, muat ulang halaman, lalu buat lagi. Tidak disimpan");
    EditResult ok = save_edit(t.toml(), kPlaylist, at("2026-11-30 08:00"), "", "id");
    BOOST_TEST(ok.summary == "disimpan; oke: 0 peringatan; layar memakainya dalam beberapa detik");

    BOOST_TEST(upload_name_problem("audio", "lagu.wma", "id") ==
               "bukan suara untuk audio/: unggah berkas .m4a, .mp3, .wav, .ogg, .opus atau .flac");
    const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
                            "height=\"10\"/>\n";
    UploadResult up = store_upload(t.dir(), "images", "kotak.svg", svg, 1920, 1080, "id");
    BOOST_TEST(up.message == "images/kotak.svg diunggah (" + std::to_string(svg.size()) +
                                 " byte); tulis jalurnya di playlist.toml untuk memakainya");
    UploadResult wrong = store_upload(t.dir(), "video", "film.avi", svg, 1920, 1080, "id");
    BOOST_TEST(wrong.message == "\"video/film.avi\" bukan video untuk video/: unggah berkas .mp4 "
                                "(video H.264, suara AAC); tidak diunggah");
    const std::string big(max_upload_bytes + 1, 'x');
    UploadResult large = store_upload(t.dir(), "images", "besar.png", big, 1920, 1080, "id");
    BOOST_TEST(large.message == "\"images/besar.png\" lebih besar dari 32 MiB, batas yang "
                                "diterima konsol untuk images/; tidak diunggah");
}

// Videos into video/: what the loader's video key opens (probe_video_clip), at most the
// console's bound, which the loader's bound covers.
BOOST_AUTO_TEST_CASE(a_video_upload_lands_in_video_after_the_loaders_probe) {
    static_assert(max_video_upload_bytes <= kMaxVideoBytes);
    BOOST_TEST(upload_limit("video") == 200u * 1024 * 1024);
    BOOST_TEST(upload_limit("images") == 32u * 1024 * 1024);
    BOOST_TEST(upload_name_problem("video", "Profil Dinas.MP4") == "");
    BOOST_TEST(upload_name_problem("video", "profil.avi") ==
               "is not a video for video/: upload an .mp4 file (H.264 video, AAC sound)");

    test::TempPlaylist made, t;
    const auto clip = test::colour_clip(made.dir() / "warna.mp4", {0xC80000, 0x00C800});
    const std::string bytes = slurp_binary(clip);
    BOOST_REQUIRE(bytes.size() > 1000u);
    UploadResult ok = store_upload(t.dir(), "video", "warna.mp4", bytes, 1920, 1080);
    BOOST_TEST(ok.ok, ok.message);
    BOOST_TEST(ok.message == "video/warna.mp4 uploaded (" + console_size_text(bytes.size(), "en") +
                                 "); write its path in playlist.toml to use it");
    BOOST_TEST(slurp_binary(t.dir() / "video" / "warna.mp4") == bytes);
    // The playlist takes it as it is.
    t.playlist(std::string(kPlaylist) + "\n[[slide]]\nvideo = \"video/warna.mp4\"\n");
    BOOST_TEST(load_playlist(t.toml(), LoadOptions{at("2026-11-30 08:00"), true}).playlist !=
               nullptr);

    const std::string text = "bukan video, hanya teks\n";
    UploadResult fake = store_upload(t.dir(), "video", "palsu.mp4", text, 1920, 1080);
    BOOST_TEST(!fake.ok);
    BOOST_TEST(fake.message == "\"video/palsu.mp4\" is not a video file (its content is not "
                               "one); save it as MP4 (H.264 video, AAC sound) again; not uploaded");
    BOOST_TEST(!std::filesystem::exists(t.dir() / "video" / "palsu.mp4"));
    {
        // tsr's language Indonesian (a playlist with language = "id"): the probe's reason too.
        i18n::use_language("id");
        UploadResult id = store_upload(t.dir(), "video", "palsu2.mp4", text, 1920, 1080, "id");
        i18n::use_language("en");
        BOOST_TEST(id.message == "\"video/palsu2.mp4\" bukan berkas video (isinya bukan video); "
                                 "simpan ulang sebagai MP4 (video H.264, suara AAC); tidak "
                                 "diunggah");
    }
    auto files = uploaded_files(t.dir());
    BOOST_REQUIRE(files.size() == 1u); // no temporary file left
    BOOST_TEST(files[0].relative == "video/warna.mp4");

    // video/ a link to a folder outside: nothing lands there.
    test::TempPlaylist outside, u;
    std::filesystem::create_directory_symlink(outside.dir(), u.dir() / "video");
    UploadResult out = store_upload(u.dir(), "video", "warna.mp4", bytes, 1920, 1080);
    BOOST_TEST(out.message == "\"video/warna.mp4\" would land outside the playlist folder; not "
                              "uploaded");
    BOOST_TEST(std::filesystem::is_empty(outside.dir()));
}

BOOST_AUTO_TEST_SUITE_END()
