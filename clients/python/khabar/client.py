"""KhabarClient: a small typed wrapper over the generated gRPC stubs."""

from __future__ import annotations

import datetime
import enum
import os
from dataclasses import dataclass
from types import TracebackType
from typing import (
    Any,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    Type,
    Union,
    cast,
)

import grpc

from khabar.errors import KhabarError, error_for, from_rpc_error, status_code
from khabar.v1 import analyzer_pb2 as pb
from khabar.v1 import analyzer_pb2_grpc as pb_grpc

#: The server's default address (khabar-server --listen).
DEFAULT_TARGET = "127.0.0.1:50051"
#: The service name the server reports to grpc.health.v1.
SERVICE_NAME = "khabar.v1.ArticleAnalyzerService"

#: The service config of every channel, as in khabar-client
#: (client/channel.cc): round_robin over the resolved addresses, and up to 3
#: attempts of a call that fails UNAVAILABLE.
SERVICE_CONFIG_JSON = """{
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
}"""

#: PEM data (bytes) or the path of a PEM file (str or os.PathLike).
PemSource = Union[bytes, str, os.PathLike[str]]

#: A feature as the enum value (pb.FEATURE_ENTITIES), its number, or its
#: short name ("entities").
FeatureLike = Union[int, str]
#: An offset unit as the enum value or a short name: "utf8", "utf16",
#: "codepoints".
OffsetUnitLike = Union[int, str]

_OFFSET_UNITS = {
    "utf8": pb.OFFSET_UNIT_UTF8_BYTES,
    "utf16": pb.OFFSET_UNIT_UTF16_CODE_UNITS,
    "codepoints": pb.OFFSET_UNIT_CODE_POINTS,
}


class HealthStatus(enum.IntEnum):
    """grpc.health.v1.HealthCheckResponse.ServingStatus."""

    UNKNOWN = 0
    SERVING = 1
    NOT_SERVING = 2
    SERVICE_UNKNOWN = 3


@dataclass(frozen=True)
class AnalyzeResult:
    """One article's outcome in analyze_many(): a response or an error."""

    #: Position of the article in the input, from 0.
    index: int
    #: Article.id as sent.
    article_id: str
    #: The analysis; None when the article failed.
    response: Optional[pb.AnalyzeResponse]
    #: Why the article failed; None when it succeeded.
    error: Optional[KhabarError]

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self) -> pb.AnalyzeResponse:
        """The response, or raises the article's error."""
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


def _is_ipv4(host_port: str) -> bool:
    host, colon, _ = host_port.rpartition(":")
    parts = host.split(".")
    return bool(colon) and len(parts) == 4 and all(p.isdigit() for p in parts)


def _is_ipv6(host_port: str) -> bool:
    return host_port.startswith("[") and "]:" in host_port


def target_for(target: Union[str, Sequence[str]]) -> str:
    """The gRPC target for an address, a comma-separated list or a sequence
    of IP:PORT replicas ("ipv4:a,b" or "ipv6:[a]:p,[b]:p"), or any gRPC
    target such as "dns:///khabar.internal:50051" (passed through). Raises
    ValueError for an empty entry or a list mixing host names with IP
    literals: use one DNS name that resolves to every replica instead."""
    if isinstance(target, str):
        if "," not in target:
            if not target:
                raise ValueError("empty target")
            return target
        parts = [p.strip() for p in target.split(",")]
    else:
        parts = [p.strip() for p in target]
        if len(parts) == 1 and parts[0]:
            return parts[0]
    if not parts or not all(parts):
        raise ValueError(f"target {target!r}: empty address in the list")
    if all(_is_ipv4(p) for p in parts):
        return "ipv4:" + ",".join(parts)
    if all(_is_ipv6(p) for p in parts):
        return "ipv6:" + ",".join(parts)
    raise ValueError(
        f"target {target!r}: a list must hold IP:PORT literals of one family;"
        " for host names use one DNS name (dns:///NAME:PORT) that resolves to"
        " every replica"
    )


