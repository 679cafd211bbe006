from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_api_key_out import DataEnvelopeApiKeyOut
from ...models.error_envelope import ErrorEnvelope
from ...models.update_api_key_in import UpdateApiKeyIn
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: UpdateApiKeyIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/admin/v1/api-keys/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeApiKeyOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeApiKeyOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

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
) -> Response[DataEnvelopeApiKeyOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateApiKeyIn,
) -> Response[DataEnvelopeApiKeyOut | ErrorEnvelope]:
    """Changes name, permissions, limits, active, allowed IPs or expiry (admin or owner).

     Needs the admin or owner role; fields not sent stay as they are, and changes reach every gateway
    instance within a second. 409 when the key is revoked; 404 when it is unknown.

    Args:
        id (str):
        body (UpdateApiKeyIn): Changes to a key; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeApiKeyOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateApiKeyIn,
) -> DataEnvelopeApiKeyOut | ErrorEnvelope | None:
    """Changes name, permissions, limits, active, allowed IPs or expiry (admin or owner).

     Needs the admin or owner role; fields not sent stay as they are, and changes reach every gateway
    instance within a second. 409 when the key is revoked; 404 when it is unknown.

    Args:
        id (str):
        body (UpdateApiKeyIn): Changes to a key; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeApiKeyOut | ErrorEnvelope
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateApiKeyIn,
) -> Response[DataEnvelopeApiKeyOut | ErrorEnvelope]:
    """Changes name, permissions, limits, active, allowed IPs or expiry (admin or owner).

     Needs the admin or owner role; fields not sent stay as they are, and changes reach every gateway
    instance within a second. 409 when the key is revoked; 404 when it is unknown.

    Args:
        id (str):
        body (UpdateApiKeyIn): Changes to a key; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeApiKeyOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateApiKeyIn,
) -> DataEnvelopeApiKeyOut | ErrorEnvelope | None:
    """Changes name, permissions, limits, active, allowed IPs or expiry (admin or owner).

     Needs the admin or owner role; fields not sent stay as they are, and changes reach every gateway
    instance within a second. 409 when the key is revoked; 404 when it is unknown.

    Args:
        id (str):
        body (UpdateApiKeyIn): Changes to a key; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeApiKeyOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
