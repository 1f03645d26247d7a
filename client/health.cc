#include "health.h"

#include <future>
#include <string>
#include <vector>

#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"

namespace khabar::client {

std::string ServingStatusName(int status) {
  switch (status) {
    case kUnknown:
      return "UNKNOWN";
    case kServing:
      return "SERVING";
    case kNotServing:
      return "NOT_SERVING";
    case kServiceUnknown:
      return "SERVICE_UNKNOWN";
  }
  return "STATUS_" + std::to_string(status);
}

grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& service,
                         std::chrono::milliseconds deadline, int* serving) {
  google::protobuf::UnknownFieldSet request_fields;
  request_fields.AddLengthDelimited(1, service);
  std::string request_bytes;
  request_fields.SerializeToString(&request_bytes);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  grpc::GenericStub stub(channel);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status status) { done.set_value(status); });
  grpc::Status status = done.get_future().get();
  if (!status.ok()) return status;

  std::vector<grpc::Slice> slices;
  std::string response_bytes;
  if (response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  google::protobuf::UnknownFieldSet response_fields;
  if (!response_fields.ParseFromString(response_bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "malformed HealthCheckResponse");
  }
  *serving = kUnknown;  // Proto3: an absent field is the zero value.
  for (int i = 0; i < response_fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = response_fields.field(i);
    if (field.number() == 1 &&
        field.type() == google::protobuf::UnknownField::TYPE_VARINT) {
      *serving = static_cast<int>(field.varint());
    }
  }
  return grpc::Status::OK;
}

}  // namespace khabar::client
