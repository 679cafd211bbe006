// The SDK against a real `gateway serve --demo` (started by sdks/run-against-demo.sh, which
// exports FLEETGATE_URL and FLEETGATE_KEY): only the SDK talks to the server.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";

import { Fleetgate, FleetgateError, type Schemas, verifyLevySignature, verifyStandardWebhook, WebhookVerificationError } from "../src/index.js";

const baseUrl = process.env["FLEETGATE_URL"] ?? "";
const apiKey = process.env["FLEETGATE_KEY"] ?? "";
if (baseUrl === "" || apiKey === "") throw new Error("run through sdks/run-against-demo.sh (FLEETGATE_URL, FLEETGATE_KEY)");

async function firstSubaccount(): Promise<string> {
  const fg = new Fleetgate({ baseUrl, apiKey });
  const me = await fg.call(fg.api.GET("/api/partner/v1/me"));
  const sub = me.data.subaccounts[0];
  assert.ok(sub);
  return sub.id;
}

test("lists vehicles page by page to the end", async () => {
  const subaccountId = await firstSubaccount();
  const fg = new Fleetgate({ baseUrl, apiKey, subaccountId });
  const first = await fg.call(fg.api.GET("/api/partner/v1/vehicles", { params: { query: { limit: 1 } } }));
  assert.ok("total" in first.pagination);
  const total = first.pagination.total;
  const seen = new Set<string>();
  for await (const v of fg.iterate((q) => fg.api.GET("/api/partner/v1/vehicles", { params: { query: { ...q, limit: 30 } } }))) {
    const vehicle: Schemas["VehicleOut"] = v;
    assert.equal(vehicle.subaccount_id, subaccountId, "the default X-Subaccount-Id narrows the list");
    seen.add(vehicle.id);
  }
  assert.ok(total > 30, `more than one page (${total})`);
  assert.equal(seen.size, total);
});

test("customer, wallet credit and a ride whose fare parts sum to the total", async () => {
  const subaccountId = await firstSubaccount();
  const fg = new Fleetgate({ baseUrl, apiKey, subaccountId });
  const email = `ts-sdk-${Date.now()}@example.com`;
  const customer = (await fg.call(fg.api.POST("/api/partner/v1/customers", { body: { email, name: "TS SDK" } }))).data;
  assert.equal(customer.email, email);
  assert.equal(customer.subaccount_id, subaccountId);

  const credit = await fg.call(
    fg.api.POST("/api/partner/v1/customers/{id}/wallet", {
      params: { path: { id: customer.id } },
      body: { action: "credit", amount_cents: 5000, description: "SDK test" },
    }),
  );
  assert.ok(credit.data);

  const available = await fg.call(fg.api.GET("/api/partner/v1/vehicles", { params: { query: { status: "available", limit: 1 } } }));
  const vehicle = available.data[0];
  assert.ok(vehicle, "an available vehicle");
  const ride = (await fg.call(fg.api.POST("/api/partner/v1/rides", { body: { customer_id: customer.id, vehicle_id: vehicle.id } }))).data;
  assert.equal(ride.status, "active");
  const id = { params: { path: { id: ride.id } } };
  assert.equal((await fg.call(fg.api.POST("/api/partner/v1/rides/{id}/pause", id))).data.status, "paused");
  assert.equal((await fg.call(fg.api.POST("/api/partner/v1/rides/{id}/resume", id))).data.status, "active");
  const ended = (
    await fg.call(fg.api.POST("/api/partner/v1/rides/{id}/end", { ...id, body: { end_latitude: 52.52, end_longitude: 13.405 } }))
  ).data;
  assert.equal(ended.status, "ended");
  const p = ended.pricing;
  assert.ok(p, "an ended ride is priced");
  assert.equal(p.unlock_cents + p.time_cents + p.distance_cents - p.discount_cents, p.total_cents);

  // A typed error: the ride is over.
  await assert.rejects(fg.call(fg.api.POST("/api/partner/v1/rides/{id}/pause", id)), (e: unknown) => {
    assert.ok(e instanceof FleetgateError);
    assert.equal(e.status, 409);
    assert.ok(e.code.length > 0 && e.message.length > 0);
    assert.match(e.requestId ?? "", /^req_/);
    return true;
  });
});

