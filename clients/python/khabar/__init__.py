"""Python client of the Khabar Arabic news analysis service.

    from khabar import KhabarClient

    with KhabarClient("127.0.0.1:50051") as client:
        response = client.analyze(text)

The generated messages are in `khabar.v1.analyzer_pb2` (also exported here as
`pb`); errors are in `khabar.errors`.
"""

from khabar.client import (
    DEFAULT_TARGET,
    SERVICE_NAME,
    AnalyzeResult,
    HealthStatus,
    KhabarClient,
    make_article,
)
from khabar.errors import (
    CancelledError,
    DeadlineExceededError,
    InternalError,
    InvalidArgumentError,
    KhabarError,
    NotFoundError,
    ResourceExhaustedError,
    UnavailableError,
    UnimplementedError,
)
from khabar.v1 import analyzer_pb2 as pb

__all__ = [
    "DEFAULT_TARGET",
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
    "UnavailableError",
    "UnimplementedError",
    "make_article",
    "pb",
]
