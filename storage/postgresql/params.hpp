#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::storage::postgresql {

// PostgreSQL type OIDs the stores bind (pg_type.dat).
enum class PgType : unsigned {
  kBytea = 17,
  kInt8 = 20,
  kText = 25,
  kFloat8 = 701,
  kByteaArray = 1001,
  kTextArray = 1009,
  kInt8Array = 1016,
  kFloat8Array = 1022,
};

// A one-dimensional array parameter in PostgreSQL's binary array format,
// built element by element: a whole batch goes to the server as one value
// per column (unnest), with no text escaping.
class ArrayParam {
 public:
  // kInt8, kFloat8, kText or kBytea: the elements' type.
  explicit ArrayParam(PgType element) : element_(element) {}

  ArrayParam& push(std::int64_t value);
  ArrayParam& push(std::optional<std::int64_t> value);
  ArrayParam& push(std::string_view bytes);  // text or bytea
  ArrayParam& push_real(double value);
  ArrayParam& push_null();

  PgType array_type() const;
  // The encoded array.
  std::string encode() const;

 private:
  PgType element_;
  std::size_t count_ = 0;
  bool has_null_ = false;
  std::string elements_;  // each: length (int32, -1 for NULL), then its bytes
};

// The parameters of one statement, every one in binary format.
class Params {
 public:
  Params& add(std::int64_t value);
  Params& add(std::optional<std::int64_t> value);
  Params& add_text(std::string_view value);
  Params& add_bytea(std::string_view value);
  Params& add_null(PgType type);
  Params& add(const ArrayParam& array);

  int size() const { return static_cast<int>(values_.size()); }
  const unsigned* types() const { return types_.data(); }
  // Pointers into this object: valid while it lives unchanged.
  std::vector<const char*> values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  Params& add_value(PgType type, std::optional<std::string> bytes);

  std::vector<unsigned> types_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

}  // namespace vigil::storage::postgresql
