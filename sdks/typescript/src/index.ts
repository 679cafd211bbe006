// The hand-written layer over the generated types (src/generated/schema.ts, from
// openapi/openapi.json by openapi-typescript) and the openapi-fetch client:
// authentication, a default X-Subaccount-Id, automatic Idempotency-Key, bounded retries on
// 429/503 honouring Retry-After, list iteration, typed errors and webhook verification.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths, webhooks } from "./generated/schema.js";

export type { components, paths, webhooks };
/** Every named schema of the API, e.g. `Schemas["VehicleOut"]`. */
export type Schemas = components["schemas"];
export { verifyLevySignature, verifyStandardWebhook, WebhookVerificationError } from "./webhooks.js";

export interface FleetgateOptions {
  /** e.g. `http://127.0.0.1:8080` (no trailing path). */
  baseUrl: string;
  /** A partner API key (`lf_pk_…`/`lf_tk_…`), sent as `X-Partner-Api-Key`. */
  apiKey?: string;
  /** A management session token (`fgs_…`), sent as `Authorization: Bearer`. */
  sessionToken?: string;
  /** Sent as `X-Subaccount-Id` unless a request sets its own. */
  subaccountId?: string;
  /** Retries after a 429 or 503 (default 3). */
  maxRetries?: number;
  /** Upper bound of one wait, ms (default 30 000); a longer Retry-After fails at once. */
  maxRetryDelayMs?: number;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: (request: Request) => Promise<Response>;
}

/** An error answer of the API: `error.code`, `error.message`, `error.details`, `meta.request_id`. */
export class FleetgateError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details: Record<string, unknown>, requestId: string | undefined) {
    super(`${status} ${code}: ${message}`);
    this.name = "FleetgateError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

const RETRYABLE = new Set([429, 503]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds in `Retry-After` (delta-seconds or an HTTP date), as ms; undefined when absent. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function transport(options: FleetgateOptions): (request: Request) => Promise<Response> {
  const send = options.fetch ?? ((r: Request) => fetch(r));
  const maxRetries = options.maxRetries ?? 3;
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  return async (request: Request) => {
    const headers = request.headers;
    if (options.apiKey !== undefined && !headers.has("X-Partner-Api-Key") && !headers.has("Authorization")) {
      headers.set("X-Partner-Api-Key", options.apiKey);
    }
    if (options.sessionToken !== undefined && !headers.has("Authorization")) {
      headers.set("Authorization", `Bearer ${options.sessionToken}`);
    }
    if (options.subaccountId !== undefined && !headers.has("X-Subaccount-Id")) {
      headers.set("X-Subaccount-Id", options.subaccountId);
    }
    if ((request.method === "POST" || request.method === "PATCH") && !headers.has("Idempotency-Key")) {
      // One key for every attempt: a retry of a request that did reach the server replays it.
      headers.set("Idempotency-Key", crypto.randomUUID());
    }
    for (let attempt = 0; ; attempt++) {
      const response = await send(request.clone());
      if (!RETRYABLE.has(response.status) || attempt >= maxRetries) return response;
      // At least what Retry-After says; never less than the backoff (a "0" would spin).
      const backoff = Math.min(maxDelay, 250 * 2 ** attempt);
      const delay = Math.max(retryAfterMs(response.headers.get("Retry-After")) ?? 0, backoff);
      if (delay > maxDelay) return response;
      await response.body?.cancel();
      await sleep(delay + Math.random() * 100);
    }
  };
}

type Result<D, E> = { data?: D; error?: E; response: Response };

/** A list envelope: `data` plus page or cursor `pagination`. */
interface ListPage<T> {
  data: T[];
  pagination: Schemas["Pagination"];
}

/** What the iterator passes to the page fetcher: a page number or a cursor. */
export interface PageQuery {
  page?: number;
  cursor?: string;
}

export class Fleetgate {
  /** The typed openapi-fetch client: `api.GET("/api/partner/v1/vehicles/{id}", …)`. */
  readonly api: Client<paths>;

  constructor(options: FleetgateOptions) {
    this.api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: transport(options) });
  }

  /** The body of a success, or a thrown {@link FleetgateError}. */
  async call<D, E>(pending: Promise<Result<D, E>>): Promise<D> {
    const { data, error, response } = await pending;
    if (response.ok && data !== undefined) return data;
    throw toError(response, error);
  }

  /**
   * Every item of a list, fetching page after page (or cursor after cursor, when the list
   * answers in cursor mode) until the last one.
   */
  async *iterate<T, E>(fetchPage: (query: PageQuery) => Promise<Result<ListPage<T>, E>>): AsyncGenerator<T, void, undefined> {
    let query: PageQuery = {};
    for (;;) {
      const page = await this.call(fetchPage(query));
      yield* page.data;
      const p = page.pagination;
      if (!p.has_next) return;
      if ("next_cursor" in p) {
        if (p.next_cursor === null) return;
        query = { cursor: p.next_cursor };
      } else {
        query = { page: p.page + 1 };
      }
    }
  }
}

function toError(response: Response, error: unknown): FleetgateError {
  const body = error as Partial<Schemas["ErrorEnvelope"]> | undefined;
  const e = body?.error;
  return new FleetgateError(
    response.status,
    e?.code ?? "HTTP_ERROR",
    e?.message ?? response.statusText,
    (e?.details as Record<string, unknown> | undefined) ?? {},
    body?.meta?.request_id ?? response.headers.get("X-Request-Id") ?? undefined,
  );
}
