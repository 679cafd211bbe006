"""schemathesis hooks for .ci/contract-fuzz.sh (loaded through SCHEMATHESIS_HOOKS=fuzz_hooks).

The run uses every check, `positive_data_acceptance` included: a request the document calls
valid must not be refused. Some rules span several inputs, depend on state or time, or are
semantic (a polygon that does not cross itself), and no OpenAPI schema can state them; a
generated request that breaks one is schema-valid and still refused (400/422). Each rule below
is documented (operation or field description, SPEC, docs/) and the hook makes *positive* cases
(`case.meta.generation.mode` positive) follow it, as a real client does. Negative cases are
never touched, so the server's refusal of invalid input is still tested. docs/sdks.md lists
them ("Contract fuzz").

 1. `Idempotency-Key` means "the same request as before" (SPEC §6): a key reused for a
    different request is a documented 422. Generated cases reuse a handful of short strings
    ("0", "00", …), so every schema-valid key is replaced by a fresh one (negative ones too:
    only schema-valid keys are replaced).
 2. `page` and `cursor` select two pagination modes, not both at once (SPEC §3): `page` stays.
    A `cursor` is opaque and only valid as the server issued it (`next_cursor`): a generated
    one becomes `""` (the first page in cursor mode).
 3. schemathesis 4.32's coverage phase narrows every header schema to letters and digits
    (`ensure_valid_headers_schema`: `not: {pattern: "[^A-Za-z0-9]"}`), which no UUID satisfies,
    and then sends `X-Subaccount-Id: 0` labelled *valid*. Such a value becomes the demo's
    subaccount. (The header stays a patterned string, not `format: uuid`, for the Python SDK.)
 4. A global key reaching several subaccounts must name one to create something (SPEC §2),
    management creates need `subaccount_id` when the tenant has several, and analytics need one
    time zone (the demo's live subaccounts are in two): the demo's first live subaccount
    (FUZZ_SUBACCOUNT_ID) is named where none is.
 5. Analytics: `to` after `from` and at most 10 000 buckets; otherwise `to` = `from` + 1 day.
    A vehicle track: `to` not before `from`; otherwise `to` = `from`.
 6. JSON Schema counts `46.0` as an integer; the server's JSON reader (serde) does not, and no
    client sends it for an integer: integral floats in bodies become integers.
 7. Semantic values the server checks beyond any schema: an email address (a dotted domain), an
    IANA time zone name, a public `https://` webhook target, a custom webhook header name that is
    an HTTP token and not one Fleetgate sets (with a value of at most 1024 visible ASCII
    characters), an `expires_at` in the future, a zone geometry
    that is a valid polygon (closed, not crossing itself), `speed_limit_kph` exactly for
    `slow_speed` zones, a vehicle's (or a ride start's) latitude and longitude together,
    `metadata` keys of 1-40 printable characters with string values, `allowed_ips` entries that
    are IP addresses or CIDR networks, an ISO 4217 currency (the subaccount's, for a plan), a
    contact email to enable a GBFS feed and absolute rental URIs, `subaccount_id` only for
    subaccount-scoped keys (`allowed_subaccount_ids` only for global ones), subaccount ids that
    exist in the tenant.
 8. Framing headers (`Transfer-Encoding`, `Content-Length`, `Host`, `Connection`, …) belong to
    the HTTP layer: a malformed one gets actix-http's bare 400 before any route or middleware
    runs (docs/errors.md, "Rejected before routing"). schemathesis adds random extra headers to
    negative cases; the framing ones among them are dropped (every mode). Invalid generated values
    are replaced by valid ones.
"""

import datetime
import ipaddress
import os
import random
import re
import uuid
import zoneinfo

import schemathesis

_VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_HEADER_VALUE = re.compile(r"[\x21-\x7e]{1,1024}")
_METADATA_KEY = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,40}")
_HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")
_RESERVED_HEADERS = {
    "content-type", "content-length", "content-encoding", "transfer-encoding", "host",
    "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-authorization",
    "proxy-connection",
}
_ZONES = {z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("posix", "right", "Etc/"))}
# The demo's subaccounts are in EUR; a pricing plan's currency must be its subaccount's.
_CURRENCIES = {"EUR"}
_FRAMING = {"transfer-encoding", "content-length", "host", "connection", "te", "trailer", "upgrade", "expect", "keep-alive", "proxy-connection"}
_SUBACCOUNT = os.environ.get("FUZZ_SUBACCOUNT_ID", "")
_PARTNER_CREATES = re.compile(r"^/api/partner/v1/(vehicles|customers|rides|zones|pricing|webhooks|api-keys)$")
_ADMIN_CREATES = re.compile(r"^/api/admin/v1/(zones|pricing|webhooks)$")
_ANALYTICS = re.compile(r"^/api/partner/v1/analytics/")
_WEBHOOK_TARGET = "https://partner.example.com/webhooks/fuzz"


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and bool(meta.generation.mode.is_positive)


def _header(headers, name):
    for key in headers:
        if key.lower() == name.lower():
            return key
    return None


