from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_vehicle_in import CreateVehicleIn
from ...models.data_envelope_vehicle_out import DataEnvelopeVehicleOut
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateVehicleIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/partner/v1/vehicles",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeVehicleOut | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = DataEnvelopeVehicleOut.from_dict(response.json())

        return response_201

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

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
) -> Response[DataEnvelopeVehicleOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateVehicleIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeVehicleOut | ErrorEnvelope]:
    """Registers a vehicle (status `available`).

     Needs `vehicles:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when `vehicle_number` is taken.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateVehicleIn): A new vehicle. Example: {'battery_percent': 100, 'latitude':
            52.52, 'longitude': 13.405, 'make': 'Segway', 'model': 'Ninebot Max G30', 'type':
            'scooter'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeVehicleOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateVehicleIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeVehicleOut | ErrorEnvelope | None:
    """Registers a vehicle (status `available`).

     Needs `vehicles:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when `vehicle_number` is taken.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateVehicleIn): A new vehicle. Example: {'battery_percent': 100, 'latitude':
            52.52, 'longitude': 13.405, 'make': 'Segway', 'model': 'Ninebot Max G30', 'type':
            'scooter'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeVehicleOut | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateVehicleIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeVehicleOut | ErrorEnvelope]:
    """Registers a vehicle (status `available`).

     Needs `vehicles:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when `vehicle_number` is taken.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateVehicleIn): A new vehicle. Example: {'battery_percent': 100, 'latitude':
            52.52, 'longitude': 13.405, 'make': 'Segway', 'model': 'Ninebot Max G30', 'type':
            'scooter'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeVehicleOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateVehicleIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeVehicleOut | ErrorEnvelope | None:
    """Registers a vehicle (status `available`).

     Needs `vehicles:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when `vehicle_number` is taken.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateVehicleIn): A new vehicle. Example: {'battery_percent': 100, 'latitude':
            52.52, 'longitude': 13.405, 'make': 'Segway', 'model': 'Ninebot Max G30', 'type':
            'scooter'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeVehicleOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_subaccount_id=x_subaccount_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
