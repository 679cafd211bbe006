from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_ingest_out import DataEnvelopeIngestOut
from ...models.error_envelope import ErrorEnvelope
from ...models.ping_batch_in import PingBatchIn
from ...models.ping_in import PingIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PingBatchIn | PingIn,
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
        "url": "/api/partner/v1/telematics/pings",
    }

    if isinstance(body, PingBatchIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeIngestOut | ErrorEnvelope | None:
    if response.status_code == 202:
        response_202 = DataEnvelopeIngestOut.from_dict(response.json())

        return response_202

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
) -> Response[DataEnvelopeIngestOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PingBatchIn | PingIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeIngestOut | ErrorEnvelope]:
    """Ingest pings: one ping object or `{"pings": [...]}` of up to 1 000 (body ≤ 5 MiB). Each
    ping is validated on its own; the valid ones are stored (in one transaction with the
    events they cause) and the others reported by index. The vehicle's last position,
    battery and `last_seen_at` move only for pings newer than the current ones.

     Needs `telematics:write`; answers 202 with the accepted count and the rejections by index. 400
    only when the body as a whole is not a ping or a batch (or holds more than 1 000); 413 over 5
    MiB.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (PingBatchIn | PingIn): One ping or a batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeIngestOut | ErrorEnvelope]
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
    body: PingBatchIn | PingIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeIngestOut | ErrorEnvelope | None:
    """Ingest pings: one ping object or `{"pings": [...]}` of up to 1 000 (body ≤ 5 MiB). Each
    ping is validated on its own; the valid ones are stored (in one transaction with the
    events they cause) and the others reported by index. The vehicle's last position,
    battery and `last_seen_at` move only for pings newer than the current ones.

     Needs `telematics:write`; answers 202 with the accepted count and the rejections by index. 400
    only when the body as a whole is not a ping or a batch (or holds more than 1 000); 413 over 5
    MiB.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (PingBatchIn | PingIn): One ping or a batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeIngestOut | ErrorEnvelope
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
    body: PingBatchIn | PingIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[DataEnvelopeIngestOut | ErrorEnvelope]:
    """Ingest pings: one ping object or `{"pings": [...]}` of up to 1 000 (body ≤ 5 MiB). Each
    ping is validated on its own; the valid ones are stored (in one transaction with the
    events they cause) and the others reported by index. The vehicle's last position,
    battery and `last_seen_at` move only for pings newer than the current ones.

     Needs `telematics:write`; answers 202 with the accepted count and the rejections by index. 400
    only when the body as a whole is not a ping or a batch (or holds more than 1 000); 413 over 5
    MiB.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (PingBatchIn | PingIn): One ping or a batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeIngestOut | ErrorEnvelope]
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
    body: PingBatchIn | PingIn,
    x_subaccount_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> DataEnvelopeIngestOut | ErrorEnvelope | None:
    """Ingest pings: one ping object or `{"pings": [...]}` of up to 1 000 (body ≤ 5 MiB). Each
    ping is validated on its own; the valid ones are stored (in one transaction with the
    events they cause) and the others reported by index. The vehicle's last position,
    battery and `last_seen_at` move only for pings newer than the current ones.

     Needs `telematics:write`; answers 202 with the accepted count and the rejections by index. 400
    only when the body as a whole is not a ping or a batch (or holds more than 1 000); 413 over 5
    MiB.

    Args:
        x_subaccount_id (str | Unset):
        idempotency_key (str | Unset):
        body (PingBatchIn | PingIn): One ping or a batch.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeIngestOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_subaccount_id=x_subaccount_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
