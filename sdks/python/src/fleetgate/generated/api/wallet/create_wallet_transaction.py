from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_wallet_transaction_in import CreateWalletTransactionIn
from ...models.data_envelope_wallet_transaction_created_out import (
    DataEnvelopeWalletTransactionCreatedOut,
)
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: CreateWalletTransactionIn,
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
        "url": "/api/partner/v1/customers/{id}/wallet".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = DataEnvelopeWalletTransactionCreatedOut.from_dict(
            response.json()
        )

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
) -> Response[DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope]:
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
    body: CreateWalletTransactionIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope]:
    """Credits or debits the wallet: one ledger entry, written atomically with the balance.

     Needs `wallet:write`; `amount_cents` from 1 to 10 000 000. 409 `INSUFFICIENT_FUNDS` when a debit
    exceeds the balance (nothing written); 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateWalletTransactionIn): A partner credit or debit. Example: {'action': 'credit',
            'amount_cents': 2500, 'description': 'Top-up at the kiosk'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope]
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
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateWalletTransactionIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope | None:
    """Credits or debits the wallet: one ledger entry, written atomically with the balance.

     Needs `wallet:write`; `amount_cents` from 1 to 10 000 000. 409 `INSUFFICIENT_FUNDS` when a debit
    exceeds the balance (nothing written); 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateWalletTransactionIn): A partner credit or debit. Example: {'action': 'credit',
            'amount_cents': 2500, 'description': 'Top-up at the kiosk'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_subaccount_id=x_subaccount_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateWalletTransactionIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope]:
    """Credits or debits the wallet: one ledger entry, written atomically with the balance.

     Needs `wallet:write`; `amount_cents` from 1 to 10 000 000. 409 `INSUFFICIENT_FUNDS` when a debit
    exceeds the balance (nothing written); 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateWalletTransactionIn): A partner credit or debit. Example: {'action': 'credit',
            'amount_cents': 2500, 'description': 'Top-up at the kiosk'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope]
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
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateWalletTransactionIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope | None:
    """Credits or debits the wallet: one ledger entry, written atomically with the balance.

     Needs `wallet:write`; `amount_cents` from 1 to 10 000 000. 409 `INSUFFICIENT_FUNDS` when a debit
    exceeds the balance (nothing written); 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateWalletTransactionIn): A partner credit or debit. Example: {'action': 'credit',
            'amount_cents': 2500, 'description': 'Top-up at the kiosk'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeWalletTransactionCreatedOut | ErrorEnvelope
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
