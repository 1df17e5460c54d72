#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine {

// Building blocks the normalizers share: each derives ECS fields the way
// Elastic's ingest pipelines do, so one rule (for instance process.name is
// the text after the last backslash) lives in one place.
//
// `prefix` is an ECS object path such as "process" or "process.parent".
// All functions only add or overwrite the named fields. Thread-safe as long
// as no other thread touches the same document.

// The text a source value carries, or nullopt when it carries none: JSON
// null, "", "-" and the all-zero GUID are how Windows writes "not
// applicable", and Elastic's pipelines drop them. Integers are rendered as
// decimal text; other JSON types carry no text.
std::optional<std::string> present_text(const nlohmann::json* value);

// present_text of `source[key]` (a plain key, not a dotted path).
std::optional<std::string> member_text(const nlohmann::json& source, std::string_view key);

// Copies member_text(source, key) to `target` when present.
void copy_text(nlohmann::json& doc, const nlohmann::json& source, std::string_view key, std::string_view target);

// Text after the last backslash, or the whole text when there is none.
std::string_view windows_basename(std::string_view path);

// An integer from a JSON integer, decimal text ("3616"), or hex text with a
// 0x prefix ("0x11cc": Security events write process ids so). Event ids and
// process ids arrive in all three forms.
std::optional<std::int64_t> parse_integer(const nlohmann::json* value);

// <prefix>.pid from parse_integer(source[key]) when it parses.
void copy_process_id(nlohmann::json& doc, const nlohmann::json& source, std::string_view key, std::string_view prefix);

// <prefix>.executable = path and <prefix>.name = windows_basename(path).
void set_executable(nlohmann::json& doc, std::string_view prefix, std::string_view path);

// <prefix>.command_line, and <prefix>.args / args_count from
// split_command_line.
void set_command_line(nlohmann::json& doc, std::string_view prefix, std::string_view command_line);

// user.domain and user.name from "DOMAIN\name". Anything without exactly one
// backslash is left alone, as Elastic's split processor does.
void set_user_from_account(nlohmann::json& doc, std::string_view account);

// Sysmon's "SHA1=..,MD5=..,SHA256=..,IMPHASH=.." into <prefix>.hash.<algo>,
// algorithm and value lowercased; IMPHASH goes to <prefix>.pe.imphash as in
// Elastic's pipeline. All-zero and malformed entries are skipped.
void set_hashes(nlohmann::json& doc, std::string_view prefix, std::string_view hashes);

// event.category ["process"] and event.type ["start"].
void set_process_start(nlohmann::json& doc);

// host.os.type "windows" unless the document already names an OS type.
void default_windows_os(nlohmann::json& doc);

}  // namespace vigil::engine
