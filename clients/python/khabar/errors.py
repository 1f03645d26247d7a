"""Exceptions raised by the Khabar client, one class per gRPC status code.

Every exception carries the gRPC status code (``code``) and the server's
message (``details``). ``retryable`` says whether sending the same request
again can succeed; see docs/errors.md for the full error model.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

import grpc


class KhabarError(Exception):
    """A failed call or article. Base class of every client exception."""

    #: Whether the same request may succeed when sent again (after a backoff).
    retryable: bool = False

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(f"{code.name}: {details}")
        self.code: grpc.StatusCode = code
        self.details: str = details


class InvalidArgumentError(KhabarError):
    """INVALID_ARGUMENT: the article is empty, not UTF-8, holds a NUL
    character, or mixes ``text`` with the structured parts. Never retry it
    unchanged."""


class ResourceExhaustedError(KhabarError):
    """RESOURCE_EXHAUSTED: the article or message is over the server's limit
    (``info().limits``). Never retry it unchanged."""


class DeadlineExceededError(KhabarError):
    """DEADLINE_EXCEEDED: the deadline passed first. May succeed with a
    longer timeout."""

    retryable = True


class CancelledError(KhabarError):
    """CANCELLED: the call was cancelled (by this process or the server)."""


class UnavailableError(KhabarError):
    """UNAVAILABLE: no server reachable, or it is shutting down. Retry with
    backoff (on another replica when there are several)."""

    retryable = True


class NotFoundError(KhabarError):
    """NOT_FOUND: e.g. a health check for a service the server does not
    have."""


class UnimplementedError(KhabarError):
    """UNIMPLEMENTED: the server does not know the method (an older
    server)."""


class UnauthenticatedError(KhabarError):
    """UNAUTHENTICATED: the server requires a bearer token (``token=``) and
    the call carried none, or the wrong one. Never retry it unchanged."""


class InternalError(KhabarError):
    """INTERNAL or UNKNOWN: a server bug; never expected. Report it."""


_BY_CODE: Dict[grpc.StatusCode, Type[KhabarError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhaustedError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
    grpc.StatusCode.CANCELLED: CancelledError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.NOT_FOUND: NotFoundError,
    grpc.StatusCode.UNIMPLEMENTED: UnimplementedError,
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
    grpc.StatusCode.INTERNAL: InternalError,
    grpc.StatusCode.UNKNOWN: InternalError,
}

# ArticleStatus.code is the numeric google.rpc.Code.
_CODE_BY_NUMBER: Dict[int, grpc.StatusCode] = {
    c.value[0]: c for c in grpc.StatusCode
}


def status_code(number: int) -> grpc.StatusCode:
    """The grpc.StatusCode for a numeric code (ArticleStatus.code)."""
    return _CODE_BY_NUMBER.get(number, grpc.StatusCode.UNKNOWN)


def error_for(code: grpc.StatusCode, details: str) -> KhabarError:
    """The exception for a status code and message."""
    return _BY_CODE.get(code, KhabarError)(code, details)


def from_rpc_error(error: grpc.RpcError) -> KhabarError:
    """Converts a grpc.RpcError (which is also a grpc.Call) to ours."""
    code: Optional[grpc.StatusCode] = error.code()
    details: Optional[str] = error.details()
    return error_for(code or grpc.StatusCode.UNKNOWN, details or "")