def read_token_file(path: Union[str, os.PathLike[str]]) -> str:
    """The bearer token in a file (as khabar-server --auth-token-file reads
    it): its one line, without the trailing newline."""
    with open(path, encoding="ascii") as f:
        token = f.read()
    return token.removesuffix("\n").removesuffix("\r")


def _pem(value: Optional[PemSource]) -> Optional[bytes]:
    if value is None or isinstance(value, bytes):
        return value
    with open(value, "rb") as f:
        return f.read()


def _tls_credentials(
    tls_ca: Optional[PemSource],
    tls_cert: Optional[PemSource],
    tls_key: Optional[PemSource],
) -> grpc.ChannelCredentials:
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("tls_cert and tls_key go together")
    return grpc.ssl_channel_credentials(
        root_certificates=_pem(tls_ca),
        private_key=_pem(tls_key),
        certificate_chain=_pem(tls_cert),
    )


def _feature(value: FeatureLike) -> int:
    if isinstance(value, str):
        number: int = pb.Feature.Value("FEATURE_" + value.upper())
        return number
    return int(value)


def _offset_unit(value: OffsetUnitLike) -> pb.OffsetUnit:
    if isinstance(value, str):
        if value not in _OFFSET_UNITS:
            raise ValueError(
                f"offset unit {value!r}: expected one of {sorted(_OFFSET_UNITS)}"
            )
        return _OFFSET_UNITS[value]
    # Protobuf enums are plain ints at run time.
    return cast(pb.OffsetUnit, int(value))


def _request(
    article: pb.Article,
    features: Iterable[FeatureLike],
    offset_unit: OffsetUnitLike,
) -> pb.AnalyzeRequest:
    request = pb.AnalyzeRequest(offset_unit=_offset_unit(offset_unit))
    request.article.CopyFrom(article)
    request.features.extend(_feature(f) for f in features)
    return request


# grpc.health.v1 is not in Debian's python3-grpcio, and its two messages
# are one field each, so they are encoded by hand.
def _encode_health_request(service: str) -> bytes:
    data = service.encode("utf-8")
    if not data:
        return b""
    length = bytearray()
    n = len(data)
    while True:
        byte = n & 0x7F
        n >>= 7
        length.append(byte | (0x80 if n else 0))
        if not n:
            break
    return b"\x0a" + bytes(length) + data


