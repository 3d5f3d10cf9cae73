// Element tests that exercise hot reload publish into the PlaylistStore of the loaded tsr
// plugin, as `tsr play` does on a good edit.
#pragma once

#include "playlist.hpp"
#include "playlist_store.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/gst.h>

#include <dlfcn.h>

#include <cstdint>
#include <memory>

namespace tsr::test {

/// The plugin carries its own copy of libtsr (tsr exports its symbols so that the two share
/// one store; a test executable does not), so reach the plugin's store directly.
inline void publish_in_plugin(std::shared_ptr<const Playlist> p) {
    GstPlugin* plugin = gst_registry_find_plugin(gst_registry_get(), "tsr");
    BOOST_REQUIRE(plugin);
    void* so = dlopen(gst_plugin_get_filename(plugin), RTLD_NOW | RTLD_NOLOAD);
    gst_object_unref(plugin);
    BOOST_REQUIRE_MESSAGE(so, "the tsr plugin is not loaded");
    using Instance = PlaylistStore& (*)();
    using Publish = std::uint64_t (*)(PlaylistStore*, std::shared_ptr<const Playlist>);
    auto instance = reinterpret_cast<Instance>(dlsym(so, "_ZN3tsr13PlaylistStore8instanceEv"));
    auto publish = reinterpret_cast<Publish>(
        dlsym(so, "_ZN3tsr13PlaylistStore7publishESt10shared_ptrIKNS_8PlaylistEE"));
    BOOST_REQUIRE(instance);
    BOOST_REQUIRE(publish);
    const std::uint64_t generation = publish(&instance(), std::move(p));
    BOOST_TEST(generation > 0u);
    dlclose(so);
}

} // namespace tsr::test
