import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_revenue_analytics_out import (
    DataEnvelopeRevenueAnalyticsOut,
)
from ...models.error_envelope import ErrorEnvelope
from ...models.interval import Interval
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: Interval | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_subaccount_id, Unset):
        headers["X-Subaccount-Id"] = x_subaccount_id

    params: dict[str, Any] = {}

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_interval: str | Unset = UNSET
    if not isinstance(interval, Unset):
        json_interval = interval.value

    params["interval"] = json_interval

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/partner/v1/analytics/revenue",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeRevenueAnalyticsOut.from_dict(response.json())

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
) -> Response[DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: Interval | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope]:
    """Revenue, ride count and average fare per bucket.

     Needs `analytics:read`; `currency` is `null` when the subaccounts in reach differ in it. 400
    when `to` is not after `from`, the range spans too many buckets, or the subaccounts in reach
    differ in time zone (choose one with `X-Subaccount-Id`).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (Interval | Unset): Bucket width.
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        interval=interval,
        x_subaccount_id=x_subaccount_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: Interval | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope | None:
    """Revenue, ride count and average fare per bucket.

     Needs `analytics:read`; `currency` is `null` when the subaccounts in reach differ in it. 400
    when `to` is not after `from`, the range spans too many buckets, or the subaccounts in reach
    differ in time zone (choose one with `X-Subaccount-Id`).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (Interval | Unset): Bucket width.
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        interval=interval,
        x_subaccount_id=x_subaccount_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: Interval | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> Response[DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope]:
    """Revenue, ride count and average fare per bucket.

     Needs `analytics:read`; `currency` is `null` when the subaccounts in reach differ in it. 400
    when `to` is not after `from`, the range spans too many buckets, or the subaccounts in reach
    differ in time zone (choose one with `X-Subaccount-Id`).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (Interval | Unset): Bucket width.
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        interval=interval,
        x_subaccount_id=x_subaccount_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: Interval | Unset = UNSET,
    x_subaccount_id: str | Unset = UNSET,
) -> DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope | None:
    """Revenue, ride count and average fare per bucket.

     Needs `analytics:read`; `currency` is `null` when the subaccounts in reach differ in it. 400
    when `to` is not after `from`, the range spans too many buckets, or the subaccounts in reach
    differ in time zone (choose one with `X-Subaccount-Id`).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (Interval | Unset): Bucket width.
        x_subaccount_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeRevenueAnalyticsOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            interval=interval,
            x_subaccount_id=x_subaccount_id,
        )
    ).parsed
