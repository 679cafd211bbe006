from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_usage_out import DataEnvelopeUsageOut
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    range_: str | Unset = UNSET,
    api_key_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["range"] = range_

    json_api_key_id: str | Unset = UNSET
    if not isinstance(api_key_id, Unset):
        json_api_key_id = str(api_key_id)
    params["api_key_id"] = json_api_key_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeUsageOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeUsageOut.from_dict(response.json())

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
) -> Response[DataEnvelopeUsageOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    api_key_id: UUID | Unset = UNSET,
) -> Response[DataEnvelopeUsageOut | ErrorEnvelope]:
    """Partner-API requests (made with the tenant's keys) over the last 24 hours by 5 minutes or
    the last 30 days by day, split into 2xx / 4xx / 5xx / 429, with the top routes and the
    p50 / p95 latency. Recording is asynchronous: a request counts within about a second.

     Any signed-in operator; optionally one key (`api_key_id`). 400 for an unknown `range` or a
    malformed `api_key_id`.

    Args:
        range_ (str | Unset):
        api_key_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeUsageOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        range_=range_,
        api_key_id=api_key_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    api_key_id: UUID | Unset = UNSET,
) -> DataEnvelopeUsageOut | ErrorEnvelope | None:
    """Partner-API requests (made with the tenant's keys) over the last 24 hours by 5 minutes or
    the last 30 days by day, split into 2xx / 4xx / 5xx / 429, with the top routes and the
    p50 / p95 latency. Recording is asynchronous: a request counts within about a second.

     Any signed-in operator; optionally one key (`api_key_id`). 400 for an unknown `range` or a
    malformed `api_key_id`.

    Args:
        range_ (str | Unset):
        api_key_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeUsageOut | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        range_=range_,
        api_key_id=api_key_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    api_key_id: UUID | Unset = UNSET,
) -> Response[DataEnvelopeUsageOut | ErrorEnvelope]:
    """Partner-API requests (made with the tenant's keys) over the last 24 hours by 5 minutes or
    the last 30 days by day, split into 2xx / 4xx / 5xx / 429, with the top routes and the
    p50 / p95 latency. Recording is asynchronous: a request counts within about a second.

     Any signed-in operator; optionally one key (`api_key_id`). 400 for an unknown `range` or a
    malformed `api_key_id`.

    Args:
        range_ (str | Unset):
        api_key_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeUsageOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        range_=range_,
        api_key_id=api_key_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    api_key_id: UUID | Unset = UNSET,
) -> DataEnvelopeUsageOut | ErrorEnvelope | None:
    """Partner-API requests (made with the tenant's keys) over the last 24 hours by 5 minutes or
    the last 30 days by day, split into 2xx / 4xx / 5xx / 429, with the top routes and the
    p50 / p95 latency. Recording is asynchronous: a request counts within about a second.

     Any signed-in operator; optionally one key (`api_key_id`). 400 for an unknown `range` or a
    malformed `api_key_id`.

    Args:
        range_ (str | Unset):
        api_key_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeUsageOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            range_=range_,
            api_key_id=api_key_id,
        )
    ).parsed
