from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_customer_in import CreateCustomerIn
from ...models.data_envelope_customer_out import DataEnvelopeCustomerOut
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateCustomerIn,
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
        "url": "/api/partner/v1/customers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeCustomerOut | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = DataEnvelopeCustomerOut.from_dict(response.json())

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
) -> Response[DataEnvelopeCustomerOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateCustomerIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeCustomerOut | ErrorEnvelope]:
    """Creates a customer with the next customer number, its wallet and a `customer.created`
    event, atomically.

     Needs `customers:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when a customer with this email exists.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateCustomerIn): A new customer. Its wallet is created with it (balance 0, the
            subaccount's currency). Example: {'email': 'ada@example.com', 'metadata': {'crm_id':
            'C-991'}, 'name': 'Ada Lovelace', 'phone': '+49 30 1234567'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeCustomerOut | ErrorEnvelope]
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
    body: CreateCustomerIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeCustomerOut | ErrorEnvelope | None:
    """Creates a customer with the next customer number, its wallet and a `customer.created`
    event, atomically.

     Needs `customers:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when a customer with this email exists.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateCustomerIn): A new customer. Its wallet is created with it (balance 0, the
            subaccount's currency). Example: {'email': 'ada@example.com', 'metadata': {'crm_id':
            'C-991'}, 'name': 'Ada Lovelace', 'phone': '+49 30 1234567'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeCustomerOut | ErrorEnvelope
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
    body: CreateCustomerIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeCustomerOut | ErrorEnvelope]:
    """Creates a customer with the next customer number, its wallet and a `customer.created`
    event, atomically.

     Needs `customers:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when a customer with this email exists.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateCustomerIn): A new customer. Its wallet is created with it (balance 0, the
            subaccount's currency). Example: {'email': 'ada@example.com', 'metadata': {'crm_id':
            'C-991'}, 'name': 'Ada Lovelace', 'phone': '+49 30 1234567'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeCustomerOut | ErrorEnvelope]
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
    body: CreateCustomerIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeCustomerOut | ErrorEnvelope | None:
    """Creates a customer with the next customer number, its wallet and a `customer.created`
    event, atomically.

     Needs `customers:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
    `subaccount_id` is required (400). 409 when a customer with this email exists.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateCustomerIn): A new customer. Its wallet is created with it (balance 0, the
            subaccount's currency). Example: {'email': 'ada@example.com', 'metadata': {'crm_id':
            'C-991'}, 'name': 'Ada Lovelace', 'phone': '+49 30 1234567'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeCustomerOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_subaccount_id=x_subaccount_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
