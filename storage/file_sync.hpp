#pragma once

#include <filesystem>

namespace vigil::storage {

// fsync(2) of a file's contents, so a copy or a rename that follows it
// never exposes a file whose bytes are still only in the page cache.
// Throws std::runtime_error naming the file.
void sync_file(const std::filesystem::path& file);

// fsync(2) of a directory, which makes the renames and links in it durable.
// Throws std::runtime_error naming the directory.
void sync_directory(const std::filesystem::path& dir);

}  // namespace vigil::storage
