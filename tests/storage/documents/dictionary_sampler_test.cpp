#include "storage/documents/dictionary_sampler.hpp"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

std::vector<engine::EventRecord> documents(int first, int count) {
  std::vector<engine::EventRecord> batch(static_cast<std::size_t>(count));
  for (int n = 0; n < count; ++n) batch[static_cast<std::size_t>(n)].document = "doc-" + std::to_string(first + n);
  return batch;
}

TEST(DictionarySampler, SamplesEveryDocumentUntilTheFirstDictionaryAndHandsOverTheirHeads) {
  DictionarySampler sampler{4, 5, 1000};
  EXPECT_FALSE(sampler.offer(documents(0, 3), false));
  const auto samples = sampler.offer(documents(3, 2), false);
  ASSERT_TRUE(samples);
  EXPECT_EQ(*samples, (std::vector<std::string>{"doc-0", "doc-1", "doc-2", "doc-3"}));
  EXPECT_EQ(DictionarySampler(1, 5, 1000).offer(documents(100, 1), false), std::vector<std::string>{"doc-1"});
}

TEST(DictionarySampler, SamplesNothingWhileTrainingSoOneTrainingIsNotFollowedByAnother) {
  DictionarySampler sampler{4, 16, 1000};
  ASSERT_TRUE(sampler.offer(documents(0, 4), false));
  // Batches stored while the first dictionary trains: without one yet,
  // these would all be sampled.
  EXPECT_FALSE(sampler.offer(documents(4, 10), false));
  sampler.training_ended();
  // The dictionary is adopted: the next batch starts the one-in-250 sample.
  EXPECT_FALSE(sampler.offer(documents(14, 1), true));
}

TEST(DictionarySampler, WithADictionarySamplesOneDocumentInRetrainEveryOverSamples) {
  DictionarySampler sampler{4, 16, 40};
  ASSERT_TRUE(sampler.offer(documents(0, 4), false));
  sampler.training_ended();
  EXPECT_FALSE(sampler.offer(documents(4, 35), true));
  const auto samples = sampler.offer(documents(39, 5), true);
  ASSERT_TRUE(samples);
  EXPECT_EQ(*samples, (std::vector<std::string>{"doc-10", "doc-20", "doc-30", "doc-40"}));
}

TEST(DictionarySampler, AfterAFailedTrainingSamplesEveryDocumentAgain) {
  DictionarySampler sampler{2, 16, 1000};
  ASSERT_TRUE(sampler.offer(documents(0, 2), false));
  sampler.training_ended();  // too alike to train: still no dictionary
  const auto samples = sampler.offer(documents(2, 2), false);
  ASSERT_TRUE(samples);
  EXPECT_EQ(*samples, (std::vector<std::string>{"doc-2", "doc-3"}));
}

}  // namespace
}  // namespace vigil::storage
