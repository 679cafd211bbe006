from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    max_seconds: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    params: dict[str, Any] = {}

    json_subaccount_id: str | Unset = UNSET
    if not isinstance(subaccount_id, Unset):
        json_subaccount_id = str(subaccount_id)
    params["subaccount_id"] = json_subaccount_id

    json_vehicle_id: str | Unset = UNSET
    if not isinstance(vehicle_id, Unset):
        json_vehicle_id = str(vehicle_id)
    params["vehicle_id"] = json_vehicle_id

    params["max_seconds"] = max_seconds

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/telematics/stream",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    max_seconds: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | str]:
    """Live positions of the vehicles in the key's scope as Server-Sent Events, within a second
    of ingest on any gateway instance. Frames: `event: position` with a JSON
    [`LivePosition`] as `data`; a comment line (`: heartbeat`) every 15 s when idle;
    `event: dropped` before the server ends a stream that fell too far behind; `event: end`
    when `max_seconds` is reached. Reconnect (as `EventSource` does) to continue.

     Needs `telematics:read`. The answer is `text/event-stream`, not a JSON envelope.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        max_seconds (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | str]
    """

    kwargs = _get_kwargs(
        subaccount_id=subaccount_id,
        vehicle_id=vehicle_id,
        max_seconds=max_seconds,
        x_subaccount_id=x_subaccount_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    max_seconds: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | str | None:
    """Live positions of the vehicles in the key's scope as Server-Sent Events, within a second
    of ingest on any gateway instance. Frames: `event: position` with a JSON
    [`LivePosition`] as `data`; a comment line (`: heartbeat`) every 15 s when idle;
    `event: dropped` before the server ends a stream that fell too far behind; `event: end`
    when `max_seconds` is reached. Reconnect (as `EventSource` does) to continue.

     Needs `telematics:read`. The answer is `text/event-stream`, not a JSON envelope.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        max_seconds (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | str
    """

    return sync_detailed(
        client=client,
        subaccount_id=subaccount_id,
        vehicle_id=vehicle_id,
        max_seconds=max_seconds,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    max_seconds: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | str]:
    """Live positions of the vehicles in the key's scope as Server-Sent Events, within a second
    of ingest on any gateway instance. Frames: `event: position` with a JSON
    [`LivePosition`] as `data`; a comment line (`: heartbeat`) every 15 s when idle;
    `event: dropped` before the server ends a stream that fell too far behind; `event: end`
    when `max_seconds` is reached. Reconnect (as `EventSource` does) to continue.

     Needs `telematics:read`. The answer is `text/event-stream`, not a JSON envelope.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        max_seconds (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | str]
    """

    kwargs = _get_kwargs(
        subaccount_id=subaccount_id,
        vehicle_id=vehicle_id,
        max_seconds=max_seconds,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    max_seconds: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | str | None:
    """Live positions of the vehicles in the key's scope as Server-Sent Events, within a second
    of ingest on any gateway instance. Frames: `event: position` with a JSON
    [`LivePosition`] as `data`; a comment line (`: heartbeat`) every 15 s when idle;
    `event: dropped` before the server ends a stream that fell too far behind; `event: end`
    when `max_seconds` is reached. Reconnect (as `EventSource` does) to continue.

     Needs `telematics:read`. The answer is `text/event-stream`, not a JSON envelope.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        max_seconds (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | str
    """

    return (
        await asyncio_detailed(
            client=client,
            subaccount_id=subaccount_id,
            vehicle_id=vehicle_id,
            max_seconds=max_seconds,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
