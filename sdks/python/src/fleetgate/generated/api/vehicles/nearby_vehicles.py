from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_nearby_vehicles import DataEnvelopeNearbyVehicles
from ...models.error_envelope import ErrorEnvelope
from ...models.vehicle_status import VehicleStatus
from ...models.vehicle_type import VehicleType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lat: float,
    lng: float,
    radius: float | Unset = UNSET,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    params: dict[str, Any] = {}

    params["lat"] = lat

    params["lng"] = lng

    params["radius"] = radius

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/vehicles/nearby",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeNearbyVehicles | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeNearbyVehicles.from_dict(response.json())

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
) -> Response[DataEnvelopeNearbyVehicles | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    lat: float,
    lng: float,
    radius: float | Unset = UNSET,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeNearbyVehicles | ErrorEnvelope]:
    """Vehicles in scope within `radius` metres of a point, nearest first, each with `distance_m`.

     Needs `vehicles:read`. 400 names a missing or out-of-range `lat`, `lng`, `radius` or `limit`.

    Args:
        lat (float):
        lng (float):
        radius (float | Unset):
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        limit (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeNearbyVehicles | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lng=lng,
        radius=radius,
        status=status,
        type_=type_,
        limit=limit,
        x_subaccount_id=x_subaccount_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    lat: float,
    lng: float,
    radius: float | Unset = UNSET,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeNearbyVehicles | ErrorEnvelope | None:
    """Vehicles in scope within `radius` metres of a point, nearest first, each with `distance_m`.

     Needs `vehicles:read`. 400 names a missing or out-of-range `lat`, `lng`, `radius` or `limit`.

    Args:
        lat (float):
        lng (float):
        radius (float | Unset):
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        limit (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeNearbyVehicles | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        lat=lat,
        lng=lng,
        radius=radius,
        status=status,
        type_=type_,
        limit=limit,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    lat: float,
    lng: float,
    radius: float | Unset = UNSET,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeNearbyVehicles | ErrorEnvelope]:
    """Vehicles in scope within `radius` metres of a point, nearest first, each with `distance_m`.

     Needs `vehicles:read`. 400 names a missing or out-of-range `lat`, `lng`, `radius` or `limit`.

    Args:
        lat (float):
        lng (float):
        radius (float | Unset):
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        limit (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeNearbyVehicles | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lng=lng,
        radius=radius,
        status=status,
        type_=type_,
        limit=limit,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    lat: float,
    lng: float,
    radius: float | Unset = UNSET,
    status: VehicleStatus | Unset = UNSET,
    type_: VehicleType | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeNearbyVehicles | ErrorEnvelope | None:
    """Vehicles in scope within `radius` metres of a point, nearest first, each with `distance_m`.

     Needs `vehicles:read`. 400 names a missing or out-of-range `lat`, `lng`, `radius` or `limit`.

    Args:
        lat (float):
        lng (float):
        radius (float | Unset):
        status (VehicleStatus | Unset): Operational state. `in_use` and `reserved` are set by
            rides only; `retired` by DELETE.
        type_ (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and vehicle
            type.
        limit (int | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeNearbyVehicles | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            lat=lat,
            lng=lng,
            radius=radius,
            status=status,
            type_=type_,
            limit=limit,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
