from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_status import DeliveryStatus
from ...models.error_envelope import ErrorEnvelope
from ...models.event_type import EventType
from ...models.list_envelope_delivery_out import ListEnvelopeDeliveryOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    status: DeliveryStatus | Unset = UNSET,
    event: EventType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_event: str | Unset = UNSET
    if not isinstance(event, Unset):
        json_event = event.value

    params["event"] = json_event

    params["page"] = page

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/webhooks/{id}/deliveries".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopeDeliveryOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopeDeliveryOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopeDeliveryOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    event: EventType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeDeliveryOut]:
    """The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
    `event`; page or cursor.

     Any signed-in operator. 400 for an unknown `status` or `event`; 404 for unknown endpoints.

    Args:
        id (UUID):
        status (DeliveryStatus | Unset): `pending` (waiting or in flight), `delivered` (a 2xx) or
            `failed` (attempts exhausted).
        event (EventType | Unset): Every event name of the contract (SPEC §9), in one place. The
            outbox stores `as_str()`.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeDeliveryOut]
    """

    kwargs = _get_kwargs(
        id=id,
        status=status,
        event=event,
        page=page,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    event: EventType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeDeliveryOut | None:
    """The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
    `event`; page or cursor.

     Any signed-in operator. 400 for an unknown `status` or `event`; 404 for unknown endpoints.

    Args:
        id (UUID):
        status (DeliveryStatus | Unset): `pending` (waiting or in flight), `delivered` (a 2xx) or
            `failed` (attempts exhausted).
        event (EventType | Unset): Every event name of the contract (SPEC §9), in one place. The
            outbox stores `as_str()`.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeDeliveryOut
    """

    return sync_detailed(
        id=id,
        client=client,
        status=status,
        event=event,
        page=page,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    event: EventType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeDeliveryOut]:
    """The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
    `event`; page or cursor.

     Any signed-in operator. 400 for an unknown `status` or `event`; 404 for unknown endpoints.

    Args:
        id (UUID):
        status (DeliveryStatus | Unset): `pending` (waiting or in flight), `delivered` (a 2xx) or
            `failed` (attempts exhausted).
        event (EventType | Unset): Every event name of the contract (SPEC §9), in one place. The
            outbox stores `as_str()`.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeDeliveryOut]
    """

    kwargs = _get_kwargs(
        id=id,
        status=status,
        event=event,
        page=page,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    status: DeliveryStatus | Unset = UNSET,
    event: EventType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeDeliveryOut | None:
    """The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
    `event`; page or cursor.

     Any signed-in operator. 400 for an unknown `status` or `event`; 404 for unknown endpoints.

    Args:
        id (UUID):
        status (DeliveryStatus | Unset): `pending` (waiting or in flight), `delivered` (a 2xx) or
            `failed` (attempts exhausted).
        event (EventType | Unset): Every event name of the contract (SPEC §9), in one place. The
            outbox stores `as_str()`.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeDeliveryOut
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            status=status,
            event=event,
            page=page,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
