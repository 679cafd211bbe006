# docs/webhooks/examples/verify.py — verify a Fleetgate webhook (Python 3, standard library only)
import base64
import hashlib
import hmac
import sys
import time


def verify_levy_signature(raw_body: bytes, header: str, secret: str, tolerance: int = 300) -> bool:
    """X-Levy-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>[,v1=…]"""
    parts = [p.strip() for p in header.split(",")]
    ts = next((p[2:] for p in parts if p.startswith("t=")), None)
    if ts is None or not ts.isdigit() or abs(time.time() - int(ts)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), ts.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(p[3:], expected) for p in parts if p.startswith("v1="))


def verify_standard_webhook(raw_body: bytes, msg_id: str, timestamp: str, signature: str,
                            secret: str, tolerance: int = 300) -> bool:
    """Standard Webhooks: webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<t>.<body>")>
    where key is the base64-decoded part of the secret after whsec_."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + raw_body, hashlib.sha256).digest()
    expected = base64.b64encode(mac).decode()
    return any(hmac.compare_digest(s[3:], expected) for s in signature.split() if s.startswith("v1,"))


if __name__ == "__main__":
    # python3 verify.py body.json '<X-Levy-Signature>' whsec_… [<webhook-id> <webhook-timestamp> <webhook-signature>]
    body = open(sys.argv[1], "rb").read()
    ok = verify_levy_signature(body, sys.argv[2], sys.argv[3])
    if len(sys.argv) > 4:
        ok = ok and verify_standard_webhook(body, sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[3])
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)
