// Fleetgate operator dashboard. One hand-written script, no build step, no dependencies.
// Every page reads and writes through the management API (/api/admin/v1) with the session
// cookie; writes carry the CSRF token from the fg_csrf cookie. Every string from the server
// is put into the page as text (textContent / attribute values), never as HTML.
'use strict';

(function () {
  const API = '/api/admin/v1';
  const state = { me: null, catalog: null, subaccounts: null };

  // ---- DOM helpers --------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'on') {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === 'class') {
        el.className = v;
      } else if (k === 'text') {
        el.textContent = v;
      } else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required' || k === 'hidden' || k === 'multiple') {
        el[k] = Boolean(v);
      } else if (k === 'value') {
        el.value = v;
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const $ = (sel, root) => (root || document).querySelector(sel);
  const main = () => $('#main');
  function setMain(...children) {
    const m = main();
    m.replaceChildren();
    append(m, children);
  }

  let uid = 0;
  const nextId = (p) => `${p}-${++uid}`;

  // A labelled form field; `input` is an element (input/select/textarea).
  function field(label, input, hint) {
    if (!input.id) input.id = nextId('f');
    return h('div', { class: 'field' },
      h('label', { for: input.id, text: label }),
      input,
      hint ? h('small', { class: 'hint', text: hint }) : null);
  }
  function select(name, options, value) {
    return h('select', { name },
      options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value ?? ''), text: label })));
  }

  function fmtTime(s) {
    if (!s) return '—';
    const d = new Date(s);
    return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }
  const fmtNum = (n) => (n === null || n === undefined) ? '—' : Number(n).toLocaleString('en-US');

  function flash(message, kind) {
    const f = $('#flash');
    f.replaceChildren(h('p', { class: `flash ${kind || 'ok'}`, text: message }));
    clearTimeout(flash.t);
    flash.t = setTimeout(() => f.replaceChildren(), 6000);
  }

  // ---- API ----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      const err = (body && body.error) || {};
      let msg = err.message || `Request failed (${status})`;
      const fields = err.details && err.details.fields;
      if (Array.isArray(fields) && fields.length) {
        msg += ': ' + fields.map((f) => `${f.field} ${f.message}`).join('; ');
      }
      super(msg);
      this.status = status;
      this.code = err.code;
      this.details = err.details || {};
    }
  }

  function csrfToken() {
    const m = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('fg_csrf='));
    return m ? m.slice('fg_csrf='.length) : '';
  }

  async function request(url, method, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch (_) { json = null; }
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  // Management API call; a dead session sends the operator to sign in and back here.
  async function api(method, path, body) {
    try {
      return await request(API + path, method, body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        state.me = null;
        go(`#/signin?next=${encodeURIComponent(location.hash || '#/keys')}`);
        flash('Your session has ended. Sign in again to continue.', 'warn');
        throw new Halt();
      }
      throw e;
    }
  }
  class Halt extends Error {}

  function qs(params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  }

  // ---- dialogs ------------------------------------------------------------------------------
  function openDialog(title, body, actions, opts) {
    const dlg = h('dialog', { class: `dialog ${(opts && opts.class) || ''}`, 'aria-labelledby': 'dlg-title' },
      h('h2', { id: 'dlg-title', text: title }), body, h('div', { class: 'actions' }, actions));
    document.body.appendChild(dlg);
    dlg.addEventListener('close', () => dlg.remove());
    dlg.showModal();
    return dlg;
  }

  // Resolves true when the operator confirms a destructive action.
  function confirmAction(title, message, confirmLabel) {
    return new Promise((resolve) => {
      let ok = false;
      const yes = h('button', { type: 'button', class: 'danger', text: confirmLabel, on: { click: () => { ok = true; dlg.close(); } } });
      const no = h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } });
      const dlg = openDialog(title, h('p', { text: message }), [no, yes]);
      dlg.addEventListener('close', () => resolve(ok));
      no.focus();
    });
  }

  // Shows a secret once. Closing the dialog removes it (and the secret) from the page.
  function showSecret(title, secret, warning) {
    return new Promise((resolve) => {
      const value = h('input', { type: 'text', id: 'secret-value', readonly: true, value: secret, 'aria-label': 'Secret', spellcheck: 'false', autocomplete: 'off' });
      const status = h('span', { class: 'copy-status', role: 'status' });
      const copy = h('button', {
        type: 'button', id: 'copy-secret', text: 'Copy',
        on: {
          click: async () => {
            try {
              await navigator.clipboard.writeText(value.value);
              status.textContent = 'Copied to the clipboard.';
            } catch (_) {
              value.select();
              status.textContent = 'Press Ctrl+C (⌘C) to copy the selected secret.';
            }
          },
        },
      });
      const done = h('button', { type: 'button', class: 'primary', id: 'secret-done', text: 'I have stored it', on: { click: () => dlg.close() } });
      const dlg = openDialog(title, [
        h('p', { class: 'warning', role: 'alert', text: warning }),
        h('div', { class: 'secret-row' }, value, copy),
        status,
      ], [done], { class: 'secret-dialog' });
      dlg.addEventListener('close', () => { value.value = ''; resolve(); });
      value.focus();
      value.select();
    });
  }

  async function guarded(fn) {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof Halt) return undefined;
      flash(e.message || String(e), 'error');
      return undefined;
    }
  }

  // ---- session ------------------------------------------------------------------------------
  const canWrite = () => state.me && state.me.operator.role !== 'viewer';
  const isOwner = () => state.me && state.me.operator.role === 'owner';

  async function loadMe() {
    const res = await request(`${API}/auth/me`, 'GET');
    state.me = res.data;
    $('#who-name').textContent = `${state.me.operator.name} · ${state.me.tenant.name}`;
    $('#who-role').textContent = state.me.operator.role;
    $('#who').hidden = false;
    $('#nav').hidden = false;
  }

  function renderSignIn(next) {
    $('#who').hidden = true;
    $('#nav').hidden = true;
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, maxlength: 254 });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 256 });
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'card narrow', id: 'signin-form' },
      h('h1', { text: 'Sign in' }),
      h('p', { class: 'muted', text: 'Operator console: API keys, webhooks, usage and the request log.' }),
      field('Email', email), field('Password', password), err,
      h('button', { type: 'submit', class: 'primary', text: 'Sign in' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      try {
        await request('/dashboard/session', 'POST', { email: email.value, password: password.value });
        password.value = '';
        await loadMe();
        go(next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/keys');
      } catch (e) {
        err.textContent = e.message;
      }
    });
    setMain(form);
    email.focus();
  }

  async function signOut() {
    await guarded(async () => {
      await request('/dashboard/session/end', 'POST');
      state.me = null;
      state.catalog = null;
      state.subaccounts = null;
      go('#/signin');
    });
  }

  async function catalog() {
    if (!state.catalog) state.catalog = (await api('GET', '/catalog')).data;
    return state.catalog;
  }
  async function subaccounts() {
    if (!state.subaccounts) state.subaccounts = (await api('GET', '/subaccounts?limit=100')).data;
    return state.subaccounts;
  }

  // ---- router -------------------------------------------------------------------------------
  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }
  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/keys';
    const [path, query] = raw.split('?');
    return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
  }

  const pages = {};
  let routeSeq = 0;
  async function route() {
    const { parts, params } = parseHash();
    const page = parts[0] || 'keys';
    if (page === 'signin') return renderSignIn(params.get('next'));
    if (!state.me) {
      try {
        await loadMe();
      } catch (e) {
        return renderSignIn(location.hash);
      }
    }
    for (const a of document.querySelectorAll('#nav a')) {
      if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const render = pages[page] || pages.keys;
    const seq = ++routeSeq;
    setMain(h('p', { class: 'muted', text: 'Loading…' }));
    const content = await guarded(() => render(parts.slice(1), params));
    if (seq !== routeSeq) return; // a newer navigation owns the page
    if (content) setMain(content);
    main().focus({ preventScroll: true });
  }

  function pager(pagination, onPage) {
    if (!pagination) return null;
    const { page, limit, total, has_next: hasNext, has_prev: hasPrev } = pagination;
    const from = total === 0 ? 0 : (page - 1) * limit + 1;
    const to = Math.min(total, page * limit);
    return h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: !hasPrev, text: '‹ Previous', on: { click: () => onPage(page - 1) } }),
      h('span', { text: `${from}–${to} of ${total}` }),
      h('button', { type: 'button', disabled: !hasNext, text: 'Next ›', on: { click: () => onPage(page + 1) } }));
  }

  function table(headers, rows, opts) {
    // Each cell names its column, for the stacked layout on narrow screens.
    for (const tr of rows) [...tr.children].forEach((td, i) => { if (headers[i]) td.setAttribute('data-label', headers[i]); });
    return h('div', { class: 'table-wrap' },
      h('table', { class: (opts && opts.class) || '' },
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'muted', text: (opts && opts.empty) || 'Nothing here yet.' })))));
  }

  function pageHeader(title, subtitle, ...actions) {
    return h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'crumb', text: 'Settings → Integrations' }), h('h1', { text: title }), subtitle ? h('p', { class: 'muted', text: subtitle }) : null),
      h('div', { class: 'head-actions' }, actions));
  }

  // ---- API keys -----------------------------------------------------------------------------
  function permSummary(perms, cat) {
    const set = new Set(perms);
    const same = (list) => list.length === set.size && list.every((x) => set.has(x));
    if (same(cat.default_permissions)) return 'Default (read fleet data)';
    for (const p of cat.presets) {
      if (p.permissions.length === set.size && p.permissions.every((x) => set.has(x))) return p.label;
    }
    return `${set.size} permission${set.size === 1 ? '' : 's'}`;
  }

  pages.keys = async function (_, params) {
    const status = params.get('status') || '';
    const mode = params.get('mode') || '';
    const page = params.get('page') || '1';
    // Subaccount names are needed for the scope column, so they load before the rows.
    const [cat, list] = await Promise.all([catalog(), api('GET', `/api-keys${qs({ status, mode, page, limit: 20 })}`), subaccounts()]);
    const nav = (changes) => go(`#/keys${qs(Object.assign({ status, mode, page }, changes))}`);
    const statusSel = select('status', [['', 'Any status'], ['active', 'Active'], ['disabled', 'Disabled'], ['expired', 'Expired'], ['revoked', 'Revoked']], status);
    const modeSel = select('mode', [['', 'Live and test'], ['live', 'Live'], ['test', 'Test']], mode);
    statusSel.addEventListener('change', () => nav({ status: statusSel.value, page: 1 }));
    modeSel.addEventListener('change', () => nav({ mode: modeSel.value, page: 1 }));
    const rows = list.data.map((k) => {
      const actions = [];
      actions.push(h('a', { href: `#/usage?key=${encodeURIComponent(k.id)}`, class: 'button small', text: 'Usage' }));
      if (canWrite() && k.status !== 'revoked') {
        actions.push(h('button', { type: 'button', class: 'small', text: 'Regenerate', 'data-action': 'regenerate', on: { click: () => regenerateKey(k) } }));
        actions.push(k.active
          ? h('button', { type: 'button', class: 'small', text: 'Disable', 'data-action': 'disable', on: { click: () => setKeyActive(k, false) } })
          : h('button', { type: 'button', class: 'small', text: 'Enable', 'data-action': 'enable', on: { click: () => setKeyActive(k, true) } }));
        actions.push(h('button', { type: 'button', class: 'small danger', text: 'Revoke', 'data-action': 'revoke', on: { click: () => revokeKey(k) } }));
      }
      if (canWrite()) {
        actions.push(h('button', { type: 'button', class: 'small danger', text: 'Delete', 'data-action': 'delete', on: { click: () => deleteKey(k) } }));
      }
      const scope = k.scope === 'subaccount' ? `subaccount ${subName(k.subaccount_id)}` : (k.allowed_subaccount_ids.length ? `global (${k.allowed_subaccount_ids.map(subName).join(', ')})` : 'global (all)');
      return h('tr', { 'data-key-id': k.id },
        h('td', {}, h('span', { class: 'key-name', text: k.name })),
        h('td', {}, h('code', { text: k.prefix + '…' })),
        h('td', {}, h('span', { class: `badge ${k.mode}`, text: k.mode })),
        h('td', {}, h('span', { class: `badge status-${k.status}`, text: k.status })),
        h('td', { text: scope }),
        h('td', { title: k.permissions.join(', '), text: permSummary(k.permissions, cat) }),
        h('td', { text: fmtTime(k.usage.last_used_at) }),
        h('td', { class: 'num', text: `${fmtNum(k.usage.today)} / ${fmtNum(k.usage.this_week)} / ${fmtNum(k.usage.this_month)}` }),
        h('td', {}, h('div', { class: 'actions-cell' }, actions)));
    });
    return [
      pageHeader('API keys', `${list.pagination.total} key(s) · at most ${state.me.tenant.max_api_keys} per account`,
        canWrite() ? h('button', { type: 'button', class: 'primary', id: 'new-key', text: 'New API key', on: { click: () => newKeyForm(cat) } }) : null),
      h('div', { class: 'filters' }, field('Status', statusSel), field('Mode', modeSel)),
      table(['Name', 'Prefix', 'Mode', 'Status', 'Scope', 'Permissions', 'Last used', 'Today / week / month', ''], rows, { empty: 'No keys match.' }),
      pager(list.pagination, (p) => nav({ page: p }))];
  };

  function subName(id) {
    const s = (state.subaccounts || []).find((x) => x.id === id);
    return s ? s.name : (id || '—');
  }

  async function newKeyForm(cat) {
    const subs = await subaccounts();
    const limits = state.me.tenant.default_limits;
    const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
    const boxes = cat.permissions.map((p) => h('input', { type: 'checkbox', name: 'permissions', value: p.permission, checked: cat.default_permissions.includes(p.permission) }));
    const byResource = {};
    cat.permissions.forEach((p, i) => { (byResource[p.resource] = byResource[p.resource] || []).push(boxes[i]); });
    const presetButtons = cat.presets.map((p) => h('button', {
      type: 'button', class: 'small', 'data-preset': p.preset, text: p.label,
      on: { click: () => boxes.forEach((b) => { b.checked = p.permissions.includes(b.value); }) },
    }));
    const perms = h('fieldset', { class: 'perms' },
      h('legend', { text: 'Permissions' }),
      h('div', { class: 'presets', role: 'group', 'aria-label': 'Level presets' }, h('span', { class: 'muted', text: 'Presets: ' }), presetButtons),
      h('div', { class: 'perm-grid' }, Object.entries(byResource).map(([res, bs]) => h('div', { class: 'perm-group' },
        h('strong', { text: res }),
        bs.map((b) => { b.id = nextId('perm'); return h('label', { for: b.id, class: 'check' }, b, ' ', b.value); })))));
    const mode = select('mode', [['live', 'Live (lf_pk_…)'], ['test', 'Test (lf_tk_…, sandbox subaccounts)']], 'live');
    // `selected` is a global key limited to the ticked subaccounts (allowed_subaccount_ids).
    const scope = select('scope', [['global', 'Global (all subaccounts of its mode)'], ['selected', 'Global, selected subaccounts'], ['subaccount', 'One subaccount']], 'global');
    const sub = select('subaccount_id', subs.map((s) => [s.id, `${s.name}${s.sandbox ? ' (sandbox)' : ''}`]), subs[0] && subs[0].id);
    const subField = field('Subaccount', sub);
    subField.hidden = true;
    // The checkboxes list the subaccounts of the chosen mode only (live: non-sandbox, test: sandbox).
    const allowedList = h('div', { class: 'perm-grid', id: 'allowed-subaccounts' });
    const allowedField = h('fieldset', { class: 'allowed-subs' }, h('legend', { text: 'Allowed subaccounts' }), allowedList);
    allowedField.hidden = true;
    let allowedBoxes = [];
    function fillAllowed() {
      const sandbox = mode.value === 'test';
      const ticked = new Set(allowedBoxes.filter((b) => b.checked).map((b) => b.value));
      allowedBoxes = subs.filter((s) => s.sandbox === sandbox)
        .map((s) => h('input', { type: 'checkbox', name: 'allowed_subaccount_ids', value: s.id, checked: ticked.has(s.id), 'data-name': s.name }));
      allowedList.replaceChildren();
      append(allowedList, allowedBoxes.length
        ? allowedBoxes.map((b) => { b.id = nextId('sub'); return h('label', { for: b.id, class: 'check' }, b, ' ', b.dataset.name); })
        : h('span', { class: 'muted', text: `No ${sandbox ? 'sandbox' : 'live'} subaccounts yet.` }));
    }
    fillAllowed();
    mode.addEventListener('change', fillAllowed);
    allowedList.addEventListener('change', () => { err.textContent = ''; });
    scope.addEventListener('change', () => {
      subField.hidden = scope.value !== 'subaccount';
      allowedField.hidden = scope.value !== 'selected';
    });
    const perMinute = h('input', { type: 'number', name: 'per_minute', min: 1, placeholder: `plan default ${limits.per_minute}` });
    const perHour = h('input', { type: 'number', name: 'per_hour', min: 1, placeholder: `plan default ${limits.per_hour}` });
    const perDay = h('input', { type: 'number', name: 'per_day', min: 1, placeholder: `plan default ${limits.per_day}` });
    const expires = h('input', { type: 'date', name: 'expires_at' });
    const ips = h('textarea', { name: 'allowed_ips', rows: 2, placeholder: '203.0.113.7, 10.0.0.0/8' });
    const err = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'create-key', text: 'Create key' });
    const cancel = h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } });
    const form = h('form', { id: 'key-form', class: 'form' },
      field('Name', name, 'Shown in lists and the request log.'),
      perms,
      h('div', { class: 'row' }, field('Mode', mode), field('Scope', scope), subField),
      allowedField,
      h('fieldset', {}, h('legend', { text: `Rate limits (empty = the ${state.me.tenant.plan} plan's default)` }),
        h('div', { class: 'row' }, field('Per minute', perMinute), field('Per hour', perHour), field('Per day', perDay))),
      h('div', { class: 'row' }, field('Expires on (UTC, end of day)', expires, 'Empty = never.'), field('IP allow-list', ips, 'IPs or CIDRs, comma or newline separated; empty = any.')),
      err,
      h('div', { class: 'actions' }, cancel, submit));
    const dlg = openDialog('New API key', form, [], { class: 'wide' });
    name.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      const body = {
        name: name.value,
        mode: mode.value,
        permissions: boxes.filter((b) => b.checked).map((b) => b.value),
        scope: scope.value === 'selected' ? 'global' : scope.value,
      };
      if (scope.value === 'subaccount') body.subaccount_id = sub.value;
      if (scope.value === 'selected') {
        const ids = allowedBoxes.filter((b) => b.checked).map((b) => b.value);
        if (!ids.length) {
          err.textContent = 'Tick at least one subaccount, or choose “Global (all subaccounts of its mode)”.';
          (allowedBoxes[0] || scope).focus();
          return;
        }
        body.allowed_subaccount_ids = ids;
      }
      const rl = {};
      if (perMinute.value) rl.per_minute = Number(perMinute.value);
      if (perHour.value) rl.per_hour = Number(perHour.value);
      if (perDay.value) rl.per_day = Number(perDay.value);
      if (Object.keys(rl).length) body.rate_limits = rl;
      if (expires.value) body.expires_at = `${expires.value}T23:59:59Z`;
      const ipList = ips.value.split(/[\s,]+/).filter(Boolean);
      if (ipList.length) body.allowed_ips = ipList;
      submit.disabled = true;
      try {
        const res = await api('POST', '/api-keys', body);
        dlg.close();
        await showSecret(`Key “${res.data.key.name}” created`, res.data.secret,
          'Copy this secret now. It is shown only once: Fleetgate stores only its hash and cannot show it again.');
        route();
      } catch (e) {
        if (!(e instanceof Halt)) err.textContent = e.message;
      } finally {
        submit.disabled = false;
      }
    });
  }

  async function regenerateKey(k) {
    const grace = select('grace', [['0', 'No grace period: the old secret stops now'], ['3600', '1 hour'], ['21600', '6 hours'], ['86400', '24 hours']], '0');
    let go2 = false;
    const ok = h('button', { type: 'button', class: 'danger', text: 'Regenerate', on: { click: () => { go2 = true; dlg.close(); } } });
    const dlg = openDialog(`Regenerate “${k.name}”?`, [
      h('p', { text: 'A new secret is issued. Without a grace period the old secret stops working at once.' }),
      field('Old secret keeps working for', grace)], [h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } }), ok]);
    dlg.addEventListener('close', () => {
      if (!go2) return;
      guarded(async () => {
        const seconds = Number(grace.value);
        const res = await api('POST', `/api-keys/${k.id}/regenerate`, seconds ? { grace_period_seconds: seconds } : {});
        await showSecret(`New secret for “${res.data.key.name}”`, res.data.secret,
          'Copy this secret now. It is shown only once.');
        route();
      });
    });
  }

  async function setKeyActive(k, active) {
    await guarded(async () => {
      await api('PATCH', `/api-keys/${k.id}`, { active });
      flash(`Key “${k.name}” ${active ? 'enabled' : 'disabled'}.`);
      route();
    });
  }

  async function revokeKey(k) {
    if (!await confirmAction(`Revoke “${k.name}”?`, 'Requests with this key are refused from now on (401 revoked_api_key). This cannot be undone; the key stays listed for the audit trail.', 'Revoke key')) return;
    await guarded(async () => {
      await api('POST', `/api-keys/${k.id}/revoke`);
      flash(`Key “${k.name}” revoked.`);
      route();
    });
  }

  async function deleteKey(k) {
    if (!await confirmAction(`Delete “${k.name}”?`, 'The key stops working and disappears from lists; its request log stays. This cannot be undone.', 'Delete key')) return;
    await guarded(async () => {
      await api('DELETE', `/api-keys/${k.id}`);
      flash(`Key “${k.name}” deleted.`);
      route();
    });
  }

  // ---- webhooks -----------------------------------------------------------------------------
  pages.webhooks = async function (rest, params) {
    if (rest[0] && rest[1] === 'deliveries') return deliveriesPage(rest[0], params);
    const sub = params.get('subaccount') || '';
    const page = params.get('page') || '1';
    const subs = await subaccounts();
    const list = await api('GET', `/webhooks${qs({ subaccount_id: sub, page, limit: 20 })}`);
    const nav = (changes) => go(`#/webhooks${qs(Object.assign({ subaccount: sub, page }, changes))}`);
    const subSel = select('subaccount', [['', 'All subaccounts'], ...subs.map((s) => [s.id, s.name])], sub);
    subSel.addEventListener('change', () => nav({ subaccount: subSel.value, page: 1 }));
    const rows = list.data.map((w) => h('tr', { 'data-webhook-id': w.id },
      h('td', {}, h('code', { class: 'url', text: w.url }), w.description ? h('div', { class: 'muted', text: w.description }) : null),
      h('td', { text: subName(w.subaccount_id) }),
      h('td', { text: `${w.events.length} event(s)`, title: w.events.join(', ') }),
      h('td', {}, h('span', { class: `badge ${w.active ? 'status-active' : 'status-disabled'}`, text: w.active ? 'active' : 'paused' })),
      h('td', {}, h('span', { class: `badge circuit-${w.circuit}`, text: w.circuit })),
      h('td', { class: 'num health', text: healthText(w) }),
      h('td', {}, h('div', { class: 'actions-cell' },
        canWrite() ? h('button', { type: 'button', class: 'small', 'data-action': 'test', text: 'Test', on: { click: () => testWebhook(w) } }) : null,
        h('a', { class: 'button small', href: `#/webhooks/${w.id}/deliveries`, text: 'Deliveries' }),
        canWrite() ? h('button', { type: 'button', class: 'small', text: 'Edit', on: { click: () => webhookForm(w) } }) : null,
        canWrite() ? h('button', { type: 'button', class: 'small', text: 'Rotate secret', on: { click: () => rotateSecret(w) } }) : null,
        canWrite() ? h('button', { type: 'button', class: 'small danger', text: 'Delete', on: { click: () => deleteWebhook(w) } }) : null))));
    return [
      pageHeader('Webhooks', 'Signed HTTP callbacks for fleet events, per subaccount.',
        canWrite() ? h('button', { type: 'button', class: 'primary', id: 'new-webhook', text: 'New webhook', on: { click: () => webhookForm(null) } }) : null),
      h('div', { class: 'filters' }, field('Subaccount', subSel)),
      table(['URL', 'Subaccount', 'Events', 'Status', 'Circuit', 'Recent success', ''], rows, { empty: 'No webhook endpoints yet.' }),
      h('div', { id: 'test-result' }),
      pager(list.pagination, (p) => nav({ page: p }))];
  };

  function headerRows(headers) {
    const wrap = h('div', { class: 'header-rows' });
    const add = (k, v) => {
      const key = h('input', { type: 'text', class: 'hdr-name', 'aria-label': 'Header name', placeholder: 'X-Team', value: k || '' });
      const val = h('input', { type: 'text', class: 'hdr-value', 'aria-label': 'Header value', placeholder: 'value', value: v || '' });
      const row = h('div', { class: 'row hdr' }, key, val, h('button', { type: 'button', class: 'small', text: 'Remove', on: { click: () => row.remove() } }));
      wrap.insertBefore(row, addBtn);
    };
    const addBtn = h('button', { type: 'button', class: 'small', text: 'Add header', on: { click: () => add() } });
    wrap.appendChild(addBtn);
    for (const [k, v] of Object.entries(headers || {})) add(k, v);
    wrap.collect = () => {
      const out = {};
      for (const row of wrap.querySelectorAll('.hdr')) {
        const k = $('.hdr-name', row).value.trim();
        if (k) out[k] = $('.hdr-value', row).value;
      }
      return out;
    };
    return wrap;
  }

  async function webhookForm(w) {
    const [cat, subs] = await Promise.all([catalog(), subaccounts()]);
    const url = h('input', { type: 'url', name: 'url', required: true, maxlength: 2048, value: w ? w.url : '', placeholder: 'https://example.com/hooks/fleet' });
    const desc = h('input', { type: 'text', name: 'description', maxlength: 500, value: w ? (w.description || '') : '' });
    const sub = select('subaccount_id', subs.map((s) => [s.id, s.name]), w ? w.subaccount_id : (subs[0] && subs[0].id));
    if (w) sub.disabled = true;
    const events = cat.webhook_events.map((e) => h('input', { type: 'checkbox', name: 'events', value: e, checked: w ? w.events.includes(e) : true }));
    const evFieldset = h('fieldset', {}, h('legend', { text: 'Events' }),
      h('div', { class: 'perm-grid' }, events.map((b) => { b.id = nextId('ev'); return h('label', { class: 'check', for: b.id }, b, ' ', b.value); })));
    const hdrs = headerRows(w ? w.headers : {});
    const autoRecover = h('input', { type: 'checkbox', name: 'auto_recover', checked: w ? w.auto_recover : true });
    autoRecover.id = nextId('ar');
    const active = h('input', { type: 'checkbox', name: 'active', checked: w ? w.active : true });
    active.id = nextId('ac');
    const err = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'save-webhook', text: w ? 'Save' : 'Create webhook' });
    const form = h('form', { class: 'form', id: 'webhook-form' },
      field('Endpoint URL', url, 'HTTPS; signed with X-Levy-Signature.'),
      field('Description', desc),
      field('Subaccount', sub),
      evFieldset,
      h('fieldset', {}, h('legend', { text: 'Custom headers' }), hdrs),
      h('label', { class: 'check', for: autoRecover.id }, autoRecover, ' Re-send failed deliveries automatically when the endpoint recovers'),
      h('label', { class: 'check', for: active.id }, active, ' Active'),
      err,
      h('div', { class: 'actions' }, h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } }), submit));
    const dlg = openDialog(w ? 'Edit webhook' : 'New webhook', form, [], { class: 'wide' });
    url.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      const body = {
        url: url.value.trim(),
        description: desc.value,
        events: events.filter((b) => b.checked).map((b) => b.value),
        headers: hdrs.collect(),
        auto_recover: autoRecover.checked,
        active: active.checked,
      };
      submit.disabled = true;
      try {
        if (w) {
          await api('PATCH', `/webhooks/${w.id}`, body);
          dlg.close();
          flash('Webhook saved.');
        } else {
          body.subaccount_id = sub.value;
          const res = await api('POST', '/webhooks', body);
          dlg.close();
          await showSecret('Webhook created: signing secret', res.data.secret,
            'Copy the signing secret now and keep it with the receiver; it is shown only once (rotate it to get a new one).');
        }
        route();
      } catch (e) {
        if (!(e instanceof Halt)) err.textContent = e.message;
      } finally {
        submit.disabled = false;
      }
    });
  }

  function healthText(w) {
    return w.recent_success_rate === null || w.recent_success_rate === undefined ? '—' : `${Math.round(w.recent_success_rate * 100)} % of ${w.recent_attempts}`;
  }

  async function testWebhook(w) {
    const out = $('#test-result');
    out.replaceChildren(h('p', { class: 'muted', text: `Sending webhook.test to ${w.url}…` }));
    await guarded(async () => {
      const res = await api('POST', `/webhooks/${w.id}/test`);
      const a = res.data.attempt;
      out.replaceChildren(h('div', { class: `card test-result ${a.success ? 'ok' : 'bad'}`, role: 'status' },
        h('strong', { text: a.success ? 'Test delivered' : 'Test failed' }), ' ',
        h('span', { class: 'test-status', text: `status ${a.status_code === null ? '—' : a.status_code}` }), ' · ',
        h('span', { text: `${a.latency_ms} ms` }),
        a.error ? h('div', { class: 'error', text: a.error }) : null));
      // The test counts in the endpoint's health: show the row as it stands now.
      const now = (await api('GET', `/webhooks/${encodeURIComponent(w.id)}`)).data;
      const cell = document.querySelector(`tr[data-webhook-id="${CSS.escape(w.id)}"] td.health`);
      if (cell) cell.textContent = healthText(now);
    });
  }

  async function rotateSecret(w) {
    if (!await confirmAction('Rotate the signing secret?', 'A new secret signs from now on; the old one keeps signing in parallel for 24 hours so the receiver can switch.', 'Rotate')) return;
    await guarded(async () => {
      const res = await api('POST', `/webhooks/${w.id}/rotate-secret`);
      await showSecret('New signing secret', res.data.secret, 'Copy the new signing secret now; it is shown only once.');
      route();
    });
  }

  async function deleteWebhook(w) {
    if (!await confirmAction('Delete this webhook?', `Nothing more is sent to ${w.url}. This cannot be undone.`, 'Delete webhook')) return;
    await guarded(async () => {
      await api('DELETE', `/webhooks/${w.id}`);
      flash('Webhook deleted.');
      route();
    });
  }

  async function deliveriesPage(id, params) {
    const status = params.get('status') || '';
    const cursor = params.get('cursor') || '';
    const [w, list] = await Promise.all([
      api('GET', `/webhooks/${encodeURIComponent(id)}`),
      api('GET', `/webhooks/${encodeURIComponent(id)}/deliveries${qs({ status, cursor, limit: 25 })}`),
    ]);
    const nav = (changes) => go(`#/webhooks/${id}/deliveries${qs(Object.assign({ status }, changes))}`);
    const statusSel = select('status', [['', 'All deliveries'], ['failed', 'Failed'], ['pending', 'Pending'], ['delivered', 'Delivered']], status);
    statusSel.addEventListener('change', () => nav({ status: statusSel.value }));
    const rows = list.data.map((d) => {
      const attempts = h('ol', { class: 'attempts' }, d.attempts.map((a) => h('li', { class: a.success ? 'ok' : 'bad' },
        h('span', { class: 'attempt-status', text: a.status_code === null ? 'no response' : String(a.status_code) }),
        ` · ${a.latency_ms} ms · ${fmtTime(a.created_at)}`,
        a.error ? h('div', { class: 'error', text: a.error }) : null,
        a.response_body ? h('pre', { class: 'excerpt', text: a.response_body.slice(0, 300) }) : null)));
      return h('tr', { 'data-delivery-id': d.id, 'data-status': d.status },
        h('td', {}, h('code', { text: d.event }), h('div', { class: 'muted', text: d.event_id })),
        h('td', {}, h('span', { class: `badge delivery-${d.status}`, text: d.status })),
        h('td', { class: 'num', text: String(d.attempt_count) }),
        h('td', {}, attempts),
        h('td', { text: fmtTime(d.created_at) }),
        h('td', {}, canWrite() && d.status === 'failed'
          ? h('button', { type: 'button', class: 'small', 'data-action': 'retry', text: 'Retry', on: { click: () => retryDelivery(id, d) } })
          : null));
    });
    const since = h('input', { type: 'datetime-local', name: 'since' });
    const resend = canWrite() ? h('form', { class: 'filters', id: 'resend-form' }, field('Resend every failed delivery since (UTC)', since),
      h('button', { type: 'submit', text: 'Resend failed' })) : null;
    if (resend) {
      resend.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!since.value) return flash('Choose a start time.', 'error');
        await guarded(async () => {
          const res = await api('POST', `/webhooks/${id}/deliveries/resend`, { since: `${since.value}:00Z` });
          flash(`${res.data.resent} failed deliveries queued again.`);
          route();
        });
      });
    }
    return [
      pageHeader('Deliveries', w.data.url, h('a', { class: 'button', href: '#/webhooks', text: '‹ Webhooks' }),
        h('button', { type: 'button', text: 'Refresh', id: 'refresh', on: { click: () => route() } })),
      h('div', { class: 'filters' }, field('Show', statusSel)),
      resend,
      table(['Event', 'Status', 'Attempts', 'Each attempt (status · latency · time)', 'Created', ''], rows, { empty: 'No deliveries yet.', class: 'deliveries' }),
      h('nav', { class: 'pager' },
        cursor ? h('button', { type: 'button', text: '‹ Newest', on: { click: () => nav({}) } }) : null,
        list.pagination.has_next ? h('button', { type: 'button', text: 'Older ›', on: { click: () => nav({ cursor: list.pagination.next_cursor }) } }) : null)];
  }

  async function retryDelivery(id, d) {
    await guarded(async () => {
      await api('POST', `/webhooks/${id}/deliveries/${d.id}/retry`);
      flash('Delivery queued again.');
      route();
    });
  }

  // ---- usage --------------------------------------------------------------------------------
  const SERIES = [
    ['success', '2xx', 'c-2xx'],
    ['client_error', '4xx', 'c-4xx'],
    ['rate_limited', '429', 'c-429'],
    ['server_error', '5xx', 'c-5xx'],
    ['other', '1xx/3xx', 'c-other'],
  ];
  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    for (const c of children) if (c) el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }

  // Stacked bars of requests per bucket, one colour per status class.
  function usagePlot(u) {
    const W = 960, H = 280, L = 52, R = 12, T = 12, B = 34;
    const n = u.buckets.length;
    const max = Math.max(1, ...u.buckets.map((b) => b.total));
    const nice = niceMax(max);
    const bw = (W - L - R) / n;
    const y = (v) => T + (H - T - B) * (1 - v / nice);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'plot', role: 'img', id: 'usage-plot', 'data-total': u.totals.total, 'aria-label': `Requests per ${u.bucket_seconds === 300 ? '5 minutes' : 'day'}: ${u.totals.total} in total` });
    for (let i = 0; i <= 4; i++) {
      const v = (nice / 4) * i;
      svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, fmtNum(v)));
    }
    const bars = s('g', { class: 'bars' });
    u.buckets.forEach((b, i) => {
      let acc = 0;
      const x = L + i * bw;
      for (const [key, label, cls] of SERIES) {
        const v = b[key];
        if (!v) continue;
        const rect = s('rect', { x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(acc + v), height: Math.max(0.5, y(acc) - y(acc + v)), class: cls, 'data-series': label, 'data-count': v });
        rect.appendChild(s('title', {}, `${fmtTime(b.start)}: ${v} × ${label}`));
        bars.appendChild(rect);
        acc += v;
      }
    });
    svg.appendChild(bars);
    const ticks = u.bucket_seconds === 300 ? 6 : 5;
    for (let i = 0; i <= ticks; i++) {
      const idx = Math.min(n - 1, Math.round((n - 1) * i / ticks));
      const d = new Date(u.buckets[idx].start);
      const label = u.bucket_seconds === 300 ? d.toISOString().slice(11, 16) : d.toISOString().slice(5, 10);
      const anchor = i === 0 ? 'start' : (i === ticks ? 'end' : 'middle');
      const x = i === 0 ? L : (i === ticks ? W - R : L + idx * bw + bw / 2);
      svg.appendChild(s('text', { x, y: H - 12, class: 'axis', 'text-anchor': anchor }, label));
    }
    svg.appendChild(s('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'baseline' }));
    return svg;
  }
  function niceMax(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  // Widths are set through the CSSOM: a style attribute in markup would need 'unsafe-inline'.
  function barFill(fraction) {
    const fill = h('span', { class: 'fill' });
    fill.style.width = `${Math.round(fraction * 100)}%`;
    return fill;
  }

  function routesPlot(u) {
    const max = Math.max(1, ...u.top_routes.map((r) => r.requests));
    return h('ol', { class: 'routes', id: 'top-routes' }, u.top_routes.map((r) => h('li', {},
      h('span', { class: 'route-name' }, h('code', { text: `${r.method} ${r.route}` })),
      h('span', { class: 'route-bar' }, barFill(r.requests / max)),
      h('span', { class: 'num', text: fmtNum(r.requests) }))));
  }

  pages.usage = async function (_, params) {
    const range = params.get('range') === '30d' ? '30d' : '24h';
    const key = params.get('key') || '';
    const [keys, usage] = await Promise.all([
      api('GET', '/api-keys?limit=100'),
      api('GET', `/usage${qs({ range, api_key_id: key })}`),
    ]);
    const u = usage.data;
    const nav = (changes) => go(`#/usage${qs(Object.assign({ range, key }, changes))}`);
    const rangeSel = select('range', [['24h', 'Last 24 h, by 5 min'], ['30d', 'Last 30 days, by day']], range);
    const keySel = select('key', [['', 'All keys'], ...keys.data.map((k) => [k.id, `${k.name} (${k.prefix}…)`])], key);
    rangeSel.addEventListener('change', () => nav({ range: rangeSel.value }));
    keySel.addEventListener('change', () => nav({ key: keySel.value }));
    const t = u.totals;
    const stat = (label, value, cls) => h('div', { class: `stat ${cls || ''}` }, h('span', { class: 'stat-label', text: label }), h('span', { class: 'stat-value', text: value }));
    const routes = routesPlot(u);
    return [
      pageHeader('Usage', 'Partner API requests made with your keys, by outcome.'),
      h('div', { class: 'filters' }, field('Window', rangeSel), field('Key', keySel)),
      h('div', { class: 'stats', id: 'usage-totals' },
        stat('Requests', fmtNum(t.total)), stat('2xx', fmtNum(t.success), 'c-2xx'), stat('4xx', fmtNum(t.client_error), 'c-4xx'),
        stat('429', fmtNum(t.rate_limited), 'c-429'), stat('5xx', fmtNum(t.server_error), 'c-5xx'),
        stat('p50 latency', u.p50_ms === null ? '—' : `${u.p50_ms.toFixed(1)} ms`), stat('p95 latency', u.p95_ms === null ? '—' : `${u.p95_ms.toFixed(1)} ms`)),
      h('div', { class: 'card' }, h('h2', { text: 'Requests over time' }),
        h('div', { class: 'legend' }, SERIES.map(([, label, cls]) => h('span', {}, h('i', { class: `swatch ${cls}` }), label))),
        usagePlot(u)),
      h('div', { class: 'card' }, h('h2', { text: 'Top routes' }), u.top_routes.length ? routes : h('p', { class: 'muted', text: 'No requests in this window.' }))];
  };

  // ---- request log --------------------------------------------------------------------------
  pages.logs = async function (_, params) {
    const f = Object.fromEntries(['api_key_id', 'status', 'method', 'route', 'request_id', 'from', 'to', 'cursor'].map((k) => [k, params.get(k) || '']));
    const keys = await api('GET', '/api-keys?limit=100');
    const toRfc = (v) => (v ? `${v}:00Z` : '');
    const list = await api('GET', `/request-logs${qs(Object.assign({}, f, { from: toRfc(f.from), to: toRfc(f.to), limit: 50 }))}`);
    const keyName = (id) => { const k = keys.data.find((x) => x.id === id); return k ? k.name : (id ? id.slice(0, 8) : ''); };
    const keySel = select('api_key_id', [['', 'Any key'], ...keys.data.map((k) => [k.id, k.name])], f.api_key_id);
    const statusSel = select('status', [['', 'Any status'], ['2xx', '2xx'], ['3xx', '3xx'], ['4xx', '4xx'], ['429', '429'], ['5xx', '5xx']], f.status);
    const methodSel = select('method', [['', 'Any method'], ...['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].map((m) => [m, m])], f.method);
    const routeIn = h('input', { type: 'text', name: 'route', value: f.route, placeholder: '/api/partner/v1/vehicles' });
    const ridIn = h('input', { type: 'text', name: 'request_id', value: f.request_id, placeholder: 'req_…' });
    const fromIn = h('input', { type: 'datetime-local', name: 'from', value: f.from });
    const toIn = h('input', { type: 'datetime-local', name: 'to', value: f.to });
    const form = h('form', { class: 'filters', id: 'log-filters' },
      field('Key', keySel), field('Status', statusSel), field('Method', methodSel), field('Route', routeIn),
      field('Request id', ridIn), field('From (UTC)', fromIn), field('To (UTC)', toIn),
      h('button', { type: 'submit', text: 'Filter' }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      go(`#/logs${qs({ api_key_id: keySel.value, status: statusSel.value, method: methodSel.value, route: routeIn.value.trim(), request_id: ridIn.value.trim(), from: fromIn.value, to: toIn.value })}`);
    });
    const rows = list.data.map((r) => {
      const tr = h('tr', { class: 'clickable', tabindex: 0, 'data-request-id': r.request_id },
        h('td', { text: fmtTime(r.created_at) }),
        h('td', {}, h('code', { text: r.method })),
        h('td', {}, h('code', { class: 'url', text: r.path })),
        h('td', {}, h('span', { class: `badge s${String(r.status)[0]}xx`, text: String(r.status) })),
        h('td', { class: 'num', text: `${r.duration_ms} ms` }),
        h('td', { text: r.api_key_id ? keyName(r.api_key_id) : (r.operator_id ? 'operator' : '—') }));
      const open = () => logDetail(r, keyName);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
      return tr;
    });
    const base = Object.assign({}, f);
    delete base.cursor;
    return [
      pageHeader('Request log', 'Every partner and management request, newest first. Click a row for its detail.'),
      form,
      table(['Time', 'Method', 'Path', 'Status', 'Duration', 'Key'], rows, { empty: 'No requests match.' }),
      h('nav', { class: 'pager' },
        f.cursor ? h('button', { type: 'button', text: '‹ Newest', on: { click: () => go(`#/logs${qs(base)}`) } }) : null,
        list.pagination.has_next ? h('button', { type: 'button', text: 'Older ›', on: { click: () => go(`#/logs${qs(Object.assign({}, base, { cursor: list.pagination.next_cursor }))}`) } }) : null)];
  };

  function logDetail(r, keyName) {
    const dl = h('dl', { class: 'detail' });
    const row = (k, v) => append(dl, [h('dt', { text: k }), h('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]);
    row('Request id', h('code', { text: r.request_id }));
    row('Time', fmtTime(r.created_at));
    row('Method and path', h('code', { text: `${r.method} ${r.path}${r.query ? '?' + r.query : ''}` }));
    row('Route', r.route);
    row('Status', String(r.status));
    row('Duration', `${r.duration_ms} ms`);
    row('Key', r.api_key_id ? `${keyName(r.api_key_id)} (${r.api_key_id})` : null);
    row('Operator', r.operator_id);
    row('Client IP', r.client_ip);
    row('Origin app', r.origin_app);
    row('User agent', r.user_agent);
    const dlg = openDialog('Request', dl, [h('button', { type: 'button', text: 'Close', on: { click: () => dlg.close() } })]);
  }

  // ---- subaccounts --------------------------------------------------------------------------
  pages.subaccounts = async function (_, params) {
    const page = params.get('page') || '1';
    const list = await api('GET', `/subaccounts${qs({ page, limit: 20 })}`);
    const rows = list.data.map((s) => h('tr', {},
      h('td', { text: s.name }), h('td', { text: s.currency }), h('td', { text: s.timezone }),
      h('td', {}, s.sandbox ? h('span', { class: 'badge test', text: 'sandbox' }) : h('span', { class: 'badge live', text: 'live' })),
      h('td', { class: 'num', text: `${s.min_start_battery_percent} %` }),
      h('td', {}, canWrite() ? h('button', { type: 'button', class: 'small', text: 'Rename', on: { click: () => renameSubaccount(s) } }) : null)));
    return [
      pageHeader('Subaccounts', 'Markets, cities or brands inside your account. Test keys reach sandbox subaccounts only.',
        canWrite() ? h('button', { type: 'button', class: 'primary', id: 'new-subaccount', text: 'New subaccount', on: { click: newSubaccount } }) : null),
      table(['Name', 'Currency', 'Timezone', 'Kind', 'Min. battery to start', ''], rows),
      pager(list.pagination, (p) => go(`#/subaccounts?page=${p}`))];
  };

  function newSubaccount() {
    const name = h('input', { type: 'text', required: true, maxlength: 200 });
    const currency = h('input', { type: 'text', maxlength: 3, placeholder: 'EUR' });
    const tz = h('input', { type: 'text', maxlength: 64, placeholder: 'Europe/Berlin' });
    const sandbox = h('input', { type: 'checkbox' });
    sandbox.id = nextId('sb');
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'form' }, field('Name', name), h('div', { class: 'row' }, field('Currency (ISO 4217)', currency), field('Timezone', tz)),
      h('label', { class: 'check', for: sandbox.id }, sandbox, ' Sandbox (for test keys)'), err,
      h('div', { class: 'actions' }, h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } }), h('button', { type: 'submit', class: 'primary', text: 'Create' })));
    const dlg = openDialog('New subaccount', form, []);
    name.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = { name: name.value, sandbox: sandbox.checked };
      if (currency.value) body.currency = currency.value.toUpperCase();
      if (tz.value) body.timezone = tz.value;
      try {
        await api('POST', '/subaccounts', body);
        state.subaccounts = null;
        dlg.close();
        route();
      } catch (e) { if (!(e instanceof Halt)) err.textContent = e.message; }
    });
  }

  function renameSubaccount(s) {
    const name = h('input', { type: 'text', required: true, maxlength: 200, value: s.name });
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'form' }, field('Name', name), err,
      h('div', { class: 'actions' }, h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } }), h('button', { type: 'submit', class: 'primary', text: 'Save' })));
    const dlg = openDialog('Rename subaccount', form, []);
    name.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api('PATCH', `/subaccounts/${s.id}`, { name: name.value });
        state.subaccounts = null;
        dlg.close();
        route();
      } catch (e) { if (!(e instanceof Halt)) err.textContent = e.message; }
    });
  }

  // ---- operators ----------------------------------------------------------------------------
  pages.operators = async function (_, params) {
    const page = params.get('page') || '1';
    const list = await api('GET', `/operators${qs({ page, limit: 20 })}`);
    const roles = [['viewer', 'Viewer (reads)'], ['admin', 'Admin (keys, webhooks, subaccounts)'], ['owner', 'Owner (also operators)']];
    const rows = list.data.map((o) => {
      let roleCell = h('span', { class: 'badge', text: o.role });
      if (isOwner() && o.id !== state.me.operator.id) {
        const sel = select('role', roles, o.role);
        sel.setAttribute('aria-label', `Role of ${o.email}`);
        sel.addEventListener('change', () => guarded(async () => {
          await api('PATCH', `/operators/${o.id}`, { role: sel.value });
          flash(`${o.email} is now ${sel.value}.`);
          route();
        }));
        roleCell = sel;
      }
      return h('tr', {},
        h('td', { text: o.name }), h('td', { text: o.email }), h('td', {}, roleCell),
        h('td', { text: fmtTime(o.last_login_at) }),
        h('td', {}, isOwner() && o.id !== state.me.operator.id
          ? h('button', { type: 'button', class: 'small danger', text: 'Remove', on: { click: () => removeOperator(o) } }) : null));
    });
    return [
      pageHeader('Operators', 'People who sign in to this console. Viewers read; admins also change keys, webhooks and subaccounts; owners also manage operators.',
        isOwner() ? h('button', { type: 'button', class: 'primary', id: 'invite-operator', text: 'Invite operator', on: { click: () => inviteOperator(roles) } }) : null),
      table(['Name', 'Email', 'Role', 'Last sign-in', ''], rows),
      pager(list.pagination, (p) => go(`#/operators?page=${p}`))];
  };

  function inviteOperator(roles) {
    const email = h('input', { type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
    const name = h('input', { type: 'text', required: true, maxlength: 200 });
    const role = select('role', roles, 'viewer');
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'form' }, field('Email', email), field('Name', name), field('Role', role), err,
      h('div', { class: 'actions' }, h('button', { type: 'button', text: 'Cancel', on: { click: () => dlg.close() } }), h('button', { type: 'submit', class: 'primary', text: 'Invite' })));
    const dlg = openDialog('Invite operator', form, []);
    email.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const res = await api('POST', '/operators', { email: email.value, name: name.value, role: role.value });
        dlg.close();
        await showSecret(`One-time password for ${res.data.operator.email}`, res.data.initial_password,
          'Give this password to the new operator over a safe channel. It is shown only once.');
        route();
      } catch (e) { if (!(e instanceof Halt)) err.textContent = e.message; }
    });
  }

  async function removeOperator(o) {
    if (!await confirmAction(`Remove ${o.email}?`, 'Their sessions end at once and they can no longer sign in.', 'Remove operator')) return;
    await guarded(async () => {
      await api('DELETE', `/operators/${o.id}`);
      flash(`${o.email} removed.`);
      route();
    });
  }

  // ---- start --------------------------------------------------------------------------------
  window.addEventListener('hashchange', () => { $('#flash').replaceChildren(); route(); });
  document.addEventListener('DOMContentLoaded', () => {
    $('#sign-out').addEventListener('click', signOut);
    route();
  });
})();
