// grpc.health.v1.Health/Check with a hand-written encoding: the two messages
// have one field each, so a generated copy of health.proto would be more code
// to keep than these few lines.
import { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";

/** HealthCheckResponse.ServingStatus, by name. */
export type ServingStatus =
  | "UNKNOWN"
  | "SERVING"
  | "NOT_SERVING"
  | "SERVICE_UNKNOWN";

const STATUS_NAMES: readonly ServingStatus[] = [
  "UNKNOWN",
  "SERVING",
  "NOT_SERVING",
  "SERVICE_UNKNOWN",
];

export const HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";

/** Encodes HealthCheckRequest { string service = 1; }. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const writer = new BinaryWriter();
  if (service !== "") writer.uint32((1 << 3) | 2).string(service);
  return Buffer.from(writer.finish());
}

/** Decodes HealthCheckResponse { ServingStatus status = 1; }. */
export function decodeHealthCheckResponse(bytes: Buffer): ServingStatus {
  const reader = new BinaryReader(bytes);
  let status = 0; // Proto3: an absent field is the zero value (UNKNOWN).
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === 0) {
      status = reader.int32();
    } else {
      reader.skip(wireType);
    }
  }
  return STATUS_NAMES[status] ?? "UNKNOWN";
}
