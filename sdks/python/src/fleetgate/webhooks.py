"""Webhook signature verification (docs/webhooks.md): ``X-Levy-Signature`` and Standard Webhooks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence


class WebhookVerificationError(Exception):
    """The delivery is not signed by any of the given secrets (or is too old)."""


def _secrets(secrets: str | Sequence[str]) -> list[str]:
    return [secrets] if isinstance(secrets, str) else list(secrets)


def _timestamp(raw: str | None, tolerance: int, now: float | None) -> str:
    if raw is None or not raw.isdigit():
        raise WebhookVerificationError("missing or malformed timestamp")
    if abs((time.time() if now is None else now) - int(raw)) > tolerance:
        raise WebhookVerificationError("timestamp outside the tolerance")
    return raw


def verify_levy_signature(
    raw_body: bytes, header: str, secrets: str | Sequence[str], *, tolerance: int = 300, now: float | None = None
) -> None:
    """``X-Levy-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>[,v1=…]``.

    Pass both secrets during a rotation; any match passes. Raises :class:`WebhookVerificationError`.
    """
    parts = [p.strip() for p in header.split(",")]
    ts = _timestamp(next((p[2:] for p in parts if p.startswith("t=")), None), tolerance, now)
    given = [p[3:] for p in parts if p.startswith("v1=")]
    for secret in _secrets(secrets):
        expected = hmac.new(secret.encode(), ts.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(g, expected) for g in given):
            return
    raise WebhookVerificationError("no valid v1 signature")


def verify_standard_webhook(
    raw_body: bytes,
    headers: Mapping[str, str],
    secrets: str | Sequence[str],
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> None:
    """Standard Webhooks: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``
    (``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>``, space-separated), the key
    being the base64-decoded part of the ``whsec_…`` secret. ``headers`` may be any mapping
    with case-insensitive lookup (``httpx.Headers``) or lower-case keys.
    """
    msg_id = headers.get("webhook-id")
    signature = headers.get("webhook-signature")
    if msg_id is None or signature is None:
        raise WebhookVerificationError("missing webhook-id or webhook-signature")
    ts = _timestamp(headers.get("webhook-timestamp"), tolerance, now)
    given = [s[3:] for s in signature.split() if s.startswith("v1,")]
    for secret in _secrets(secrets):
        key = base64.b64decode(secret.removeprefix("whsec_"))
        mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + raw_body, hashlib.sha256).digest()
        expected = base64.b64encode(mac).decode()
        if any(hmac.compare_digest(g, expected) for g in given):
            return
    raise WebhookVerificationError("no valid v1 signature")