def _decode_health_response(data: bytes) -> HealthStatus:
    # HealthCheckResponse is `ServingStatus status = 1;` (a varint); an
    # absent field is UNKNOWN (0).
    status = 0
    i = 0
    while i < len(data):
        key = data[i]
        i += 1
        value = 0
        shift = 0
        while True:
            if i >= len(data):
                raise error_for(grpc.StatusCode.INTERNAL, "bad health response")
            byte = data[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if key == 0x08:
            status = value
        elif key & 7 == 2:  # A length-delimited field we do not know.
            i += value
        elif key & 7 != 0:
            raise error_for(grpc.StatusCode.INTERNAL, "bad health response")
    try:
        return HealthStatus(status)
    except ValueError:
        return HealthStatus.UNKNOWN


def make_article(
    text: str = "",
    *,
    id: str = "",
    headline: str = "",
    subheadline: str = "",
    body: str = "",
    source: str = "",
    url: str = "",
    published_at: Optional[datetime.datetime] = None,
    language_hint: str = "",
) -> pb.Article:
    """An Article from keyword fields: either `text`, or the structured
    parts (headline, subheadline, body). `published_at` must be aware of its
    time zone."""
    article = pb.Article(
        id=id,
        text=text,
        headline=headline,
        subheadline=subheadline,
        body=body,
        source=source,
        url=url,
        language_hint=language_hint,
    )
    if published_at is not None:
        if published_at.tzinfo is None:
            raise ValueError("published_at needs a time zone")
        article.published_at.FromDatetime(
            published_at.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        )
    return article


class KhabarClient:
    """A connection to a Khabar server.

    Offsets: unless told otherwise, responses use code points, which are
    Python `str` indices (``text[span.begin:span.end]``); the server's own
    default is UTF-8 bytes.

    Every method raises a KhabarError subclass (khabar.errors) on failure,
    except analyze_many(), which returns per-article errors as values.
    """

    def __init__(
        self,
        target: Union[str, Sequence[str]] = DEFAULT_TARGET,
        *,
        timeout: Optional[float] = 30.0,
        tls: bool = False,
        tls_ca: Optional[PemSource] = None,
        tls_cert: Optional[PemSource] = None,
        tls_key: Optional[PemSource] = None,
        tls_server_name: Optional[str] = None,
        token: Optional[str] = None,
        credentials: Optional[grpc.ChannelCredentials] = None,
        offset_unit: OffsetUnitLike = "codepoints",
        channel_options: Sequence[Tuple[str, Any]] = (),
    ) -> None:
        """`target`: "host:port", replicas as "ip:port,ip:port" or a list of
        them, or any gRPC target ("dns:///khabar:50051"); see target_for().
        Calls are balanced round_robin and retried on UNAVAILABLE
        (SERVICE_CONFIG_JSON).
        `timeout`: seconds per unary call; None for no deadline.
        `tls`: TLS with the system's root CAs. `tls_ca` (trust this CA
        instead), `tls_cert` and `tls_key` (client certificate for mutual
        TLS) and `tls_server_name` (the name the server's certificate must
        carry, when it is not the host in `target`) imply it. PEM sources
        are bytes (the PEM itself) or a file path.
        `token`: sent as "authorization: Bearer TOKEN" with every call
        (khabar-server --auth-token-file); see read_token_file().
        `credentials`: ready-made channel credentials, instead of `tls*`.
        `channel_options`: extra gRPC channel arguments."""
        uses_tls = tls or any(
            v is not None for v in (tls_ca, tls_cert, tls_key, tls_server_name)
        )
        if credentials is not None and uses_tls:
            raise ValueError("give either credentials or the tls options")
        if token is not None and (
            not token or not all("!" <= c <= "~" for c in token)
        ):
            raise ValueError("token must be non-empty printable ASCII, no spaces")
        self._metadata: Optional[Tuple[Tuple[str, str], ...]] = (
            None if token is None else (("authorization", "Bearer " + token),)
        )
        options: List[Tuple[str, Any]] = [
            # Token lists of long articles exceed gRPC's 4 MiB receive default.
            ("grpc.max_receive_message_length", -1),
            ("grpc.service_config", SERVICE_CONFIG_JSON),
        ]
        if tls_server_name is not None:
            options.append(("grpc.ssl_target_name_override", tls_server_name))
        options.extend(channel_options)
        resolved = target_for(target)
        if uses_tls:
            credentials = _tls_credentials(tls_ca, tls_cert, tls_key)
        if credentials is None:
            self._channel = grpc.insecure_channel(resolved, options=options)
        else:
            self._channel = grpc.secure_channel(resolved, credentials, options=options)
        self._stub = pb_grpc.ArticleAnalyzerServiceStub(self._channel)
        self._health = self._channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=None,
            response_deserializer=None,
        )
        self.timeout = timeout
        self.offset_unit = offset_unit

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> KhabarClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    # -- calls -------------------------------------------------------------

    def analyze(
        self,
        text: str = "",
        *,
        id: str = "",
        headline: str = "",
        subheadline: str = "",
        body: str = "",
        source: str = "",
        url: str = "",
        published_at: Optional[datetime.datetime] = None,
        language_hint: str = "",
        features: Iterable[FeatureLike] = (),
        offset_unit: Optional[OffsetUnitLike] = None,
        timeout: Optional[float] = None,
    ) -> pb.AnalyzeResponse:
        """Analyses one article given as `text` or as structured parts.
        `features`: empty for all. `timeout` overrides the client's."""
        article = make_article(
            text,
            id=id,
            headline=headline,
            subheadline=subheadline,
            body=body,
            source=source,
            url=url,
            published_at=published_at,
            language_hint=language_hint,
        )
        return self.analyze_article(
            article, features=features, offset_unit=offset_unit, timeout=timeout
        )

    def analyze_article(
        self,
        article: pb.Article,
        *,
        features: Iterable[FeatureLike] = (),
        offset_unit: Optional[OffsetUnitLike] = None,
        timeout: Optional[float] = None,
    ) -> pb.AnalyzeResponse:
        """Analyses one khabar.v1.Article."""
        request = _request(article, features, offset_unit or self.offset_unit)
        try:
            response: pb.AnalyzeResponse = self._stub.Analyze(
                request, timeout=self._timeout(timeout), metadata=self._metadata
            )
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        return response

    def analyze_many(
        self,
        articles: Iterable[Union[pb.Article, str]],
        *,
        features: Iterable[FeatureLike] = (),
        offset_unit: Optional[OffsetUnitLike] = None,
        timeout: Optional[float] = None,
    ) -> Iterator[AnalyzeResult]:
        """Analyses many articles over one AnalyzeStream call, yielding one
        AnalyzeResult per article, in input order, as they arrive. A bad
        article fails alone (its result carries the error); a failure of
        the whole stream (server gone, deadline) raises. `articles` is read
        lazily, so it may be a generator. `timeout` covers the whole stream
        and defaults to none."""
        wanted = [_feature(f) for f in features]
        unit = offset_unit or self.offset_unit
        source_error: List[BaseException] = []

        # gRPC reads this on its own thread; an exception from the caller's
        # iterable ends the stream and is re-raised to the caller below.
        def requests() -> Iterator[pb.AnalyzeStreamRequest]:
            try:
                for item in articles:
                    article = make_article(item) if isinstance(item, str) else item
                    yield pb.AnalyzeStreamRequest(
                        request=_request(article, wanted, unit)
                    )
            except Exception as e:  # noqa: BLE001 - handed to the caller.
                source_error.append(e)

        call = self._stub.AnalyzeStream(
            requests(), timeout=timeout, metadata=self._metadata
        )
        try:
            for item in call:
                yield self._result(item)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        finally:
            call.cancel()  # No-op when done; stops the call if abandoned.
        if source_error:
            raise source_error[0]

    def info(self, *, timeout: Optional[float] = None) -> pb.GetServerInfoResponse:
        """GetServerInfo: version, languages, features, models, limits."""
        try:
            response: pb.GetServerInfoResponse = self._stub.GetServerInfo(
                pb.GetServerInfoRequest(),
                timeout=self._timeout(timeout),
                metadata=self._metadata,
            )
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        return response

    def health(
        self, service: str = SERVICE_NAME, *, timeout: Optional[float] = None
    ) -> HealthStatus:
        """grpc.health.v1.Health/Check for `service` ("" = the whole
        server). Raises NotFoundError for a service the server lacks."""
        try:
            data: bytes = self._health(
                _encode_health_request(service),
                timeout=self._timeout(timeout),
                metadata=self._metadata,
            )
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        return _decode_health_response(data)

    # -- helpers -----------------------------------------------------------

    def _timeout(self, timeout: Optional[float]) -> Optional[float]:
        return self.timeout if timeout is None else timeout

    @staticmethod
    def _result(item: pb.AnalyzeStreamResponse) -> AnalyzeResult:
        code = status_code(item.status.code)
        if code == grpc.StatusCode.OK:
            return AnalyzeResult(item.index, item.article_id, item.response, None)
        return AnalyzeResult(
            item.index, item.article_id, None, error_for(code, item.status.message)
        )
