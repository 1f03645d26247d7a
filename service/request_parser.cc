#include "request_parser.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "khabar/utf8.h"

namespace khabar::service {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

// Walks the wire form field by field (UnknownFieldSet does not check UTF-8)
// and reports the first string field that protobuf would have refused.
absl::Status FindInvalidUtf8(std::string_view wire,
                             const Descriptor* descriptor,
                             const std::string& path) {
  UnknownFieldSet fields;
  if (!fields.ParseFromArray(wire.data(), static_cast<int>(wire.size()))) {
    return absl::InvalidArgumentError(
        path.empty() ? std::string("request is not a valid protobuf message")
                     : absl::StrCat(path, ": not a valid protobuf message"));
  }
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& field = fields.field(i);
    if (field.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const FieldDescriptor* fd = descriptor->FindFieldByNumber(field.number());
    if (fd == nullptr) continue;
    const std::string name =
        path.empty() ? fd->name() : absl::StrCat(path, ".", fd->name());
    const std::string& value = field.length_delimited();
    if (fd->type() == FieldDescriptor::TYPE_STRING) {
      if (int64_t offset = FirstInvalidUtf8(value); offset >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": invalid UTF-8 at byte offset ", offset));
      }
    } else if (fd->type() == FieldDescriptor::TYPE_MESSAGE) {
      absl::Status status = FindInvalidUtf8(value, fd->message_type(), name);
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string FindStringField(std::string_view wire,
                            std::initializer_list<int> path) {
  std::string bytes(wire);
  for (int number : path) {
    UnknownFieldSet fields;
    if (!fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return "";
    }
    const UnknownField* found = nullptr;  // The last one wins, as in parsing.
    for (int i = 0; i < fields.field_count(); ++i) {
      if (fields.field(i).number() == number &&
          fields.field(i).type() == UnknownField::TYPE_LENGTH_DELIMITED) {
        found = &fields.field(i);
      }
    }
    if (found == nullptr) return "";
    bytes = found->length_delimited();
  }
  return FirstInvalidUtf8(bytes) < 0 ? bytes : "";
}

absl::Status ParseRequest(std::string_view wire,
                          google::protobuf::Message* message) {
  {
    // Protobuf logs every refused string on stderr; the error goes back to
    // the caller instead, and the request log line records it.
    google::protobuf::LogSilencer silence;
    if (message->ParseFromArray(wire.data(), static_cast<int>(wire.size()))) {
      return absl::OkStatus();
    }
  }
  absl::Status status = FindInvalidUtf8(wire, message->GetDescriptor(), "");
  if (!status.ok()) return status;
  return absl::InvalidArgumentError("request could not be parsed");
}

}  // namespace khabar::service
