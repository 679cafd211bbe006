// Webhook signature verification (docs/webhooks.md): `X-Levy-Signature` and Standard Webhooks.
import { createHmac, timingSafeEqual } from "node:crypto";

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

type Body = string | Uint8Array;

function bytes(body: Body): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkTimestamp(raw: string | undefined, toleranceSec: number, nowSec: number): string {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new WebhookVerificationError("missing or malformed timestamp");
  if (Math.abs(nowSec - Number(raw)) > toleranceSec) throw new WebhookVerificationError("timestamp outside the tolerance");
  return raw;
}

export interface VerifyOptions {
  /** Seconds a timestamp may be away from now (default 300). */
  toleranceSec?: number;
  /** Unix seconds to compare with (default: now). */
  nowSec?: number;
}

/**
 * Verifies `X-Levy-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>[,v1=…]`
 * against the raw body. Pass both secrets during a rotation: any match of any secret passes.
 * Throws {@link WebhookVerificationError} otherwise.
 */
export function verifyLevySignature(rawBody: Body, header: string, secrets: string | string[], options: VerifyOptions = {}): void {
  const parts = header.split(",").map((p) => p.trim());
  const t = checkTimestamp(
    parts.find((p) => p.startsWith("t="))?.slice(2),
    options.toleranceSec ?? 300,
    options.nowSec ?? Math.floor(Date.now() / 1000),
  );
  const given = parts.filter((p) => p.startsWith("v1=")).map((p) => p.slice(3));
  for (const secret of Array.isArray(secrets) ? secrets : [secrets]) {
    const expected = createHmac("sha256", secret).update(`${t}.`).update(bytes(rawBody)).digest("hex");
    if (given.some((g) => equal(g, expected))) return;
  }
  throw new WebhookVerificationError("no valid v1 signature");
}

/**
 * Verifies the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64>` space-separated) with the `whsec_…` secret(s).
 */
export function verifyStandardWebhook(
  rawBody: Body,
  headers: { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string },
  secrets: string | string[],
  options: VerifyOptions = {},
): void {
  const ts = checkTimestamp(headers["webhook-timestamp"], options.toleranceSec ?? 300, options.nowSec ?? Math.floor(Date.now() / 1000));
  const given = headers["webhook-signature"].split(" ").filter((s) => s.startsWith("v1,")).map((s) => s.slice(3));
  for (const secret of Array.isArray(secrets) ? secrets : [secrets]) {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const expected = createHmac("sha256", key).update(`${headers["webhook-id"]}.${ts}.`).update(bytes(rawBody)).digest("base64");
    if (given.some((g) => equal(g, expected))) return;
  }
  throw new WebhookVerificationError("no valid v1 signature");
}
