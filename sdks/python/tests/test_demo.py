"""The SDK against a real ``gateway serve --demo`` (started by sdks/run-against-demo.sh, which
exports FLEETGATE_URL and FLEETGATE_KEY): only the SDK talks to the server."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from uuid import UUID

import httpx
import pytest

from fleetgate import (
    Fleetgate,
    FleetgateError,
    PageQuery,
    WebhookVerificationError,
    aiterate,
    iterate,
    unwrap,
    verify_levy_signature,
    verify_standard_webhook,
)
from fleetgate.generated.api.account import get_me
from fleetgate.generated.api.api_keys import create_api_key
from fleetgate.generated.api.customers import create_customer
from fleetgate.generated.api.rides import end_ride, pause_ride, resume_ride, start_ride
from fleetgate.generated.api.vehicles import list_vehicles
from fleetgate.generated.api.wallet import create_wallet_transaction
from fleetgate.generated.api.webhooks import create_webhook, rotate_webhook_secret, test_webhook
from fleetgate.generated.models import (
    CreateApiKeyIn,
    CreateCustomerIn,
    CreateWalletTransactionIn,
    CreateWebhookIn,
    EndRideIn,
    ErrorEnvelope,
    ListEnvelopeVehicleOut,
    EventType,
    KeyScope,
    PagePagination,
    Permission,
    RateLimitOverrides,
    RidePricing,
    RideStatus,
    StartRideIn,
    VehicleOut,
    VehicleStatus,
    WalletAction,
)
from fleetgate.generated.types import Response

BASE_URL = os.environ.get("FLEETGATE_URL", "")
API_KEY = os.environ.get("FLEETGATE_KEY", "")
if not BASE_URL or not API_KEY:
    raise RuntimeError("run through sdks/run-against-demo.sh (FLEETGATE_URL, FLEETGATE_KEY)")


@pytest.fixture(scope="module")
def subaccount_id() -> str:
    fg = Fleetgate(BASE_URL, API_KEY)
    me = unwrap(get_me.sync_detailed(client=fg.client)).data
    return str(me.subaccounts[0].id)


def test_lists_vehicles_to_the_end_async_with_the_default_subaccount(subaccount_id: str) -> None:
    fg = Fleetgate(BASE_URL, API_KEY, subaccount_id=subaccount_id)
    first = unwrap(list_vehicles.sync_detailed(client=fg.client, limit=1))
    assert isinstance(first.pagination, PagePagination)
    total = first.pagination.total

    async def collect() -> list[VehicleOut]:
        seen: list[VehicleOut] = []

        async def fetch(q: PageQuery) -> Response[ListEnvelopeVehicleOut | ErrorEnvelope]:
            return await list_vehicles.asyncio_detailed(client=fg.client, limit=30, **q)

        async for v in aiterate(fetch):
            assert isinstance(v, VehicleOut)
            seen.append(v)
        await fg.aclose()
        return seen

    seen = asyncio.run(collect())
    assert total > 30
    assert len({v.id for v in seen}) == total
    assert {str(v.subaccount_id) for v in seen} == {subaccount_id}


def test_x_subaccount_id_per_operation_is_sent_as_text(subaccount_id: str) -> None:
    fg = Fleetgate(BASE_URL, API_KEY)
    items = list(iterate(lambda q: list_vehicles.sync_detailed(client=fg.client, limit=100, x_subaccount_id=subaccount_id, **q)))
    assert items and {str(v.subaccount_id) for v in items} == {subaccount_id}
    with pytest.raises(FleetgateError) as e:
        unwrap(list_vehicles.sync_detailed(client=fg.client, x_subaccount_id="00000000-0000-0000-0000-000000000000"))
    assert e.value.status in (403, 404)


def test_customer_wallet_and_a_ride_whose_fare_parts_sum_to_the_total(subaccount_id: str) -> None:
    fg = Fleetgate(BASE_URL, API_KEY, subaccount_id=subaccount_id)
    email = f"py-sdk-{time.time_ns()}@example.com"
    customer = unwrap(create_customer.sync_detailed(client=fg.client, body=CreateCustomerIn(email=email, name="Py SDK"))).data
    assert customer.email == email and str(customer.subaccount_id) == subaccount_id
    unwrap(
        create_wallet_transaction.sync_detailed(
            customer.id, client=fg.client, body=CreateWalletTransactionIn(action=WalletAction.CREDIT, amount_cents=5000)
        )
    )
    vehicle = unwrap(list_vehicles.sync_detailed(client=fg.client, status=VehicleStatus.AVAILABLE, limit=1)).data[0]
    ride = unwrap(start_ride.sync_detailed(client=fg.client, body=StartRideIn(customer_id=customer.id, vehicle_id=vehicle.id))).data
    assert ride.status == RideStatus.ACTIVE
    assert unwrap(pause_ride.sync_detailed(ride.id, client=fg.client)).data.status == RideStatus.PAUSED
    assert unwrap(resume_ride.sync_detailed(ride.id, client=fg.client)).data.status == RideStatus.ACTIVE
    ended = unwrap(end_ride.sync_detailed(ride.id, client=fg.client, body=EndRideIn(end_latitude=52.52, end_longitude=13.405))).data
    assert ended.status == RideStatus.ENDED
    p = ended.pricing
    assert isinstance(p, RidePricing)
    assert p.unlock_cents + p.time_cents + p.distance_cents - p.discount_cents == p.total_cents

    with pytest.raises(FleetgateError) as e:
        unwrap(pause_ride.sync_detailed(ride.id, client=fg.client))
    assert e.value.status == 409 and e.value.code and e.value.message
    assert (e.value.request_id or "").startswith("req_")


def test_a_429_is_waited_out_and_the_request_then_succeeds(subaccount_id: str) -> None:
    admin = Fleetgate(BASE_URL, API_KEY)
    created = unwrap(
        create_api_key.sync_detailed(
            client=admin.client,
            body=CreateApiKeyIn(
                name=f"py-sdk-tiny-{time.time_ns()}",
                scope=KeyScope.SUBACCOUNT,
                subaccount_id=UUID(subaccount_id),
                permissions=[Permission.VEHICLESREAD],
                rate_limits=RateLimitOverrides(per_minute=2),
            ),
        )
    ).data
    statuses: list[int] = []

    class Recording(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = super().handle_request(request)
            statuses.append(response.status_code)
            return response

    # The limiter's sliding window (previous minute weighted by what is left of it) can make a
    # key of 2/min wait up to ~90 s: a 65 s bound failed whenever the test ran early in a minute.
    tiny = Fleetgate(BASE_URL, created.secret, max_retries=6, max_retry_delay=120, transport=Recording())
    for _ in range(3):
        assert len(unwrap(list_vehicles.sync_detailed(client=tiny.client, limit=1)).data) == 1
    assert 429 in statuses, statuses
    assert statuses[-1] == 200


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[httpx.Headers, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Receiver.received.append((httpx.Headers(dict(self.headers.items())), body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def receiver() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()


def test_a_webhook_delivery_verifies_with_both_secrets_during_a_rotation(subaccount_id: str, receiver: str) -> None:
    fg = Fleetgate(BASE_URL, API_KEY, subaccount_id=subaccount_id)
    hook = unwrap(create_webhook.sync_detailed(client=fg.client, body=CreateWebhookIn(url=receiver, events=[EventType.RIDE_ENDED]))).data
    sent = unwrap(test_webhook.sync_detailed(hook.id, client=fg.client)).data
    assert sent.attempt.success
    headers, body = _Receiver.received[-1]
    verify_levy_signature(body, headers["x-levy-signature"], hook.secret)
    verify_standard_webhook(body, headers, hook.secret)
    with pytest.raises(WebhookVerificationError):
        verify_levy_signature(body, headers["x-levy-signature"], "whsec_wrong")
    with pytest.raises(WebhookVerificationError):
        verify_standard_webhook(body + b" ", headers, hook.secret)

    rotated = unwrap(rotate_webhook_secret.sync_detailed(hook.id, client=fg.client)).data
    unwrap(test_webhook.sync_detailed(hook.id, client=fg.client))
    headers2, body2 = _Receiver.received[-1]
    assert body2 != body or headers2 != headers
    for secret in (hook.secret, rotated.secret):
        verify_levy_signature(body2, headers2["x-levy-signature"], secret)
        verify_standard_webhook(body2, headers2, secret)
