import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_envelope_request_log_out import ListEnvelopeRequestLogOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    api_key_id: UUID | Unset = UNSET,
    operator_id: UUID | Unset = UNSET,
    status: str | Unset = UNSET,
    method: str | Unset = UNSET,
    route: str | Unset = UNSET,
    path: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_api_key_id: str | Unset = UNSET
    if not isinstance(api_key_id, Unset):
        json_api_key_id = str(api_key_id)
    params["api_key_id"] = json_api_key_id

    json_operator_id: str | Unset = UNSET
    if not isinstance(operator_id, Unset):
        json_operator_id = str(operator_id)
    params["operator_id"] = json_operator_id

    params["status"] = status

    params["method"] = method

    params["route"] = route

    params["path"] = path

    params["request_id"] = request_id

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/request-logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEnvelopeRequestLogOut | None:
    if response.status_code == 200:
        response_200 = ListEnvelopeRequestLogOut.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEnvelopeRequestLogOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    api_key_id: UUID | Unset = UNSET,
    operator_id: UUID | Unset = UNSET,
    status: str | Unset = UNSET,
    method: str | Unset = UNSET,
    route: str | Unset = UNSET,
    path: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeRequestLogOut]:
    """The tenant's recorded requests (partner and management), newest first. Recording is
    asynchronous: a request shows up within about a second.

     Any signed-in operator; filter by key, status, method, path and time, cursor pagination. 400
    names each invalid filter.

    Args:
        api_key_id (UUID | Unset):
        operator_id (UUID | Unset):
        status (str | Unset):
        method (str | Unset):
        route (str | Unset):
        path (str | Unset):
        request_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeRequestLogOut]
    """

    kwargs = _get_kwargs(
        api_key_id=api_key_id,
        operator_id=operator_id,
        status=status,
        method=method,
        route=route,
        path=path,
        request_id=request_id,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    api_key_id: UUID | Unset = UNSET,
    operator_id: UUID | Unset = UNSET,
    status: str | Unset = UNSET,
    method: str | Unset = UNSET,
    route: str | Unset = UNSET,
    path: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeRequestLogOut | None:
    """The tenant's recorded requests (partner and management), newest first. Recording is
    asynchronous: a request shows up within about a second.

     Any signed-in operator; filter by key, status, method, path and time, cursor pagination. 400
    names each invalid filter.

    Args:
        api_key_id (UUID | Unset):
        operator_id (UUID | Unset):
        status (str | Unset):
        method (str | Unset):
        route (str | Unset):
        path (str | Unset):
        request_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeRequestLogOut
    """

    return sync_detailed(
        client=client,
        api_key_id=api_key_id,
        operator_id=operator_id,
        status=status,
        method=method,
        route=route,
        path=path,
        request_id=request_id,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    api_key_id: UUID | Unset = UNSET,
    operator_id: UUID | Unset = UNSET,
    status: str | Unset = UNSET,
    method: str | Unset = UNSET,
    route: str | Unset = UNSET,
    path: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEnvelopeRequestLogOut]:
    """The tenant's recorded requests (partner and management), newest first. Recording is
    asynchronous: a request shows up within about a second.

     Any signed-in operator; filter by key, status, method, path and time, cursor pagination. 400
    names each invalid filter.

    Args:
        api_key_id (UUID | Unset):
        operator_id (UUID | Unset):
        status (str | Unset):
        method (str | Unset):
        route (str | Unset):
        path (str | Unset):
        request_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEnvelopeRequestLogOut]
    """

    kwargs = _get_kwargs(
        api_key_id=api_key_id,
        operator_id=operator_id,
        status=status,
        method=method,
        route=route,
        path=path,
        request_id=request_id,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    api_key_id: UUID | Unset = UNSET,
    operator_id: UUID | Unset = UNSET,
    status: str | Unset = UNSET,
    method: str | Unset = UNSET,
    route: str | Unset = UNSET,
    path: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> ErrorEnvelope | ListEnvelopeRequestLogOut | None:
    """The tenant's recorded requests (partner and management), newest first. Recording is
    asynchronous: a request shows up within about a second.

     Any signed-in operator; filter by key, status, method, path and time, cursor pagination. 400
    names each invalid filter.

    Args:
        api_key_id (UUID | Unset):
        operator_id (UUID | Unset):
        status (str | Unset):
        method (str | Unset):
        route (str | Unset):
        path (str | Unset):
        request_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEnvelopeRequestLogOut
    """

    return (
        await asyncio_detailed(
            client=client,
            api_key_id=api_key_id,
            operator_id=operator_id,
            status=status,
            method=method,
            route=route,
            path=path,
            request_id=request_id,
            from_=from_,
            to=to,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