test("a 429 is waited out (Retry-After) and the request then succeeds", { timeout: 150_000 }, async () => {
  const admin = new Fleetgate({ baseUrl, apiKey });
  const subaccountId = await firstSubaccount();
  const created = await admin.call(
    admin.api.POST("/api/partner/v1/api-keys", {
      body: {
        name: `ts-sdk-tiny-${Date.now()}`,
        scope: "subaccount",
        subaccount_id: subaccountId,
        permissions: ["vehicles:read"],
        rate_limits: { per_minute: 2 },
      },
    }),
  );
  const statuses: number[] = [];
  const tiny = new Fleetgate({
    baseUrl,
    apiKey: created.data.secret,
    maxRetries: 6,
    // The limiter's sliding window (previous minute weighted by what is left of it) can make
    // a key of 2/min wait up to ~90 s: a 65 s bound failed whenever the test ran early in a minute.
    maxRetryDelayMs: 120_000,
    fetch: async (r) => {
      const res = await fetch(r);
      statuses.push(res.status);
      return res;
    },
  });
  for (let i = 0; i < 3; i++) {
    const page = await tiny.call(tiny.api.GET("/api/partner/v1/vehicles", { params: { query: { limit: 1 } } }));
    assert.equal(page.data.length, 1);
  }
  assert.ok(statuses.includes(429), `a 429 was seen: ${statuses.join(",")}`);
  assert.equal(statuses.at(-1), 200);
});

test("a webhook delivery verifies with the SDK (both secrets during a rotation)", async () => {
  const subaccountId = await firstSubaccount();
  const fg = new Fleetgate({ baseUrl, apiKey, subaccountId });
  const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const hook = (
      await fg.call(fg.api.POST("/api/partner/v1/webhooks", { body: { url: `http://127.0.0.1:${port}/hook`, events: ["ride.ended"] } }))
    ).data;
    const id = { params: { path: { id: hook.id } } };
    const sent = (await fg.call(fg.api.POST("/api/partner/v1/webhooks/{id}/test", id))).data;
    assert.equal(sent.attempt.success, true);
    const first = received.at(-1);
    assert.ok(first);
    const header = (h: IncomingHttpHeaders, name: string): string => {
      const v = h[name];
      assert.equal(typeof v, "string", name);
      return v as string;
    };
    verifyLevySignature(first.body, header(first.headers, "x-levy-signature"), hook.secret);
    const std = (h: IncomingHttpHeaders) => ({
      "webhook-id": header(h, "webhook-id"),
      "webhook-timestamp": header(h, "webhook-timestamp"),
      "webhook-signature": header(h, "webhook-signature"),
    });
    verifyStandardWebhook(first.body, std(first.headers), hook.secret);
    assert.throws(() => verifyLevySignature(first.body, header(first.headers, "x-levy-signature"), "whsec_wrong"), WebhookVerificationError);
    const tampered = Buffer.concat([first.body, Buffer.from(" ")]);
    assert.throws(() => verifyStandardWebhook(tampered, std(first.headers), hook.secret), WebhookVerificationError);

    const rotated = (await fg.call(fg.api.POST("/api/partner/v1/webhooks/{id}/rotate-secret", id))).data;
    await fg.call(fg.api.POST("/api/partner/v1/webhooks/{id}/test", id));
    const second = received.at(-1);
    assert.ok(second && second !== first);
    for (const secret of [hook.secret, rotated.secret]) {
      verifyLevySignature(second.body, header(second.headers, "x-levy-signature"), secret);
      verifyStandardWebhook(second.body, std(second.headers), secret);
    }
    verifyLevySignature(second.body, header(second.headers, "x-levy-signature"), [rotated.secret, hook.secret]);
  } finally {
    server.close();
  }
});
