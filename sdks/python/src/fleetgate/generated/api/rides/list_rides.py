import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_envelope_ride_out import ListEnvelopeRideOut
from ...models.ride_status import RideStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: RideStatus | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_customer_id: str | Unset = UNSET
    if not isinstance(customer_id, Unset):
        json_customer_id = str(customer_id)
    params["customer_id"] = json_customer_id

    json_vehicle_id: str | Unset = UNSET
    if not isinstance(vehicle_id, Unset):
        json_vehicle_id = str(vehicle_id)
    params["vehicle_id"] = json_vehicle_id

    json_started_after: str | Unset = UNSET
    if not isinstance(started_after, Unset):
        json_started_after = started_after.isoformat()
    params["started_after"] = json_started_after

    json_started_before: str | Unset = UNSET
    if not isinstance(started_before, Unset):
        json_started_before = started_before.isoformat()
    params["started_before"] = json_started_before

    params["page"] = page

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/rides",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopeRideOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopeRideOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopeRideOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: RideStatus | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeRideOut]:
    """Rides in scope, oldest first, with filters; page or cursor mode.

     Needs `rides:read`; filter by `status`, `customer_id`, `vehicle_id` and start time. 400 names
    each malformed filter.

    Args:
        status (RideStatus | Unset): Where a ride is.
        customer_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeRideOut]
    """

    kwargs = _get_kwargs(
        status=status,
        customer_id=customer_id,
        vehicle_id=vehicle_id,
        started_after=started_after,
        started_before=started_before,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: RideStatus | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeRideOut | None:
    """Rides in scope, oldest first, with filters; page or cursor mode.

     Needs `rides:read`; filter by `status`, `customer_id`, `vehicle_id` and start time. 400 names
    each malformed filter.

    Args:
        status (RideStatus | Unset): Where a ride is.
        customer_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeRideOut
    """

    return sync_detailed(
        client=client,
        status=status,
        customer_id=customer_id,
        vehicle_id=vehicle_id,
        started_after=started_after,
        started_before=started_before,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: RideStatus | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeRideOut]:
    """Rides in scope, oldest first, with filters; page or cursor mode.

     Needs `rides:read`; filter by `status`, `customer_id`, `vehicle_id` and start time. 400 names
    each malformed filter.

    Args:
        status (RideStatus | Unset): Where a ride is.
        customer_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeRideOut]
    """

    kwargs = _get_kwargs(
        status=status,
        customer_id=customer_id,
        vehicle_id=vehicle_id,
        started_after=started_after,
        started_before=started_before,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: RideStatus | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    vehicle_id: UUID | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeRideOut | None:
    """Rides in scope, oldest first, with filters; page or cursor mode.

     Needs `rides:read`; filter by `status`, `customer_id`, `vehicle_id` and start time. 400 names
    each malformed filter.

    Args:
        status (RideStatus | Unset): Where a ride is.
        customer_id (UUID | Unset):
        vehicle_id (UUID | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeRideOut
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            customer_id=customer_id,
            vehicle_id=vehicle_id,
            started_after=started_after,
            started_before=started_before,
            page=page,
            limit=limit,
            cursor=cursor,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
