#pragma once

#include <absl/container/flat_hash_map.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::content::m365 {

// The URLs and attachments Defender recorded for the messages of mail
// alerts, from EmailUrlInfo and EmailAttachmentInfo rows joined on
// NetworkMessageId: what the playbook has the analyst check for phishing
// content. Only rows of the wanted messages are kept, and at most
// kMaxPerMessage URLs and attachments of each. Not thread-safe.
class MessageIndicators {
 public:
  static constexpr std::string_view kUrlDataset = "m365_defender.EmailUrlInfo";
  static constexpr std::string_view kAttachmentDataset = "m365_defender.EmailAttachmentInfo";
  static constexpr std::size_t kMaxPerMessage = 100;
  static constexpr std::size_t kMaxListed = 20;

  // `wanted`: the NetworkMessageIds to keep rows of, sorted.
  explicit MessageIndicators(std::vector<std::string> wanted) : wanted_(std::move(wanted)) {}

  // Adds an EmailUrlInfo row (Url, UrlDomain) or an EmailAttachmentInfo
  // row (FileName, FileType, SHA256) of a wanted message; other rows are
  // ignored. EmailAttachmentInfo has a row per recipient: a message's
  // attachment counts once.
  void add_url_row(const nlohmann::json& row);
  void add_attachment_row(const nlohmann::json& row);

  // For the messages `message_ids`: {"urls": {"joined_messages",
  // "top": [{url, messages}], "top_domains": [{domain, messages}]},
  // "attachments": {"joined_messages", "top": [{file_name, file_type,
  // sha256, messages}]}}; lists most messages first, up to kMaxListed.
  nlohmann::json evidence(const std::vector<std::string_view>& message_ids) const;

 private:
  struct Url {
    std::string url;
    std::string domain;
  };
  struct Attachment {
    std::string file_name;
    std::string file_type;
    std::string sha256;
    bool operator==(const Attachment&) const = default;
  };

  // The message's id when it is wanted.
  std::optional<std::string> wanted_id(const nlohmann::json& row) const;

  std::vector<std::string> wanted_;
  absl::flat_hash_map<std::string, std::vector<Url>> urls_;
  absl::flat_hash_map<std::string, std::vector<Attachment>> attachments_;
};

}  // namespace vigil::engine::content::m365
