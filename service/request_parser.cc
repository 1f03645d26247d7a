#include "request_parser.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "khabar/utf8.h"
#include "khabar/v1/analyzer.pb.h"
#include "request_log.h"

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
                             const std::string& path, int unnamed_field) {
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
    const std::string name = field.number() == unnamed_field ? path
                             : path.empty()
                                 ? fd->name()
                                 : absl::StrCat(path, ".", fd->name());
    const std::string& value = field.length_delimited();
    if (fd->type() == FieldDescriptor::TYPE_STRING) {
      if (int64_t offset = FirstInvalidUtf8(value); offset >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": invalid UTF-8 at byte offset ", offset));
      }
    } else if (fd->type() == FieldDescriptor::TYPE_MESSAGE) {
      absl::Status status = FindInvalidUtf8(value, fd->message_type(), name, 0);
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

// The bytes of the length-delimited field at `path` (the last occurrence
// wins, as in parsing); false when absent or not a message on the way.
bool FindField(std::string_view wire, std::initializer_list<int> path,
               std::string* out) {
  std::string bytes(wire);
  for (int number : path) {
    UnknownFieldSet fields;
    if (!fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return false;
    }
    const UnknownField* found = nullptr;
    for (int i = 0; i < fields.field_count(); ++i) {
      if (fields.field(i).number() == number &&
          fields.field(i).type() == UnknownField::TYPE_LENGTH_DELIMITED) {
        found = &fields.field(i);
      }
    }
    if (found == nullptr) return false;
    bytes = found->length_delimited();
  }
  *out = std::move(bytes);
  return true;
}

using google::protobuf::internal::WireFormatLite;

// Reads, from `input` (a message, up to its limit), the field at
// [path, path_end) and then the Article facts there. False once the bytes
// stop making sense.
bool ReadArticleFacts(google::protobuf::io::CodedInputStream* input,
                      const int* path, const int* path_end,
                      ArticleLogFacts* facts) {
  // The last occurrence of each text field counts, as in parsing.
  int64_t part_bytes[4] = {0, 0, 0, 0};
  for (;;) {
    const uint32_t tag = input->ReadTag();
    if (tag == 0) break;  // The end, or bytes that are no tag.
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    if (WireFormatLite::GetTagWireType(tag) !=
        WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(input, tag)) return false;
      continue;
    }
    uint32_t length = 0;
    if (!input->ReadVarint32(&length)) return false;
    if (path != path_end) {  // Looking for the next message on the path.
      if (number != *path) {
        if (!input->Skip(static_cast<int>(length))) return false;
        continue;
      }
      const auto limit = input->PushLimit(static_cast<int>(length));
      ArticleLogFacts nested;
      const bool ok = ReadArticleFacts(input, path + 1, path_end, &nested);
      *facts = std::move(nested);
      if (!ok || !input->ConsumedEntireMessage()) return false;
      input->PopLimit(limit);
      continue;
    }
    std::string* keep = number == v1::Article::kIdFieldNumber    ? &facts->id
                        : number == v1::Article::kUrlFieldNumber ? &facts->url
                                                                 : nullptr;
    if (keep != nullptr) {
      constexpr uint32_t kKept = kMaxLoggedStringBytes + 4;
      const uint32_t kept = std::min(length, kKept);
      if (!input->ReadString(keep, static_cast<int>(kept)) ||
          !input->Skip(static_cast<int>(length - kept))) {
        return false;
      }
      continue;
    }
    if (number >= v1::Article::kTextFieldNumber &&
        number <= v1::Article::kBodyFieldNumber) {
      part_bytes[number - v1::Article::kTextFieldNumber] = length;
    }
    if (!input->Skip(static_cast<int>(length))) return false;
  }
  if (path == path_end) {
    for (int64_t bytes : part_bytes) facts->bytes += bytes;
  }
  return true;
}

// Invalid UTF-8 in the part of a string a log line keeps is escaped (\xff);
// past that, the log cuts it off anyway.
std::string LoggableString(std::string s) {
  const int64_t bad = FirstInvalidUtf8(s);
  if (bad >= 0 && bad < static_cast<int64_t>(kMaxLoggedStringBytes)) {
    return absl::CEscape(s);
  }
  return s;
}

ArticleLogFacts Loggable(ArticleLogFacts facts) {
  facts.id = LoggableString(std::move(facts.id));
  facts.url = LoggableString(std::move(facts.url));
  return facts;
}

}  // namespace

std::string FindStringField(std::string_view wire,
                            std::initializer_list<int> path) {
  std::string bytes;
  if (!FindField(wire, path, &bytes)) return "";
  return FirstInvalidUtf8(bytes) < 0 ? bytes : "";
}

ArticleLogFacts FindArticleLogFacts(std::string_view wire,
                                    std::initializer_list<int> path) {
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(wire.data()),
      static_cast<int>(std::min<size_t>(wire.size(), INT_MAX)));
  ArticleLogFacts facts;
  ReadArticleFacts(&input, path.begin(), path.end(), &facts);
  return Loggable(std::move(facts));
}

ArticleLogFacts FindArticleLogFacts(const grpc::ByteBuffer& wire,
                                    std::initializer_list<int> path) {
  grpc::ByteBuffer shared(wire);  // Shares the slices.
  grpc::ProtoBufferReader reader(&shared);
  google::protobuf::io::CodedInputStream input(&reader);
  ArticleLogFacts facts;
  ReadArticleFacts(&input, path.begin(), path.end(), &facts);
  return Loggable(std::move(facts));
}

absl::Status ParseRequest(std::string_view wire,
                          google::protobuf::Message* message,
                          int unnamed_field) {
  {
    // Protobuf logs every refused string on stderr; the error goes back to
    // the caller instead, and the request log line records it.
    google::protobuf::LogSilencer silence;
    if (message->ParseFromArray(wire.data(), static_cast<int>(wire.size()))) {
      return absl::OkStatus();
    }
  }
  absl::Status status =
      FindInvalidUtf8(wire, message->GetDescriptor(), "", unnamed_field);
  if (!status.ok()) return status;
  return absl::InvalidArgumentError("request could not be parsed");
}

}  // namespace khabar::service
