#include "storage/postgresql/params.hpp"

#include <endian.h>

#include <cstring>
#include <stdexcept>

namespace vigil::storage::postgresql {
namespace {

void put_int32(std::string& out, std::int32_t value) {
  const auto be = htobe32(static_cast<std::uint32_t>(value));
  out.append(reinterpret_cast<const char*>(&be), sizeof be);
}

std::string int8_bytes(std::int64_t value) {
  const auto be = htobe64(static_cast<std::uint64_t>(value));
  return std::string(reinterpret_cast<const char*>(&be), sizeof be);
}

}  // namespace

ArrayParam& ArrayParam::push(std::int64_t value) {
  put_int32(elements_, 8);
  elements_ += int8_bytes(value);
  ++count_;
  return *this;
}

ArrayParam& ArrayParam::push(std::optional<std::int64_t> value) { return value ? push(*value) : push_null(); }

ArrayParam& ArrayParam::push(std::string_view bytes) {
  put_int32(elements_, static_cast<std::int32_t>(bytes.size()));
  elements_.append(bytes);
  ++count_;
  return *this;
}

ArrayParam& ArrayParam::push_real(double value) {
  std::int64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return push(bits);  // float8's binary form is its IEEE 754 bits, big-endian, as int8's
}

ArrayParam& ArrayParam::push_null() {
  put_int32(elements_, -1);
  has_null_ = true;
  ++count_;
  return *this;
}

PgType ArrayParam::array_type() const {
  switch (element_) {
    case PgType::kInt8:
      return PgType::kInt8Array;
    case PgType::kText:
      return PgType::kTextArray;
    case PgType::kBytea:
      return PgType::kByteaArray;
    case PgType::kFloat8:
      return PgType::kFloat8Array;
    default:
      throw std::logic_error("ArrayParam: no array type for element type " +
                             std::to_string(static_cast<unsigned>(element_)));
  }
}

std::string ArrayParam::encode() const {
  // ndim, has-null flag, element type; then (size, lower bound) per
  // dimension; an empty array has no dimension.
  std::string out;
  put_int32(out, count_ == 0 ? 0 : 1);
  put_int32(out, has_null_ ? 1 : 0);
  put_int32(out, static_cast<std::int32_t>(element_));
  if (count_ > 0) {
    put_int32(out, static_cast<std::int32_t>(count_));
    put_int32(out, 1);
  }
  return out + elements_;
}

Params& Params::add_value(PgType type, std::optional<std::string> bytes) {
  types_.push_back(static_cast<unsigned>(type));
  lengths_.push_back(bytes ? static_cast<int>(bytes->size()) : 0);
  formats_.push_back(1);
  values_.push_back(std::move(bytes));
  return *this;
}

Params& Params::add(std::int64_t value) { return add_value(PgType::kInt8, int8_bytes(value)); }
Params& Params::add(std::optional<std::int64_t> value) { return value ? add(*value) : add_null(PgType::kInt8); }
Params& Params::add_text(std::string_view value) { return add_value(PgType::kText, std::string(value)); }
Params& Params::add_bytea(std::string_view value) { return add_value(PgType::kBytea, std::string(value)); }
Params& Params::add_null(PgType type) { return add_value(type, std::nullopt); }
Params& Params::add(const ArrayParam& array) { return add_value(array.array_type(), array.encode()); }

std::vector<const char*> Params::values() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->data() : nullptr);
  return out;
}

}  // namespace vigil::storage::postgresql
