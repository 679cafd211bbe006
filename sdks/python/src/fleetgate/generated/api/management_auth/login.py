from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_session_out import DataEnvelopeSessionOut
from ...models.error_envelope import ErrorEnvelope
from ...models.login_in import LoginIn
from ...types import Response


def _get_kwargs(
    *,
    body: LoginIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeSessionOut | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeSessionOut.from_dict(response.json())

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
) -> Response[DataEnvelopeSessionOut | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LoginIn,
) -> Response[DataEnvelopeSessionOut | ErrorEnvelope]:
    """Signs in with email and password. Unknown emails and wrong passwords get the same 401;
    repeated failures per account or per IP get 429 until the window frees up.

     Needs no credentials; answers the session token to send as `Authorization: Bearer fgs_…` with
    its expiry. 401 `invalid_credentials`, or 429 with `Retry-After` after repeated failures.

    Args:
        body (LoginIn):  Example: {'email': 'ops@example.com', 'password': 'correct horse battery
            staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeSessionOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: LoginIn,
) -> DataEnvelopeSessionOut | ErrorEnvelope | None:
    """Signs in with email and password. Unknown emails and wrong passwords get the same 401;
    repeated failures per account or per IP get 429 until the window frees up.

     Needs no credentials; answers the session token to send as `Authorization: Bearer fgs_…` with
    its expiry. 401 `invalid_credentials`, or 429 with `Retry-After` after repeated failures.

    Args:
        body (LoginIn):  Example: {'email': 'ops@example.com', 'password': 'correct horse battery
            staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeSessionOut | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LoginIn,
) -> Response[DataEnvelopeSessionOut | ErrorEnvelope]:
    """Signs in with email and password. Unknown emails and wrong passwords get the same 401;
    repeated failures per account or per IP get 429 until the window frees up.

     Needs no credentials; answers the session token to send as `Authorization: Bearer fgs_…` with
    its expiry. 401 `invalid_credentials`, or 429 with `Retry-After` after repeated failures.

    Args:
        body (LoginIn):  Example: {'email': 'ops@example.com', 'password': 'correct horse battery
            staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeSessionOut | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LoginIn,
) -> DataEnvelopeSessionOut | ErrorEnvelope | None:
    """Signs in with email and password. Unknown emails and wrong passwords get the same 401;
    repeated failures per account or per IP get 429 until the window frees up.

     Needs no credentials; answers the session token to send as `Authorization: Bearer fgs_…` with
    its expiry. 401 `invalid_credentials`, or 429 with `Retry-After` after repeated failures.

    Args:
        body (LoginIn):  Example: {'email': 'ops@example.com', 'password': 'correct horse battery
            staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeSessionOut | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
