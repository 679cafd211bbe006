from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_wallet_out import DataEnvelopeWalletOut
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/customers/{id}/wallet".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeWalletOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeWalletOut.from_dict(response.json())

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
) -> Response[DataEnvelopeWalletOut | ErrorEnvelope]:
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
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeWalletOut | ErrorEnvelope]:
    """The customer's balance.

     Needs `wallet:read`; the balance in minor units of the subaccount's currency (it may be negative
    after an uncovered ride). 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeWalletOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
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
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeWalletOut | ErrorEnvelope | None:
    """The customer's balance.

     Needs `wallet:read`; the balance in minor units of the subaccount's currency (it may be negative
    after an uncovered ride). 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeWalletOut | ErrorEnvelope
    """

    return sync_detailed(
        id=id,
        client=client,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeWalletOut | ErrorEnvelope]:
    """The customer's balance.

     Needs `wallet:read`; the balance in minor units of the subaccount's currency (it may be negative
    after an uncovered ride). 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeWalletOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        id=id,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeWalletOut | ErrorEnvelope | None:
    """The customer's balance.

     Needs `wallet:read`; the balance in minor units of the subaccount's currency (it may be negative
    after an uncovered ride). 404 for customers out of scope.

    Args:
        id (UUID):
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeWalletOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
