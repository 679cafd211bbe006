from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_envelope_vehicle_out import ListEnvelopeVehicleOut
from ...models.vehicle_status import VehicleStatus
from ...models.vehicle_type import VehicleType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    subaccount_id: UUID | Unset = UNSET,
    zone_id: UUID | Unset = UNSET,
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

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    json_subaccount_id: str | Unset = UNSET
    if not isinstance(subaccount_id, Unset):
        json_subaccount_id = str(subaccount_id)
    params["subaccount_id"] = json_subaccount_id

    json_zone_id: str | Unset = UNSET
    if not isinstance(zone_id, Unset):
        json_zone_id = str(zone_id)
    params["zone_id"] = json_zone_id

    params["page"] = page

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/vehicles",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopeVehicleOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopeVehicleOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopeVehicleOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    subaccount_id: UUID | Unset = UNSET,
    zone_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeVehicleOut]:
    """Vehicles in scope, oldest first. Page mode (`page`, `limit`) or cursor mode (`cursor`).

     Needs `vehicles:read`. 400 for an unknown `status` or `type`; 404 when `zone_id` names no zone
    in scope.

    Args:
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        subaccount_id (UUID | Unset):
        zone_id (UUID | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeVehicleOut]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        subaccount_id=subaccount_id,
        zone_id=zone_id,
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
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    subaccount_id: UUID | Unset = UNSET,
    zone_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeVehicleOut | None:
    """Vehicles in scope, oldest first. Page mode (`page`, `limit`) or cursor mode (`cursor`).

     Needs `vehicles:read`. 400 for an unknown `status` or `type`; 404 when `zone_id` names no zone
    in scope.

    Args:
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        subaccount_id (UUID | Unset):
        zone_id (UUID | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeVehicleOut
    """

    return sync_detailed(
        client=client,
        status=status,
        type_=type_,
        subaccount_id=subaccount_id,
        zone_id=zone_id,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    subaccount_id: UUID | Unset = UNSET,
    zone_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeVehicleOut]:
    """Vehicles in scope, oldest first. Page mode (`page`, `limit`) or cursor mode (`cursor`).

     Needs `vehicles:read`. 400 for an unknown `status` or `type`; 404 when `zone_id` names no zone
    in scope.

    Args:
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        subaccount_id (UUID | Unset):
        zone_id (UUID | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeVehicleOut]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        subaccount_id=subaccount_id,
        zone_id=zone_id,
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
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    subaccount_id: UUID | Unset = UNSET,
    zone_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeVehicleOut | None:
    """Vehicles in scope, oldest first. Page mode (`page`, `limit`) or cursor mode (`cursor`).

     Needs `vehicles:read`. 400 for an unknown `status` or `type`; 404 when `zone_id` names no zone
    in scope.

    Args:
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        subaccount_id (UUID | Unset):
        zone_id (UUID | Unset):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeVehicleOut
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            type_=type_,
            subaccount_id=subaccount_id,
            zone_id=zone_id,
            page=page,
            limit=limit,
            cursor=cursor,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
