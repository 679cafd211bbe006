from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_envelope_pricing_plan_out import ListEnvelopePricingPlanOut
from ...models.vehicle_type import VehicleType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_type: VehicleType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subaccount_id: str | Unset = UNSET
    if not isinstance(subaccount_id, Unset):
        json_subaccount_id = str(subaccount_id)
    params["subaccount_id"] = json_subaccount_id

    json_vehicle_type: str | Unset = UNSET
    if not isinstance(vehicle_type, Unset):
        json_vehicle_type = vehicle_type.value

    params["vehicle_type"] = json_vehicle_type

    params["page"] = page

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/pricing",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopePricingPlanOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopePricingPlanOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopePricingPlanOut]:
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
    vehicle_type: VehicleType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopePricingPlanOut]:
    """Every pricing plan of the tenant (active and deactivated), oldest first.

     Any signed-in operator; filter by `vehicle_type`, page or cursor mode.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_type (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and
            vehicle type.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopePricingPlanOut]
    """

    kwargs = _get_kwargs(
        subaccount_id=subaccount_id,
        vehicle_type=vehicle_type,
        page=page,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_type: VehicleType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopePricingPlanOut | None:
    """Every pricing plan of the tenant (active and deactivated), oldest first.

     Any signed-in operator; filter by `vehicle_type`, page or cursor mode.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_type (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and
            vehicle type.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopePricingPlanOut
    """

    return sync_detailed(
        client=client,
        subaccount_id=subaccount_id,
        vehicle_type=vehicle_type,
        page=page,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_type: VehicleType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopePricingPlanOut]:
    """Every pricing plan of the tenant (active and deactivated), oldest first.

     Any signed-in operator; filter by `vehicle_type`, page or cursor mode.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_type (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and
            vehicle type.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopePricingPlanOut]
    """

    kwargs = _get_kwargs(
        subaccount_id=subaccount_id,
        vehicle_type=vehicle_type,
        page=page,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subaccount_id: UUID | Unset = UNSET,
    vehicle_type: VehicleType | Unset = UNSET,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopePricingPlanOut | None:
    """Every pricing plan of the tenant (active and deactivated), oldest first.

     Any signed-in operator; filter by `vehicle_type`, page or cursor mode.

    Args:
        subaccount_id (UUID | Unset):
        vehicle_type (VehicleType | Unset): Kind of vehicle; pricing plans are per subaccount and
            vehicle type.
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopePricingPlanOut
    """

    return (
        await asyncio_detailed(
            client=client,
            subaccount_id=subaccount_id,
            vehicle_type=vehicle_type,
            page=page,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
