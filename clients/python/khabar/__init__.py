"""Python client of the Khabar Arabic news analysis service.

    from khabar import KhabarClient

    with KhabarClient("127.0.0.1:50051") as client:
        response = client.analyze(text)

    # TLS against a private CA, a bearer token, two replicas:
    with KhabarClient(["10.0.0.5:50051", "10.0.0.6:50051"], tls_ca="ca.pem",
                      tls_server_name="khabar.internal",
                      token=read_token_file("token.txt")) as client:
        ...

The generated messages are in `khabar.v1.analyzer_pb2` (also exported here as
`pb`); errors are in `khabar.errors`.
"""

from khabar.client import (
    DEFAULT_TARGET,
    SERVICE_CONFIG_JSON,
    SERVICE_NAME,
    AnalyzeResult,
    HealthStatus,
    KhabarClient,
    make_article,
    read_token_file,
    target_for,
)
from khabar.errors import (
    CancelledError,
    DeadlineExceededError,
    InternalError,
    InvalidArgumentError,
    KhabarError,
    NotFoundError,
    ResourceExhaustedError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
)
from khabar.v1 import analyzer_pb2 as pb

__all__ = [
    "DEFAULT_TARGET",
    "SERVICE_CONFIG_JSON",
    "SERVICE_NAME",
    "AnalyzeResult",
    "CancelledError",
    "DeadlineExceededError",
    "HealthStatus",
    "InternalError",
    "InvalidArgumentError",
    "KhabarClient",
    "KhabarError",
    "NotFoundError",
    "ResourceExhaustedError",
    "UnauthenticatedError",
    "UnavailableError",
    "UnimplementedError",
    "make_article",
    "pb",
    "read_token_file",
    "target_for",
]
