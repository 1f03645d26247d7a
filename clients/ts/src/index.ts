// Typed wrapper over the generated khabar.v1 gRPC client (ts-proto on
// @grpc/grpc-js): promises for unary calls, an async generator for the
// stream, one error class carrying the gRPC status code.
import { readFileSync } from "node:fs";

import * as grpc from "@grpc/grpc-js";

import {
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzeStreamRequest,
  AnalyzeStreamResponse,
  Article,
  ArticleAnalyzerServiceClient,
  DeepPartial,
  Feature,
  GetServerInfoResponse,
  OffsetUnit,
} from "./gen/khabar/v1/analyzer";
import {
  HEALTH_CHECK_PATH,
  ServingStatus,
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
} from "./health";

export * from "./gen/khabar/v1/analyzer";
export { ServingStatus } from "./health";

/** The service name, as health checks and service configs spell it. */
export const SERVICE_NAME = "khabar.v1.ArticleAnalyzerService";

/** Default deadline of a unary call, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The service config of every channel, as in khabar-client
 * (client/channel.cc): round_robin over the resolved addresses, and up to 3
 * attempts of a call that fails UNAVAILABLE.
 */
export const SERVICE_CONFIG_JSON = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "khabar.v1.ArticleAnalyzerService"}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
}`;

/** PEM data, or the path of a PEM file. */
export type PemSource = Buffer | string;

/** TLS settings; `tls: true` is TLS with the system's root CAs. */
export interface TlsOptions {
  /** CA to trust instead of the system roots. */
  ca?: PemSource;
  /** Client certificate and its key, for servers requiring mutual TLS. */
  cert?: PemSource;
  key?: PemSource;
  /**
   * Name the server's certificate must carry, when it is not the host in
   * the target (e.g. "localhost" when dialling 127.0.0.1 or a list).
   */
  serverName?: string;
}

export interface KhabarClientOptions {
  /** Deadline of each unary call in ms (default 30 s). Streams: see analyzeMany. */
  timeout?: number;
  /** TLS: `true` for the system roots, or the CA, client certificate, name. */
  tls?: boolean | TlsOptions;
  /**
   * Bearer token sent as "authorization: Bearer TOKEN" with every call
   * (khabar-server --auth-token-file); see readTokenFile.
   */
  token?: string;
  /**
   * Ready-made channel credentials instead of `tls`; default plaintext
   * (grpc.credentials.createInsecure()).
   */
  credentials?: grpc.ChannelCredentials;
  /**
   * Extra grpc-js channel options, e.g. a service config choosing
   * round_robin across the addresses a dns:/// target resolves to.
   */
  channelOptions?: grpc.ChannelOptions;
}

/** Per-call options. */
export interface AnalyzeOptions {
  /** Features to compute; empty or absent = all. */
  features?: Feature[];
  /**
   * Unit of every span in the response. Default UTF-16 code units, so that
   * `text.slice(span.begin, span.end)` works on JavaScript strings.
   */
  offsetUnit?: OffsetUnit;
  /** Deadline in ms, overriding the client's. */
  timeout?: number;
}

/** Article fields other than `text` (id, source, url, publishedAt, ...). */
export type ArticleFields = Omit<DeepPartial<Article>, "text">;

/** What analyzeArticle and analyzeMany accept: any subset of Article's fields. */
export type ArticleInput = DeepPartial<Article>;

function isIpv4(hostPort: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+:\d*$/.test(hostPort);
}

function isIpv6(hostPort: string): boolean {
  return hostPort.startsWith("[") && hostPort.includes("]:");
}

/**
 * The gRPC target for an address, a comma-separated list or an array of
 * IP:PORT replicas ("ipv4:a,b" or "ipv6:[a]:p,[b]:p"), or any gRPC target
 * such as "dns:///khabar.internal:50051" (passed through). Throws for an
 * empty entry or a list mixing host names with IP literals: use one DNS
 * name that resolves to every replica instead.
 */
export function targetFor(target: string | readonly string[]): string {
  let parts: string[];
  if (typeof target === "string") {
    if (target === "") throw new Error("empty target");
    if (!target.includes(",")) return target;
    parts = target.split(",").map((p) => p.trim());
  } else {
    parts = target.map((p) => p.trim());
    if (parts.length === 1 && parts[0]) return parts[0];
  }
  if (parts.length === 0 || parts.some((p) => p === "")) {
    throw new Error(`target ${JSON.stringify(target)}: empty address in the list`);
  }
  if (parts.every(isIpv4)) return `ipv4:${parts.join(",")}`;
  if (parts.every(isIpv6)) return `ipv6:${parts.join(",")}`;
  throw new Error(
    `target ${JSON.stringify(target)}: a list must hold IP:PORT literals of ` +
      "one family; for host names use one DNS name (dns:///NAME:PORT) that " +
      "resolves to every replica",
  );
}

/**
 * The bearer token in a file (as khabar-server --auth-token-file reads
 * it): its one line, without the trailing newline.
 */
export function readTokenFile(path: string): string {
  return readFileSync(path, "ascii").replace(/\r?\n$/, "");
}

function pem(source: PemSource | undefined): Buffer | undefined {
  if (source === undefined || Buffer.isBuffer(source)) return source;
  return readFileSync(source);
}

function tlsCredentials(tls: TlsOptions): grpc.ChannelCredentials {
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new Error("tls.cert and tls.key go together");
  }
  return grpc.credentials.createSsl(
    pem(tls.ca) ?? null,
    pem(tls.key) ?? null,
    pem(tls.cert) ?? null,
  );
}

/** A failed call or a failed article in a stream. */
export class KhabarError extends Error {
  /** gRPC status code (grpc.status.INVALID_ARGUMENT, ...). */
  readonly code: grpc.status;
  /** The code's name ("INVALID_ARGUMENT", ...). */
  readonly codeName: string;
  /** The server's message. */
  readonly details: string;

  constructor(code: grpc.status, details: string) {
    const codeName = grpc.status[code] ?? `STATUS_${code}`;
    super(`${codeName}: ${details}`);
    this.name = "KhabarError";
    this.code = code;
    this.codeName = codeName;
    this.details = details;
  }

  /**
   * Whether the same request may succeed later: UNAVAILABLE (server
   * draining or unreachable; retry with backoff) and DEADLINE_EXCEEDED
   * (once, with a longer deadline). INVALID_ARGUMENT and
   * RESOURCE_EXHAUSTED fail again. See docs/errors.md.
   */
  get retryable(): boolean {
    return (
      this.code === grpc.status.UNAVAILABLE ||
      this.code === grpc.status.DEADLINE_EXCEEDED
    );
  }
}

/** One article's outcome in analyzeMany: a response or its own error. */
export type StreamResult =
  | {
      ok: true;
      index: number;
      articleId: string;
      response: AnalyzeResponse;
    }
  | { ok: false; index: number; articleId: string; error: KhabarError };

function toKhabarError(error: unknown): KhabarError {
  if (error instanceof KhabarError) return error;
  const e = error as Partial<grpc.ServiceError>;
  if (typeof e.code === "number") {
    return new KhabarError(e.code, e.details ?? e.message ?? "");
  }
  return new KhabarError(grpc.status.UNKNOWN, String(error));
}

// Resolves when a stream can take more writes, or is gone.
function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ["drain", "close", "error"]) {
        stream.off(event, done);
      }
      resolve();
    };
    for (const event of ["drain", "close", "error"]) stream.once(event, done);
  });
}

export class KhabarClient {
  private readonly stub: ArticleAnalyzerServiceClient;
  private readonly timeout: number;
  private readonly token: string | undefined;

  /**
   * `target`: "host:port", replicas as "ip:port,ip:port" or an array of
   * them, or any grpc-js target ("dns:///name:port"); see targetFor. Calls
   * are balanced round_robin and retried on UNAVAILABLE
   * (SERVICE_CONFIG_JSON).
   */
  constructor(
    target: string | readonly string[],
    options: KhabarClientOptions = {},
  ) {
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const token = options.token;
    if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
      throw new Error("token must be non-empty printable ASCII, no spaces");
    }
    this.token = token;
    const tls: TlsOptions | undefined =
      options.tls === true ? {} : options.tls || undefined;
    if (tls !== undefined && options.credentials !== undefined) {
      throw new Error("give either credentials or tls");
    }
    const channelOptions: grpc.ChannelOptions = {
      // A response with tokens is ~20 times its article, and articles
      // may reach the server's limit (1 MiB by default): grpc-js's 4 MiB
      // default would refuse them.
      "grpc.max_receive_message_length": -1,
      "grpc.service_config": SERVICE_CONFIG_JSON,
    };
    if (tls?.serverName !== undefined) {
      channelOptions["grpc.ssl_target_name_override"] = tls.serverName;
    }
    this.stub = new ArticleAnalyzerServiceClient(
      targetFor(target),
      tls !== undefined
        ? tlsCredentials(tls)
        : (options.credentials ?? grpc.credentials.createInsecure()),
      { ...channelOptions, ...options.channelOptions },
    );
  }

  /** Analyses one article sent whole as `text`. */
  analyze(
    text: string,
    fields: ArticleFields = {},
    options: AnalyzeOptions = {},
  ): Promise<AnalyzeResponse> {
    return this.analyzeArticle({ ...fields, text }, options);
  }

  /** Analyses one article given as text or as headline/subheadline/body. */
  analyzeArticle(
    article: ArticleInput,
    options: AnalyzeOptions = {},
  ): Promise<AnalyzeResponse> {
    const request = this.request(article, options);
    return new Promise((resolve, reject) => {
      this.stub.analyze(
        request,
        this.metadata(),
        this.callOptions(options.timeout),
        (error, response) =>
          error ? reject(toKhabarError(error)) : resolve(response),
      );
    });
  }

  /**
   * Analyses many articles (Article fields, or plain texts) over one
   * AnalyzeStream call. Yields one result
   * per article, in input order, as the server answers; an article the
   * server rejects comes as `{ok: false, error}` and the stream goes on.
   * A failure of the whole stream is thrown. Breaking out of the loop
   * cancels the call. The stream has no deadline unless `options.timeout`
   * is given (then it bounds the whole stream).
   */
  async *analyzeMany(
    articles:
      | Iterable<ArticleInput | string>
      | AsyncIterable<ArticleInput | string>,
    options: AnalyzeOptions = {},
  ): AsyncGenerator<StreamResult, void, undefined> {
    const callOptions: grpc.CallOptions = {};
    if (options.timeout !== undefined) {
      callOptions.deadline = Date.now() + options.timeout;
    }
    const call = this.stub.analyzeStream(this.metadata(), callOptions);
    let writeError: unknown = undefined;
    let stopped = false;
    // Writes run beside the reads so that results come while input is
    // still being sent; waiting for "drain" keeps memory bounded.
    const writing = (async () => {
      try {
        for await (const article of articles) {
          if (stopped) break;
          const message = AnalyzeStreamRequest.fromPartial({
            request: this.request(
              typeof article === "string" ? { text: article } : article,
              options,
            ),
          });
          if (!call.write(message)) await drained(call);
        }
        if (!stopped) call.end();
      } catch (error) {
        writeError = error;
        call.cancel();
      }
    })();
    let done = false;
    try {
      for await (const message of call as AsyncIterable<AnalyzeStreamResponse>) {
        yield this.result(message);
      }
      done = true;
    } catch (error) {
      if (writeError !== undefined) throw writeError;
      throw toKhabarError(error);
    } finally {
      stopped = true;
      if (!done) call.cancel();
    }
    await writing;
    if (writeError !== undefined) throw writeError;
  }

  /** GetServerInfo: version, languages, features, models, limits. */
  info(options: { timeout?: number } = {}): Promise<GetServerInfoResponse> {
    return new Promise((resolve, reject) => {
      this.stub.getServerInfo(
        {},
        this.metadata(),
        this.callOptions(options.timeout),
        (error, response) =>
          error ? reject(toKhabarError(error)) : resolve(response),
      );
    });
  }

  /**
   * grpc.health.v1.Health/Check for `service` (default the analyzer
   * service; "" asks about the whole server).
   */
  health(
    service: string = SERVICE_NAME,
    options: { timeout?: number } = {},
  ): Promise<ServingStatus> {
    return new Promise((resolve, reject) => {
      this.stub.makeUnaryRequest(
        HEALTH_CHECK_PATH,
        (s: string) => encodeHealthCheckRequest(s),
        (bytes: Buffer) => decodeHealthCheckResponse(bytes),
        service,
        this.metadata(),
        this.callOptions(options.timeout),
        (error, status) =>
          error || status === undefined
            ? reject(toKhabarError(error))
            : resolve(status),
      );
    });
  }

  /** Closes the channel; calls in flight are cancelled. */
  close(): void {
    this.stub.close();
  }

  private request(
    article: ArticleInput,
    options: AnalyzeOptions,
  ): AnalyzeRequest {
    return AnalyzeRequest.fromPartial({
      article,
      features: options.features ?? [],
      offsetUnit:
        options.offsetUnit ?? OffsetUnit.OFFSET_UNIT_UTF16_CODE_UNITS,
    });
  }

  // Fresh per call: grpc-js may hold on to a call's metadata.
  private metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    if (this.token !== undefined) {
      metadata.set("authorization", `Bearer ${this.token}`);
    }
    return metadata;
  }

  private callOptions(timeout: number | undefined): grpc.CallOptions {
    return { deadline: Date.now() + (timeout ?? this.timeout) };
  }

  private result(message: AnalyzeStreamResponse): StreamResult {
    const code = message.status?.code ?? grpc.status.OK;
    if (code === grpc.status.OK && message.response !== undefined) {
      return {
        ok: true,
        index: message.index,
        articleId: message.articleId,
        response: message.response,
      };
    }
    return {
      ok: false,
      index: message.index,
      articleId: message.articleId,
      error: new KhabarError(
        code === grpc.status.OK ? grpc.status.INTERNAL : code,
        message.status?.message || "no response for this article",
      ),
    };
  }
}
