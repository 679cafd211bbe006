from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_api_key_secret_out import DataEnvelopeApiKeySecretOut
from ...models.error_envelope import ErrorEnvelope
from ...models.regenerate_api_key_in import RegenerateApiKeyIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: None | RegenerateApiKeyIn | Unset = UNSET,
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
        "url": "/api/partner/v1/api-keys/{id}/regenerate".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, RegenerateApiKeyIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeApiKeySecretOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeApiKeySecretOut.from_dict(response.json())

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
) -> Response[DataEnvelopeApiKeySecretOut | ErrorEnvelope]:
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
    body: None | RegenerateApiKeyIn | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeApiKeySecretOut | ErrorEnvelope]:
    """Issues a new secret (shown once); the old one dies at once or after the grace period.

     Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
    when the key is revoked; 404 outside the caller's reach.

    Args:
        id (str):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (None | RegenerateApiKeyIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeApiKeySecretOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | RegenerateApiKeyIn | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeApiKeySecretOut | ErrorEnvelope | None:
    """Issues a new secret (shown once); the old one dies at once or after the grace period.

     Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
    when the key is revoked; 404 outside the caller's reach.

    Args:
        id (str):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (None | RegenerateApiKeyIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeApiKeySecretOut | ErrorEnvelope
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | RegenerateApiKeyIn | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeApiKeySecretOut | ErrorEnvelope]:
    """Issues a new secret (shown once); the old one dies at once or after the grace period.

     Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
    when the key is revoked; 404 outside the caller's reach.

    Args:
        id (str):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (None | RegenerateApiKeyIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeApiKeySecretOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | RegenerateApiKeyIn | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeApiKeySecretOut | ErrorEnvelope | None:
    """Issues a new secret (shown once); the old one dies at once or after the grace period.

     Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
    when the key is revoked; 404 outside the caller's reach.

    Args:
        id (str):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (None | RegenerateApiKeyIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeApiKeySecretOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            x_subaccount_id=x_subaccount_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