def _instant(raw):
    if not isinstance(raw, str):
        return None
    try:
        return datetime.datetime.fromisoformat(raw.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _integral(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    return value


def _ip_or_network(raw):
    if not isinstance(raw, str):
        return False
    try:
        ipaddress.ip_network(raw, strict=True)
    except ValueError:
        return False
    return True


def _square():
    lng, lat = round(random.uniform(13.0, 13.7), 4), round(random.uniform(52.3, 52.7), 4)
    ring = [[lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01], [lng, lat + 0.01], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _fix_body(path, method, body):
    """Rule 7 on a JSON object body (in place)."""
    for field in ("email", "feed_contact_email"):
        if isinstance(body.get(field), str) and not _EMAIL.fullmatch(body[field].strip()):
            body[field] = f"fuzz-{uuid.uuid4().hex[:12]}@example.com"
    if isinstance(body.get("timezone"), str) and body["timezone"] not in _ZONES | {"UTC"}:
        body["timezone"] = "Europe/Berlin"
    if "/webhooks" in path and isinstance(body.get("url"), str) and not body["url"].startswith("https://partner.example.com/"):
        body["url"] = _WEBHOOK_TARGET
    if "/webhooks" in path and isinstance(body.get("headers"), dict):
        body["headers"] = {
            k: v
            for k, v in body["headers"].items()
            if _HEADER_NAME.fullmatch(k)
            and isinstance(v, str)
            and _HEADER_VALUE.fullmatch(v)
            and k.lower() not in _RESERVED_HEADERS
            and not k.lower().startswith(("x-levy-", "webhook-"))
        }
    expires = _instant(body.get("expires_at"))
    if expires is not None and expires.tzinfo is not None and expires <= datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5):
        body["expires_at"] = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).isoformat()
    if "/zones" in path:
        if method == "PATCH" and "speed_limit_kph" in body and body["speed_limit_kph"] is None:
            # Clearing the limit is refused on a slow_speed zone: the stored type is state.
            body.pop("speed_limit_kph")
        if body.get("geometry") is not None:
            body["geometry"] = _square()
        if body.get("type") == "slow_speed" and body.get("speed_limit_kph") is None:
            body["speed_limit_kph"] = 20
        elif body.get("speed_limit_kph") is not None:
            if method == "PATCH" and "type" not in body:
                body["type"] = "slow_speed"
            elif body.get("type") != "slow_speed":
                body.pop("speed_limit_kph")
    if isinstance(body.get("currency"), str) and body["currency"] not in _CURRENCIES:
        body["currency"] = "EUR"
    if path.endswith("/gbfs") and body.get("enabled") is True and body.get("feed_contact_email") is None:
        body["feed_contact_email"] = "opendata@example.com"
    if path.endswith("/api-keys") and method == "POST":
        if body.get("mode") == "test" and (body.get("scope") == "subaccount" or body.get("allowed_subaccount_ids")):
            # Test keys reach only sandbox subaccounts; the subaccount the hooks name is a live one.
            body["mode"] = "live"
        if body.get("scope") == "subaccount":
            body["allowed_subaccount_ids"] = None
            body["subaccount_id"] = _SUBACCOUNT
        else:
            body.pop("subaccount_id", None)
            if body.get("allowed_subaccount_ids"):
                body["allowed_subaccount_ids"] = [_SUBACCOUNT]
    if path.endswith("/gbfs") and isinstance(body.get("rental_uris"), dict):
        for app, uri in list(body["rental_uris"].items()):
            if isinstance(uri, str) and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://\S{1,400}", uri):
                body["rental_uris"][app] = "https://ride.example.com/v/{vehicle_id}"
    if isinstance(body.get("allowed_ips"), list):
        body["allowed_ips"] = [ip for ip in body["allowed_ips"] if _ip_or_network(ip)]
    if isinstance(body.get("metadata"), dict):
        kept = {
            k: v
            for k, v in body["metadata"].items()
            if _METADATA_KEY.fullmatch(k) and (v is None or (isinstance(v, str) and len(v) <= 500 and "\0" not in v))
        }
        body["metadata"] = dict(list(kept.items())[:50])
    for lat, lng in (("latitude", "longitude"), ("start_latitude", "start_longitude")):
        if (body.get(lat) is None) != (body.get(lng) is None):
            body.pop(lat, None)
            body.pop(lng, None)


@schemathesis.hook
def before_call(ctx, case, **kwargs):  # noqa: ARG001 (schemathesis' signature)
    if case.headers is None:
        case.headers = {}
    headers = case.headers
    # 8. Framing headers are the transport's, not the API's.
    for key in [k for k in headers if k.lower() in _FRAMING]:
        del headers[key]
    # 1. A fresh Idempotency-Key (schema-valid ones only: invalid keys must still be refused).
    name = _header(headers, "Idempotency-Key")
    if name is not None and isinstance(headers[name], str) and _VALID_KEY.fullmatch(headers[name]):
        headers[name] = f"fuzz-{uuid.uuid4()}"
    probe = str(getattr(case, "method", "")).upper() != case.operation.method.upper()
    if not (_positive(case) or probe):
        return None
    path = case.operation.path
    method = case.operation.method.upper()
    query = case.query if isinstance(case.query, dict) else None
    # 2. Page mode or cursor mode; cursors only as issued.
    if query is not None and "cursor" in query:
        if "page" in query:
            del query["cursor"]
        else:
            query["cursor"] = ""
    # 3. The header schemathesis cannot generate (also on its probes of undeclared methods,
    #    which expect 405, not the 400 of a malformed header).
    name = _header(headers, "X-Subaccount-Id")
    if name is not None and _SUBACCOUNT and not (isinstance(headers[name], str) and _UUID.fullmatch(headers[name])):
        headers[name] = _SUBACCOUNT
    body = case.body if isinstance(case.body, dict) else None
    # 6. Integers as integers.
    if body is not None:
        case.body = body = _integral(body)
    # 4. Name a subaccount where one must be chosen.
    named = body is not None and body.get("subaccount_id") is not None
    if _SUBACCOUNT and not named:
        if method == "POST" and _ADMIN_CREATES.match(path):
            if body is not None:
                body["subaccount_id"] = _SUBACCOUNT
        elif (method == "POST" and _PARTNER_CREATES.match(path)) or _ANALYTICS.match(path):
            if _header(headers, "X-Subaccount-Id") is None:
                headers["X-Subaccount-Id"] = _SUBACCOUNT
    # 9. Only a live subaccount publishes a public feed; the stateful phase may name a sandbox one.
    params = getattr(case, "path_parameters", None)
    if (path.endswith("/gbfs") and method == "PATCH" and body is not None and body.get("enabled") is True
            and _SUBACCOUNT and isinstance(params, dict) and "id" in params):
        params["id"] = _SUBACCOUNT
    # 5. A non-empty analytics range of a bounded number of buckets.
    if query is not None and _ANALYTICS.match(path) and "from" in query:
        start = _instant(query["from"])
        end = _instant(query.get("to")) if "to" in query else None
        if start is not None and start.tzinfo is not None and (end is None or end <= start or (end - start).days > 365):
            try:
                query["to"] = (start + datetime.timedelta(days=1)).isoformat()
            except OverflowError:
                query["to"] = start.isoformat()
                query["from"] = (start - datetime.timedelta(days=1)).isoformat()
    #    A vehicle track: `to` not before `from`.
    if query is not None and path.endswith("/track") and "from" in query and "to" in query:
        start, end = _instant(query["from"]), _instant(query["to"])
        if start is not None and end is not None and start.tzinfo is not None and end.tzinfo is not None and end < start:
            query["to"] = query["from"]
    # 7. Semantic rules on bodies.
    if body is not None:
        _fix_body(path, method, body)
    return None
