from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_token_in import CreateTokenIn
from ...models.data_envelope_token_out import DataEnvelopeTokenOut
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateTokenIn | None | Unset = UNSET,
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
        "url": "/api/partner/v1/auth/token",
    }

    if isinstance(body, CreateTokenIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeTokenOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeTokenOut.from_dict(response.json())

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
) -> Response[DataEnvelopeTokenOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTokenIn | None | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeTokenOut | ErrorEnvelope]:
    """Exchanges the API key for a signed token with the same permissions and scope (narrowed
    to `X-Subaccount-Id` when sent), valid 15 minutes by default and at most an hour, and
    only while the key itself stays valid. A token cannot be exchanged for another one.

     Needs a valid API key, no particular permission; 403 `api_key_required` when presented with a
    token. 400 for a lifetime outside 60–3600 s.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeTokenOut | ErrorEnvelope]
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
    body: CreateTokenIn | None | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeTokenOut | ErrorEnvelope | None:
    """Exchanges the API key for a signed token with the same permissions and scope (narrowed
    to `X-Subaccount-Id` when sent), valid 15 minutes by default and at most an hour, and
    only while the key itself stays valid. A token cannot be exchanged for another one.

     Needs a valid API key, no particular permission; 403 `api_key_required` when presented with a
    token. 400 for a lifetime outside 60–3600 s.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeTokenOut | ErrorEnvelope
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
    body: CreateTokenIn | None | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeTokenOut | ErrorEnvelope]:
    """Exchanges the API key for a signed token with the same permissions and scope (narrowed
    to `X-Subaccount-Id` when sent), valid 15 minutes by default and at most an hour, and
    only while the key itself stays valid. A token cannot be exchanged for another one.

     Needs a valid API key, no particular permission; 403 `api_key_required` when presented with a
    token. 400 for a lifetime outside 60–3600 s.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeTokenOut | ErrorEnvelope]
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
    body: CreateTokenIn | None | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeTokenOut | ErrorEnvelope | None:
    """Exchanges the API key for a signed token with the same permissions and scope (narrowed
    to `X-Subaccount-Id` when sent), valid 15 minutes by default and at most an hour, and
    only while the key itself stays valid. A token cannot be exchanged for another one.

     Needs a valid API key, no particular permission; 403 `api_key_required` when presented with a
    token. 400 for a lifetime outside 60–3600 s.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeTokenOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_subaccount_id=x_subaccount_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
