#include "engine/content/m365/message_indicators.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "engine/analytics/column.hpp"

namespace vigil::engine::content::m365 {
namespace {

// The `key`s counted once per message, most messages first, up to `limit`;
// ties in key order so an unchanged bin yields the same evidence.
template <typename Key>
std::vector<std::pair<Key, std::int64_t>> top(const std::map<Key, std::int64_t>& counts, std::size_t limit) {
  std::vector<std::pair<Key, std::int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.size() > limit) sorted.resize(limit);
  return sorted;
}

}  // namespace

std::optional<std::string> MessageIndicators::wanted_id(const nlohmann::json& row) const {
  auto id = analytics::column_text(row, "NetworkMessageId");
  if (!id || !std::binary_search(wanted_.begin(), wanted_.end(), *id)) return std::nullopt;
  return id;
}

void MessageIndicators::add_url_row(const nlohmann::json& row) {
  const auto id = wanted_id(row);
  const auto url = analytics::column_text(row, "Url");
  if (!id || !url) return;
  auto& urls = urls_[*id];
  if (urls.size() >= kMaxPerMessage ||
      std::any_of(urls.begin(), urls.end(), [&](const Url& u) { return u.url == *url; })) {
    return;
  }
  urls.push_back({*url, analytics::lowercase(analytics::column_text(row, "UrlDomain").value_or(""))});
}

void MessageIndicators::add_attachment_row(const nlohmann::json& row) {
  const auto id = wanted_id(row);
  if (!id) return;
  Attachment attachment{analytics::column_text(row, "FileName").value_or(""), analytics::column_text(row, "FileType").value_or(""),
                        analytics::lowercase(analytics::column_text(row, "SHA256").value_or(""))};
  if (attachment == Attachment{}) return;
  auto& attachments = attachments_[*id];
  if (attachments.size() < kMaxPerMessage &&
      std::find(attachments.begin(), attachments.end(), attachment) == attachments.end()) {
    attachments.push_back(std::move(attachment));
  }
}

nlohmann::json MessageIndicators::evidence(const std::vector<std::string_view>& message_ids) const {
  std::map<std::string, std::int64_t> url_counts;
  std::map<std::string, std::int64_t> domain_counts;
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> attachment_counts;
  std::int64_t url_messages = 0;
  std::int64_t attachment_messages = 0;
  for (const auto view : message_ids) {
    const std::string id(view);  // absl's string hash here takes no std::string_view
    if (const auto found = urls_.find(id); found != urls_.end()) {
      ++url_messages;
      std::vector<std::string_view> domains;
      for (const auto& url : found->second) {
        ++url_counts[url.url];
        if (!url.domain.empty() && std::find(domains.begin(), domains.end(), url.domain) == domains.end()) {
          domains.push_back(url.domain);
          ++domain_counts[url.domain];
        }
      }
    }
    if (const auto found = attachments_.find(id); found != attachments_.end()) {
      ++attachment_messages;
      for (const auto& a : found->second) ++attachment_counts[{a.file_name, a.file_type, a.sha256}];
    }
  }
  auto urls = nlohmann::json::array();
  for (const auto& [url, n] : top(url_counts, kMaxListed)) urls.push_back({{"url", url}, {"messages", n}});
  auto domains = nlohmann::json::array();
  for (const auto& [domain, n] : top(domain_counts, kMaxListed)) {
    domains.push_back({{"domain", domain}, {"messages", n}});
  }
  auto files = nlohmann::json::array();
  for (const auto& [file, n] : top(attachment_counts, kMaxListed)) {
    const auto& [name, type, sha256] = file;
    files.push_back({{"file_name", name}, {"file_type", type}, {"sha256", sha256}, {"messages", n}});
  }
  return {{"urls", {{"joined_messages", url_messages}, {"top", urls}, {"top_domains", domains}}},
          {"attachments", {{"joined_messages", attachment_messages}, {"top", files}}}};
}

}  // namespace vigil::engine::content::m365
