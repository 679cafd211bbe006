from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_envelope_wallet_transaction_out import (
    ListEnvelopeWalletTransactionOut,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/customers/{id}/wallet/transactions".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopeWalletTransactionOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopeWalletTransactionOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopeWalletTransactionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeWalletTransactionOut]:
    """The ledger, newest first; page (`page`, `limit`) or cursor (`cursor`, `limit`) mode.

     Needs `wallet:read`; each entry carries `balance_after_cents`. 404 for customers out of scope.

    Args:
        id (UUID):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeWalletTransactionOut]
    """

    kwargs = _get_kwargs(
        id=id,
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
    id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeWalletTransactionOut | None:
    """The ledger, newest first; page (`page`, `limit`) or cursor (`cursor`, `limit`) mode.

     Needs `wallet:read`; each entry carries `balance_after_cents`. 404 for customers out of scope.

    Args:
        id (UUID):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeWalletTransactionOut
    """

    return sync_detailed(
        id=id,
        client=client,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeWalletTransactionOut]:
    """The ledger, newest first; page (`page`, `limit`) or cursor (`cursor`, `limit`) mode.

     Needs `wallet:read`; each entry carries `balance_after_cents`. 404 for customers out of scope.

    Args:
        id (UUID):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeWalletTransactionOut]
    """

    kwargs = _get_kwargs(
        id=id,
        page=page,
        limit=limit,
        cursor=cursor,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeWalletTransactionOut | None:
    """The ledger, newest first; page (`page`, `limit`) or cursor (`cursor`, `limit`) mode.

     Needs `wallet:read`; each entry carries `balance_after_cents`. 404 for customers out of scope.

    Args:
        id (UUID):
        page (int | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeWalletTransactionOut
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            page=page,
            limit=limit,
            cursor=cursor,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
