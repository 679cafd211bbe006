"""schemathesis hooks for .ci/contract-fuzz.sh (loaded through SCHEMATHESIS_HOOKS=fuzz_hooks).

Rules that span several inputs, or that depend on state, cannot be stated in an OpenAPI
document; a generated request that breaks one is schema-valid and still refused, which the
`positive_data_acceptance` check would report. Each rule below is documented in the API (the
operation or parameter description, docs/api.md, SPEC) and the hook makes *positive* cases
(schema-valid ones, `case.meta.generation.mode` positive) follow it, as a real client does.
Negative cases are never touched, so the server's refusal of invalid input is still tested.

1. `Idempotency-Key` means "the same request as before" (SPEC §6): a key reused for a
   different request is a documented 422 IDEMPOTENCY_KEY_REUSED. Generated cases reuse a handful
   of short strings ("0", "00", …), so every schema-valid key is replaced by a fresh one.
2. `page` and `cursor` select two pagination modes and are not accepted together (SPEC §3):
   a positive case that has both keeps `page` only.
3. A global key reaching several subaccounts must name one when it creates something
   (SPEC §2: `X-Subaccount-Id` or the body's `subaccount_id`, else 400), and analytics need one
   time zone (the demo's live subaccounts are in two). Such positive cases get the demo's first
   live subaccount as `X-Subaccount-Id` (FUZZ_SUBACCOUNT_ID, set by the script).
4. schemathesis 4.32's coverage phase narrows every header schema to letters and digits
   (`ensure_valid_headers_schema`: `not: {pattern: "[^A-Za-z0-9]"}`), which no UUID satisfies
   (they contain `-`), and then sends `X-Subaccount-Id: 0` labelled as *valid*. A positive case
   whose `X-Subaccount-Id` does not match the declared UUID pattern gets the demo's subaccount.
   (The header stays a patterned string, not `format: uuid`, for the Python SDK: docs/sdks.md.)
5. Analytics: `to` must be after `from`, and the range at most 10 000 buckets: when a positive
   case breaks that, `to` becomes `from` plus one day.
"""

import datetime
import os
import re
import uuid

import schemathesis

_VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SUBACCOUNT = os.environ.get("FUZZ_SUBACCOUNT_ID", "")
# Creates whose subaccount a global key must name (POST on a collection).
_CREATES = re.compile(
    r"^/api/partner/v1/(vehicles|customers|rides|zones|pricing|webhooks|api-keys)$"
)
_ANALYTICS = re.compile(r"^/api/partner/v1/analytics/")


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    if meta is None:
        return False
    return bool(meta.generation.mode.is_positive)


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


@schemathesis.hook
def before_call(ctx, case, **kwargs):  # noqa: ARG001 (schemathesis' signature)
    if case.headers is None:
        case.headers = {}
    headers = case.headers
    # 1. A fresh Idempotency-Key (schema-valid ones only: invalid keys must still be refused).
    name = _header(headers, "Idempotency-Key")
    if name is not None and isinstance(headers[name], str) and _VALID_KEY.fullmatch(headers[name]):
        headers[name] = f"fuzz-{uuid.uuid4()}"
    if not _positive(case):
        return None
    path = case.operation.path
    method = case.operation.method.upper()
    query = case.query if isinstance(case.query, dict) else None
    # 2. Page mode or cursor mode, not both.
    if query is not None and "page" in query and "cursor" in query:
        del query["cursor"]
    # 4. The header schemathesis cannot generate (see above).
    name = _header(headers, "X-Subaccount-Id")
    if name is not None and _SUBACCOUNT and not (
        isinstance(headers[name], str) and _UUID.fullmatch(headers[name])
    ):
        headers[name] = _SUBACCOUNT
    # 3. Name a subaccount where a global key must.
    body = case.body if isinstance(case.body, dict) else {}
    needs_subaccount = (method == "POST" and _CREATES.match(path)) or _ANALYTICS.match(path)
    if (
        _SUBACCOUNT
        and needs_subaccount
        and _header(headers, "X-Subaccount-Id") is None
        and "subaccount_id" not in body
    ):
        headers["X-Subaccount-Id"] = _SUBACCOUNT
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
    return None
