#include "storage/documents/document_codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::storage {
namespace {

// Documents of one source: the same fields, values that vary.
std::vector<std::string> similar_documents(int count, int first = 0) {
  std::vector<std::string> documents;
  for (int i = first; i < first + count; ++i) {
    documents.push_back(
        R"({"@timestamp":"2026-11-22T10:00:)" + std::to_string(10 + i % 50) +
        R"(.000Z","event":{"category":["process"],"type":["start"],"provider":"Microsoft-Windows-Sysmon"},)"
        R"("host":{"name":"ws)" +
        std::to_string(i % 40) +
        R"(.corp.example","os":{"type":"windows"}},)"
        R"("process":{"pid":)" +
        std::to_string(1000 + i * 7) +
        R"(,"name":"svchost.exe",)"
        R"("executable":"C:\\Windows\\System32\\svchost.exe","command_line":"svchost.exe -k netsvcs -p -s )" +
        std::to_string(i * 31) + R"(","parent":{"name":"services.exe"}},"user":{"name":"SYSTEM"}})");
  }
  return documents;
}

std::size_t total_compressed(const DocumentCodec& codec, const std::vector<std::string>& documents) {
  std::size_t bytes = 0;
  for (const auto& d : documents) bytes += codec.compress(d).size();
  return bytes;
}

TEST(DocumentCodec, RoundTripsWithoutADictionary) {
  const DocumentCodec codec(1);
  for (const std::string& document : {std::string(), std::string("{}"), similar_documents(1).at(0)}) {
    const auto frame = codec.compress(document);
    EXPECT_EQ(DocumentCodec::dictionary_of(frame), 0u);
    EXPECT_EQ(codec.decompress(frame), document);
  }
}

TEST(DocumentCodec, ATrainedDictionaryShrinksDocumentsOfTheSameSourceAndFramesNameIt) {
  DocumentCodec codec(1);
  const auto later = similar_documents(200, 5000);
  const auto plain = total_compressed(codec, later);

  const auto dictionary = DocumentCodec::train(similar_documents(2000), 7, 16 * 1024, 1);
  ASSERT_FALSE(dictionary.empty());
  codec.add_dictionary(7, dictionary, true);
  EXPECT_EQ(codec.current_dictionary(), 7u);
  const auto with_dictionary = total_compressed(codec, later);
  EXPECT_LT(with_dictionary * 3, plain) << "plain " << plain << " bytes, with dictionary " << with_dictionary;

  const auto frame = codec.compress(later.at(0));
  EXPECT_EQ(DocumentCodec::dictionary_of(frame), 7u);
  EXPECT_EQ(codec.decompress(frame), later.at(0));
}

TEST(DocumentCodec, FramesOfAnEarlierDictionaryStayReadableAndAMissingOneIsNamed) {
  DocumentCodec codec(1);
  codec.add_dictionary(1, DocumentCodec::train(similar_documents(2000), 1, 16 * 1024, 1), true);
  const auto document = similar_documents(1, 9000).at(0);
  const auto old_frame = codec.compress(document);
  codec.add_dictionary(2, DocumentCodec::train(similar_documents(2000, 3000), 2, 16 * 1024, 1), true);
  EXPECT_EQ(DocumentCodec::dictionary_of(codec.compress(document)), 2u);
  EXPECT_EQ(codec.decompress(old_frame), document);

  const DocumentCodec fresh(1);
  try {
    fresh.decompress(old_frame);
    FAIL() << "decompressed without its dictionary";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("dictionary 1"), std::string::npos) << e.what();
  }
}

TEST(DocumentCodec, DamagedFramesAndDictionariesAreRefused) {
  DocumentCodec codec(1);
  auto frame = codec.compress(similar_documents(1).at(0));
  frame.resize(frame.size() / 2);
  EXPECT_THROW(codec.decompress(frame), std::runtime_error);
  EXPECT_THROW(codec.decompress("not zstd"), std::runtime_error);
  // A frame header claiming 2^40 bytes of content (single segment, 8-byte size field).
  const std::string huge("\x28\xb5\x2f\xfd\xe0\x00\x00\x00\x00\x00\x01\x00\x00", 13);
  try {
    codec.decompress(huge);
    FAIL() << "decompressed a frame claiming 2^40 bytes";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("claims 1099511627776 bytes"), std::string::npos) << e.what();
  }
  EXPECT_THROW(codec.add_dictionary(3, "not a dictionary", true), std::runtime_error);
  EXPECT_EQ(codec.current_dictionary(), 0u);
}

TEST(DocumentCodec, TooFewSamplesTrainNothing) {
  EXPECT_TRUE(DocumentCodec::train(similar_documents(3), 1, 16 * 1024, 1).empty());
}

}  // namespace
}  // namespace vigil::storage
