// Where made content is cached (engine/content_cache.hpp): `.tsr-cache` takes the playlist
// folder's permissions whatever the umask of whoever makes it first, so that the service (user
// tsr) and staff in the tsr group running `tsr check` can both write it.
#include "content_cache.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace tsr;

namespace {

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

/// Runs `content_cache_dir` in `folder` as another user, as a fresh process would: uid `uid`,
/// group `gid` only, umask `mask`. Returns 0 when it gave the playlist's own cache and a file
/// could be written there, 1 when it gave another folder, 2 when the write failed.
int cache_as(uid_t uid, gid_t gid, mode_t mask, const fs::path& folder, const char* file) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(1, &gid) != 0 || ::setresgid(gid, gid, gid) != 0 ||
            ::setresuid(uid, uid, uid) != 0)
            ::_exit(3);
        ::umask(mask);
        const fs::path dir = content_cache_dir(folder, "speech");
        if (dir != folder / ".tsr-cache" / "speech") ::_exit(1);
        ::_exit(write_file_atomically(dir / file, "RIFF").empty() ? 0 : 2);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Restores the test process's umask.
struct Umask {
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
    mode_t old;
};

} // namespace

BOOST_AUTO_TEST_SUITE(content_cache)

BOOST_AUTO_TEST_CASE(the_cache_takes_the_playlist_folders_permissions_not_the_umask) {
    test::TempDir t;
    const fs::path folder = t.path / "playlist";
    fs::create_directory(folder);
    ::chmod(folder.c_str(), 02775); // as tsr.tmpfiles makes /srv/tsr/playlist
    {
        Umask staff(022);
        BOOST_TEST(content_cache_dir(folder, "speech") == folder / ".tsr-cache" / "speech");
    }
    BOOST_TEST(mode_of(folder / ".tsr-cache") == 02775u);
    BOOST_TEST(mode_of(folder / ".tsr-cache" / "speech") == 02775u);
    {
        Umask service(0007);
        BOOST_TEST(content_cache_dir(folder, "documents") == folder / ".tsr-cache" / "documents");
    }
    BOOST_TEST(mode_of(folder / ".tsr-cache" / "documents") == 02775u);

    // A private folder keeps a private cache, whatever the umask.
    const fs::path own = t.path / "own";
    fs::create_directory(own);
    ::chmod(own.c_str(), 0700);
    {
        Umask open(0);
        content_cache_dir(own, "speech");
    }
    BOOST_TEST(mode_of(own / ".tsr-cache") == 0700u);
    BOOST_TEST(mode_of(own / ".tsr-cache" / "speech") == 0700u);
}

BOOST_AUTO_TEST_CASE(a_cache_made_narrower_by_an_older_tsr_is_widened_by_its_owner) {
    test::TempDir t;
    const fs::path folder = t.path / "playlist";
    fs::create_directory(folder);
    ::chmod(folder.c_str(), 02775);
    fs::create_directories(folder / ".tsr-cache" / "speech");
    ::chmod((folder / ".tsr-cache").c_str(), 02755);
    ::chmod((folder / ".tsr-cache" / "speech").c_str(), 02755);
    content_cache_dir(folder, "speech");
    BOOST_TEST(mode_of(folder / ".tsr-cache") == 02775u);
    BOOST_TEST(mode_of(folder / ".tsr-cache" / "speech") == 02775u);
}

BOOST_AUTO_TEST_CASE(staff_first_then_the_service_both_write_the_playlists_cache) {
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("skipped: needs root to act as two users");
        return;
    }
    // /srv/tsr/playlist: 2775 tsr:tsr. A member of staff (uid 4201, in the group, umask 022)
    // runs `tsr check` first; then the service (uid 4202, umask 0007 as the unit sets), then
    // the staff member again.
    const gid_t tsr_group = 4242;
    test::TempDir t;
    ::chmod(t.path.c_str(), 0755);
    const fs::path folder = t.path / "playlist";
    fs::create_directory(folder);
    BOOST_REQUIRE(::chown(folder.c_str(), 4202, tsr_group) == 0);
    ::chmod(folder.c_str(), 02775);
    BOOST_TEST(cache_as(4201, tsr_group, 022, folder, "staff.wav") == 0);
    BOOST_TEST(cache_as(4202, tsr_group, 0007, folder, "service.wav") == 0);
    BOOST_TEST(cache_as(4201, tsr_group, 022, folder, "staff-again.wav") == 0);
    struct stat st {};
    BOOST_REQUIRE(::stat((folder / ".tsr-cache" / "speech").c_str(), &st) == 0);
    BOOST_TEST(st.st_uid == 4201u); // made by staff ...
    BOOST_TEST(st.st_gid == tsr_group);
    BOOST_TEST((st.st_mode & 07777) == 02775u); // ... open to the group
    // Each read what the other wrote: the files are group-readable.
    BOOST_TEST((mode_of(folder / ".tsr-cache" / "speech" / "service.wav") & 0040) != 0u);
    BOOST_TEST((mode_of(folder / ".tsr-cache" / "speech" / "staff.wav") & 0040) != 0u);
}

BOOST_AUTO_TEST_SUITE_END()
