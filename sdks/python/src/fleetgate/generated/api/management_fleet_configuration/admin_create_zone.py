from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_zone_in import CreateZoneIn
from ...models.data_envelope_zone_out import DataEnvelopeZoneOut
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    *,
    body: CreateZoneIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/zones",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeZoneOut | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = DataEnvelopeZoneOut.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

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
) -> Response[DataEnvelopeZoneOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateZoneIn,
) -> Response[DataEnvelopeZoneOut | ErrorEnvelope]:
    """Creates a zone (admin or owner) in the subaccount named by `subaccount_id` (required
    when the tenant has several); emits `zone.updated`.

     Needs the admin or owner role. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon
    of closed rings) or a missing `subaccount_id`.

    Args:
        body (CreateZoneIn): A new zone. Example: {'geometry': {'coordinates': [[[13.38, 52.51],
            [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]], 'type': 'Polygon'},
            'name': 'Old town slow zone', 'speed_limit_kph': 10, 'type': 'slow_speed'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeZoneOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateZoneIn,
) -> DataEnvelopeZoneOut | ErrorEnvelope | None:
    """Creates a zone (admin or owner) in the subaccount named by `subaccount_id` (required
    when the tenant has several); emits `zone.updated`.

     Needs the admin or owner role. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon
    of closed rings) or a missing `subaccount_id`.

    Args:
        body (CreateZoneIn): A new zone. Example: {'geometry': {'coordinates': [[[13.38, 52.51],
            [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]], 'type': 'Polygon'},
            'name': 'Old town slow zone', 'speed_limit_kph': 10, 'type': 'slow_speed'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeZoneOut | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateZoneIn,
) -> Response[DataEnvelopeZoneOut | ErrorEnvelope]:
    """Creates a zone (admin or owner) in the subaccount named by `subaccount_id` (required
    when the tenant has several); emits `zone.updated`.

     Needs the admin or owner role. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon
    of closed rings) or a missing `subaccount_id`.

    Args:
        body (CreateZoneIn): A new zone. Example: {'geometry': {'coordinates': [[[13.38, 52.51],
            [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]], 'type': 'Polygon'},
            'name': 'Old town slow zone', 'speed_limit_kph': 10, 'type': 'slow_speed'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeZoneOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateZoneIn,
) -> DataEnvelopeZoneOut | ErrorEnvelope | None:
    """Creates a zone (admin or owner) in the subaccount named by `subaccount_id` (required
    when the tenant has several); emits `zone.updated`.

     Needs the admin or owner role. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon
    of closed rings) or a missing `subaccount_id`.

    Args:
        body (CreateZoneIn): A new zone. Example: {'geometry': {'coordinates': [[[13.38, 52.51],
            [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]], 'type': 'Polygon'},
            'name': 'Old town slow zone', 'speed_limit_kph': 10, 'type': 'slow_speed'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeZoneOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
