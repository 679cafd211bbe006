"""Fleetgate Partner and Management API client.

``fleetgate.generated`` is generated from ``openapi/openapi.json`` by openapi-python-client
(``bash sdks/generate.sh``); this package adds the hand-written layer: :class:`Fleetgate`
(key, default ``X-Subaccount-Id``, automatic ``Idempotency-Key``, bounded retries on 429/503
honouring ``Retry-After``), :func:`unwrap` with :class:`FleetgateError`, list iteration
(:func:`iterate`, :func:`aiterate`) and the webhook verifiers.
"""

from fleetgate.client import Fleetgate, FleetgateError, PageQuery, aiterate, iterate, unwrap
from fleetgate.webhooks import WebhookVerificationError, verify_levy_signature, verify_standard_webhook

__all__ = [
    "Fleetgate",
    "FleetgateError",
    "PageQuery",
    "WebhookVerificationError",
    "aiterate",
    "iterate",
    "unwrap",
    "verify_levy_signature",
    "verify_standard_webhook",
]
