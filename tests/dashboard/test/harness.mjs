// Starts the real gateway (`serve --demo`) on a free port with a fresh database, a headless
// Chromium through playwright-core, and small local HTTP servers (webhook receiver, a
// cross-site page). Everything is torn down in `stop()`.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, appendFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');

const GATEWAY_BIN = process.env.GATEWAY_BIN || join(repoRoot, 'target/debug/gateway');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const PG = process.env.DASHBOARD_PG_URL || 'postgres://postgres@127.0.0.1:5432';
const DB_PREFIX = process.env.DASHBOARD_DB_PREFIX || 'dashboard_test';
// Screenshots go here; `SCREENSHOT_DIR=docs/images` regenerates the committed ones.
export const GATEWAY_LOG = resolve(repoRoot, process.env.GATEWAY_LOG || 'target/dashboard-gateway.log');
export const SCREENSHOT_DIR = resolve(repoRoot, process.env.SCREENSHOT_DIR || 'target/dashboard-screenshots');

// Starts `gateway serve --demo` and resolves once it prints where it listens.
export async function startGateway() {
  const db = `${DB_PREFIX}_${process.pid}_${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    DATABASE_URL: `${PG}/${db}`,
    BIND_ADDR: '127.0.0.1:0',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    LOG_FORMAT: 'json',
    RUST_LOG: process.env.RUST_LOG || 'info,webhooks=debug',
  };
  delete env.REDIS_URL;
  const child = spawn(GATEWAY_BIN, ['serve', '--demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  // The gateway's own log goes to target/dashboard-gateway.log (.ci/run prints its tail when a
  // test fails), so that a failure in CI can be read after the fact.
  mkdirSync(dirname(GATEWAY_LOG), { recursive: true });
  appendFileSync(GATEWAY_LOG, `\n==> ${new Date().toISOString()} serve --demo on ${db}\n`);
  child.stderr.on('data', (d) => { err += d; appendFileSync(GATEWAY_LOG, d); });
  const ready = await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 120 s\n${out}\n${err}`)), 120_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolveReady(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`gateway exited (${code})\n${out}\n${err}`)); });
  });
  const op = out.match(/Demo operator[^\n]*?:\s+(\S+@\S+)\s+password:\s+(\S+)/);
  const fullKey = out.match(/(lf_pk_[A-Za-z0-9]{32})/);
  if (!op) throw new Error(`no demo operator in the output:\n${out}`);
  const keys = [...out.matchAll(/^\s+([a-z-]+):\s+(lf_[pt]k_[A-Za-z0-9]{32})$/gm)].map((m) => ({ role: m[1], secret: m[2] }));
  return {
    base: ready,
    email: op[1],
    password: op[2],
    keys,
    anyLiveKey: fullKey && fullKey[1],
    stdout: () => out,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      try {
        execFileSync('psql', [`${PG}/postgres`, '-qc', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`], { stdio: 'ignore' });
      } catch (_) { /* best effort */ }
    },
  };
}

// playwright-core gives every launch a fresh temporary profile (user-data-dir).
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

// A new page at 1280 x 900 that fails the test on any alert/confirm (XSS would show one),
// script error or CSP violation.
export async function newPage(browser, base, opts = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width || 1280, height: 900 } });
  if (opts.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (d) => { problems.push(`unexpected ${d.type()}: ${d.message()}`); d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  return { context, page };
}

export async function signIn(page, base, email, password) {
  await page.goto(`${base}/dashboard/`);
  await page.fill('#signin-form input[name=email]', email);
  await page.fill('#signin-form input[name=password]', password);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#who:not([hidden])');
}

// Calls the management API from the page, with its cookie and CSRF token, as the script does.
export async function pageApi(page, method, path, body, { csrf = true } = {}) {
  return page.evaluate(async ({ method, path, body, csrf }) => {
    const token = (document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('fg_csrf=')) || '').slice(8);
    const headers = { Accept: 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`/api/admin/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, { method, path, body, csrf });
}

export async function partner(base, secret, path, init = {}) {
  const res = await fetch(`${base}/api/partner/v1${path}`, {
    ...init,
    headers: { 'X-Partner-Api-Key': secret, 'Content-Type': 'application/json', ...(init.headers || {}) },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

// A local HTTP server; `handler(req, res, body)`.
export async function httpServer(handler) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

// Polls `fn` until it returns a truthy value (condition wait, no fixed sleeps).
export async function eventually(fn, { timeout = 30_000, interval = 250, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last && last.message ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
