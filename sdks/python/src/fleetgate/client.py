"""The client: transports that add headers and retry, typed errors, list iteration."""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, NoReturn, Protocol, TypedDict, TypeVar

import httpx

from fleetgate.generated.client import AuthenticatedClient
from fleetgate.generated.models.cursor_pagination import CursorPagination
from fleetgate.generated.models.error_envelope import ErrorEnvelope
from fleetgate.generated.models.page_pagination import PagePagination
from fleetgate.generated.types import Response

RETRYABLE = frozenset({429, 503})


class FleetgateError(Exception):
    """An error answer: ``error.code``, ``error.message``, ``error.details``, ``meta.request_id``."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any], request_id: str | None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); ``None`` when absent."""
    if value is None or not value.strip():
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        at = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, at - (time.time() if now is None else now))


class _Policy:
    def __init__(self, subaccount_id: str | None, max_retries: int, max_retry_delay: float) -> None:
        self.subaccount_id = subaccount_id
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay

    def prepare(self, request: httpx.Request) -> None:
        if self.subaccount_id is not None and "X-Subaccount-Id" not in request.headers:
            request.headers["X-Subaccount-Id"] = self.subaccount_id
        if request.method in ("POST", "PATCH") and "Idempotency-Key" not in request.headers:
            # One key for every attempt: a retried request that did reach the server replays.
            request.headers["Idempotency-Key"] = str(uuid.uuid4())

    def delay(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to return this response."""
        if response.status_code not in RETRYABLE or attempt >= self.max_retries:
            return None
        # At least what Retry-After says; never less than the backoff (a "0" would spin).
        backoff = min(self.max_retry_delay, 0.25 * 2.0**attempt)
        delay = max(retry_after_seconds(response.headers.get("Retry-After")) or 0.0, backoff)
        if delay > self.max_retry_delay:
            return None
        return delay + random.uniform(0, 0.1)


class _RetryTransport(httpx.BaseTransport):
    def __init__(self, policy: _Policy, inner: httpx.BaseTransport) -> None:
        self.policy = policy
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.policy.prepare(request)
        attempt = 0
        while True:
            response = self.inner.handle_request(request)
            delay = self.policy.delay(response, attempt)
            if delay is None:
                return response
            response.close()
            time.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self.inner.close()


class _AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, policy: _Policy, inner: httpx.AsyncBaseTransport) -> None:
        self.policy = policy
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.policy.prepare(request)
        attempt = 0
        while True:
            response = await self.inner.handle_async_request(request)
            delay = self.policy.delay(response, attempt)
            if delay is None:
                return response
            await response.aclose()
            await asyncio.sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self.inner.aclose()


class Fleetgate:
    """A configured client. Pass :attr:`client` (an ``AuthenticatedClient``) to any operation of ``fleetgate.generated.api``::

        fg = Fleetgate("http://127.0.0.1:8080", "lf_pk_…", subaccount_id="…")
        vehicle = unwrap(get_vehicle.sync_detailed(vehicle_id, client=fg.client)).data
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        session_token: str | None = None,
        subaccount_id: str | None = None,
        max_retries: int = 3,
        max_retry_delay: float = 30.0,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if (api_key is None) == (session_token is None):
            raise ValueError("pass exactly one of api_key (partner API) and session_token (management API)")
        if api_key is not None:
            headers = {"X-Partner-Api-Key": api_key}
            token, prefix, header = api_key, "", "X-Partner-Api-Key"
        else:
            token, prefix, header = str(session_token), "Bearer", "Authorization"
            headers = {header: f"{prefix} {token}"}
        policy = _Policy(subaccount_id, max_retries, max_retry_delay)
        base_url = base_url.rstrip("/")
        self.client = AuthenticatedClient(base_url=base_url, token=token, prefix=prefix, auth_header_name=header)
        common: dict[str, Any] = {"base_url": base_url, "headers": headers, "timeout": timeout}
        self.client.set_httpx_client(
            httpx.Client(**common, transport=_RetryTransport(policy, transport or httpx.HTTPTransport()))
        )
        self.client.set_async_httpx_client(
            httpx.AsyncClient(
                **common, transport=_AsyncRetryTransport(policy, async_transport or httpx.AsyncHTTPTransport())
            )
        )

    def close(self) -> None:
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        await self.client.get_async_httpx_client().aclose()


T = TypeVar("T")
Item = TypeVar("Item", covariant=True)


def unwrap(response: Response[T | ErrorEnvelope | None] | Response[T | ErrorEnvelope]) -> T:
    """The parsed body of a 2xx answer; raises :class:`FleetgateError` for anything else."""
    parsed = response.parsed
    if 200 <= int(response.status_code) < 300 and parsed is not None and not isinstance(parsed, ErrorEnvelope):
        return parsed
    request_id = response.headers.get("X-Request-Id")
    if isinstance(parsed, ErrorEnvelope):
        err = parsed.error
        _raise(int(response.status_code), err.code.value, err.message, err.details.to_dict(), parsed.meta.request_id)
    try:
        body = json.loads(response.content)
        error = body["error"]
        code, message = str(error["code"]), str(error["message"])
        details = dict(error.get("details") or {})
        request_id = body.get("meta", {}).get("request_id", request_id)
    except (ValueError, KeyError, TypeError, AttributeError):
        code, message, details = "HTTP_ERROR", response.content[:200].decode(errors="replace"), {}
    _raise(int(response.status_code), code, message, details, request_id)


def _raise(status: int, code: str, message: str, details: dict[str, Any], request_id: str | None) -> NoReturn:
    raise FleetgateError(status, code, message, details, request_id)


class PageQuery(TypedDict, total=False):
    """What the iterators pass to the page fetcher: a page number or a cursor."""

    page: int
    cursor: str


class ListPage(Protocol[Item]):
    @property
    def data(self) -> Sequence[Item]: ...

    @property
    def pagination(self) -> PagePagination | CursorPagination: ...


def _next(pagination: PagePagination | CursorPagination) -> PageQuery | None:
    if not pagination.has_next:
        return None
    if isinstance(pagination, CursorPagination):
        return None if pagination.next_cursor is None else {"cursor": pagination.next_cursor}
    return {"page": pagination.page + 1}


def iterate(fetch_page: Callable[[PageQuery], Response[Any]]) -> Iterator[Any]:
    """Every item of a list, page after page (or cursor after cursor) to the end."""
    query: PageQuery | None = {}
    while query is not None:
        page: ListPage[Any] = unwrap(fetch_page(query))
        yield from page.data
        query = _next(page.pagination)


async def aiterate(fetch_page: Callable[[PageQuery], Awaitable[Response[Any]]]) -> AsyncIterator[Any]:
    """:func:`iterate` for the ``asyncio_detailed`` operations: ``async for v in aiterate(…)``."""
    query: PageQuery | None = {}
    while query is not None:
        page: ListPage[Any] = unwrap(await fetch_page(query))
        for item in page.data:
            yield item
        query = _next(page.pagination)
