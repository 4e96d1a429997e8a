/*
 * Chorus board page. Plain ES2020, no framework, no build step (see docs/page.md).
 *
 * Safety rule for this file: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
'use strict';

(() => {
  // ---------------------------------------------------------------- constants
  const MAX_TEXT = 1000;             // docs/api.md: longer than 1000 chars -> 400
  const MAX_NAME = 16;               // docs/api.md: username at most 16 chars
  const HISTORY_LIMIT = 200;         // recent history loaded on open
  const POLL_MS = 5000;              // polling period when SSE is unavailable
  const POLL_LIMIT = 1000;           // docs/api.md: limit at most 1000
  const SSE_OPEN_TIMEOUT_MS = 5000;  // no open within this -> fall back to polling
  const SSE_RETRY_MS = 15000;        // while polling, try SSE again this often
  const HEALTH_MS = 30000;           // /health/ready polling, persona views only
  const TICK_MS = 5000;              // relative-time refresh
  const FETCH_TIMEOUT_MS = 10000;
  const MAX_CONTEXT = 200;           // docs/api.md: context at most 200 lines
  const MAX_CONTEXT_LINE = 1000;     // docs/api.md: ... of at most 1000 chars each
  const MAX_STORED = 5000;           // messages kept in memory by the page
  const REPLY_WAIT_MS = 120000;      // stop showing "is replying…" after this
  const DEFAULT_COLOR = '096165250';
  const LS_USERNAME = 'chorus.username';
  const LS_COLOR = 'chorus.color';
  const HASH_ORDER = ['u', 'word', '-word', 'filteractive', 'mt', 'uis', 'ais', 'entity', 'priority', 'model', 'nom'];

  // ---------------------------------------------------------------- pure helpers
  const COLOR_RE = /^(\d{3})(\d{3})(\d{3})$/;

  function isValidColor(c) {
    const m = COLOR_RE.exec(String(c || ''));
    return !!m && +m[1] <= 255 && +m[2] <= 255 && +m[3] <= 255;
  }

  function colorChannels(c) {
    const m = COLOR_RE.exec(isValidColor(c) ? c : DEFAULT_COLOR);
    return [+m[1], +m[2], +m[3]];
  }

  function colorToRgb(c) {
    const [r, g, b] = colorChannels(c);
    return `rgb(${r}, ${g}, ${b})`;
  }

  const pad3 = (n) => String(Math.max(0, Math.min(255, Math.round(n)))).padStart(3, '0');
  const channelsToColor = (r, g, b) => pad3(r) + pad3(g) + pad3(b);

  function colorToHex(c) {
    return '#' + colorChannels(c).map((v) => v.toString(16).padStart(2, '0')).join('');
  }

  function hexToColor(hex) {
    const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '');
    return m ? channelsToColor(parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)) : null;
  }

  function randomUnit() {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] / 4294967296;
  }

  /** A bright, saturated color that reads well on the dark background. */
  function randomBrightColor() {
    const h = randomUnit() * 360;
    const s = 0.75 + randomUnit() * 0.25;
    const l = 0.58 + randomUnit() * 0.12;
    const k = (n) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return channelsToColor(f(0) * 255, f(8) * 255, f(4) * 255);
  }

  const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

  /** Client message id: [A-Za-z0-9_-], 1-64 chars (docs/api.md), unique enough to make a retry idempotent. */
  function newMessageId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    let rnd = '';
    for (const b of bytes) rnd += ID_ALPHABET[b % ID_ALPHABET.length];
    return `c${Date.now().toString(36)}-${rnd}`;
  }

  /** The server's rule: trimmed, runs of whitespace become one space. */
  const normalizeText = (t) => String(t || '').trim().replace(/\s+/g, ' ');

  /** Like the server's user search: lower-cased, non-alphanumerics removed. */
  const normalizeName = (n) => String(n || '').toLowerCase().replace(/[^a-z0-9]/g, '');

  function validateUsername(name) {
    if (!name) return 'Choose a name.';
    if (/\s/.test(name)) return 'A name cannot contain spaces.';
    if (name.length > MAX_NAME) return `A name is at most ${MAX_NAME} characters.`;
    return null;
  }

  function relativeTime(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 5) return 'just now';
    if (s < 60) return `${s}s ago`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m ago`;
    const h = Math.floor(m / 60);
    if (h < 24) return `${h}h ago`;
    const d = Math.floor(h / 24);
    if (d < 365) return `${d}d ago`;
    return `${Math.floor(d / 365)}y ago`;
  }

  function safeDecode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  }

  /** "name:RRRGGGBBB", "name:random" or "name" -> {name, color|null, random}. */
  function parseIdentity(value) {
    const v = String(value || '');
    const i = v.lastIndexOf(':');
    if (i > 0) {
      const tail = v.slice(i + 1);
      if (tail.toLowerCase() === 'random') return { name: v.slice(0, i), color: null, random: true };
      if (isValidColor(tail)) return { name: v.slice(0, i), color: tail, random: false };
    }
    return { name: v, color: null, random: false };
  }

  const encodeIdentity = (idt) =>
    encodeURIComponent(idt.name) + (idt.color ? ':' + idt.color : idt.random ? ':random' : '');

  const isMessage = (m) =>
    m && typeof m === 'object' && typeof m.id === 'string' && m.id !== '' &&
    Number.isFinite(m.timestamp) && Math.abs(m.timestamp) < 8.64e15 && typeof m.text === 'string';

  const messageType = (m) => (m['message-type'] === 'AI' ? 'AI' : 'human');

  // ---------------------------------------------------------------- URL hash (the view)
  /*
   * #k=v&k=v, values URL-decoded. For u / word / -word, '+' separates items (a literal '+'
   * is %2B) and the parameter may repeat; items accumulate. Unknown keys are kept as-is.
   */
  function emptyView() {
    return {
      mt: 'ALL', users: [], words: [], notWords: [], filterActive: null,
      uis: null, ais: null, entity: null, priority: null, model: null, nom: null, extra: [],
    };
  }

  function parseHash(hash) {
    const view = emptyView();
    const raw = String(hash || '').replace(/^#/, '');
    if (!raw) return view;
    for (const part of raw.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      const items = () => value.split('+').map(safeDecode).map((s) => s.trim()).filter(Boolean);
      switch (key) {
        case 'mt': {
          const v = safeDecode(value);
          const mt = v.toLowerCase() === 'human' ? 'human' : v.toLowerCase() === 'ai' ? 'AI' : v.toUpperCase() === 'ALL' ? 'ALL' : null;
          if (mt) view.mt = mt;
          break;
        }
        case 'u':
          for (const it of items()) {
            const idt = parseIdentity(it);
            if (idt.name && !view.users.some((u) => sameChip(u, idt))) view.users.push({ name: idt.name, color: idt.color });
          }
          break;
        case 'word':
          for (const w of items()) if (!view.words.includes(w)) view.words.push(w);
          break;
        case '-word':
          for (const w of items()) if (!view.notWords.includes(w)) view.notWords.push(w);
          break;
        case 'filteractive':
          view.filterActive = safeDecode(value).toLowerCase() === 'true';
          break;
        case 'uis':
        case 'ais': {
          const idt = parseIdentity(safeDecode(value).trim());
          view[key] = idt.name ? idt : null;
          break;
        }
        case 'entity':
        case 'model': {
          const v = safeDecode(value).trim();
          view[key] = v || null;
          break;
        }
        case 'priority': {
          const n = Number(safeDecode(value));
          view.priority = Number.isInteger(n) && n >= 0 && n <= 99 ? n : null;
          break;
        }
        case 'nom': {
          const v = safeDecode(value).trim();
          const n = Number(v);
          view.nom = v.toUpperCase() === 'ALL' ? 'ALL' : Number.isInteger(n) && n > 0 ? n : null;
          break;
        }
        default:
          view.extra.push(part);
      }
    }
    return view;
  }

  function sameChip(a, b) {
    return a.name === b.name && (a.color || '') === (b.color || '');
  }

  function hasContentFilters(view) {
    return view.users.length > 0 || view.words.length > 0 || view.notWords.length > 0;
  }

  /** filteractive absent: on when the view has user or word filters (a shared filter link filters). */
  function filtersActive(view) {
    return view.filterActive === null ? hasContentFilters(view) : view.filterActive;
  }

  function buildHash(view) {
    const p = {};
    if (view.users.length) {
      p.u = view.users.map((u) => encodeURIComponent(u.name) + (u.color ? ':' + u.color : '')).join('+');
    }
    if (view.words.length) p.word = view.words.map(encodeURIComponent).join('+');
    if (view.notWords.length) p['-word'] = view.notWords.map(encodeURIComponent).join('+');
    if (view.filterActive !== null) p.filteractive = String(view.filterActive);
    if (view.mt !== 'ALL') p.mt = view.mt;
    if (view.uis) p.uis = encodeIdentity(view.uis);
    if (view.ais) p.ais = encodeIdentity(view.ais);
    if (view.entity) p.entity = encodeURIComponent(view.entity);
    if (view.priority !== null) p.priority = String(view.priority);
    if (view.model) p.model = encodeURIComponent(view.model);
    if (view.nom !== null) p.nom = String(view.nom);
    const parts = HASH_ORDER.filter((k) => k in p).map((k) => `${k}=${p[k]}`).concat(view.extra);
    return parts.length ? '#' + parts.join('&') : '';
  }

  const cloneView = (v) => JSON.parse(JSON.stringify(v));

  // ---------------------------------------------------------------- DOM handles
  const $ = (id) => document.getElementById(id);
  const ui = {
    body: document.body,
    username: $('username'),
    color: $('color'),
    colorPicker: $('color-picker'),
    swatch: $('color-swatch'),
    randomColor: $('random-color'),
    identityError: $('identity-error'),
    identityNote: $('identity-note'),
    connectionBanner: $('connection-banner'),
    connectionBannerText: $('connection-banner-text'),
    personaBanner: $('persona-banner'),
    liveStatus: $('live-status'),
    filters: $('filters'),
    mtRadios: Array.from(document.querySelectorAll('input[name="mt"]')),
    filterActive: $('filter-active'),
    userChips: $('user-chips'),
    wordChips: $('word-chips'),
    wordForm: $('word-form'),
    wordInput: $('word-input'),
    persona: $('persona'),
    personaName: $('persona-name'),
    personaWaiting: $('persona-waiting'),
    stream: $('stream'),
    streamEmpty: $('stream-empty'),
    newMessages: $('new-messages'),
    postForm: $('post-form'),
    input: $('message-input'),
    charCount: $('char-count'),
    send: $('send'),
    postError: $('post-error'),
    postStatus: $('post-status'),
  };

  // ---------------------------------------------------------------- state
  const state = {
    view: emptyView(),
    stored: { name: '', color: DEFAULT_COLOR },  // identity remembered in localStorage
    identity: { name: '', color: DEFAULT_COLOR }, // identity in force (uis overrides stored)
    messages: [],            // sorted by timestamp, oldest first
    byId: new Map(),         // id -> message (de-duplication)
    rendered: new Map(),     // id -> <li> for messages currently in the DOM
    ownIds: new Set(),       // ids this page posted successfully
    cursor: 0,               // newest server timestamp seen
    historyLoaded: false,
    es: null,                // current EventSource
    sseOpenTimer: 0,
    sseRetryTimer: 0,
    pollTimer: 0,
    polling: false,          // a poll is in flight
    down: false,             // server unreachable banner shown
    clockSkew: 0,            // server clock - local clock (ms), from the Date header
    sending: false,
    pending: null,           // {id, text}: a failed post's id, reused when the same text is retried
    unseen: 0,
    stuckToBottom: true,     // the reader is at the bottom (kept across resizes)
    healthTimer: 0,
    healthInFlight: false,
    waitingReplyTo: null,
    waitingTimer: 0,
  };

  // ---------------------------------------------------------------- storage
  function lsGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function lsSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* private mode: the identity just is not remembered */
    }
  }

  function loadStoredIdentity() {
    let name = lsGet(LS_USERNAME) || '';
    let color = lsGet(LS_COLOR) || '';
    if (validateUsername(name)) {
      name = 'guest' + String(Math.floor(randomUnit() * 10000)).padStart(4, '0');
      lsSet(LS_USERNAME, name);
    }
    if (!isValidColor(color)) {
      color = randomBrightColor();
      lsSet(LS_COLOR, color);
    }
    state.stored = { name, color };
  }

  // ---------------------------------------------------------------- network helpers
  async function apiFetch(path, options = {}) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), FETCH_TIMEOUT_MS);
    const started = Date.now();
    try {
      const res = await fetch(path, {
        cache: 'no-store',
        credentials: 'same-origin',
        ...options,
        headers: { Accept: 'application/json', ...(options.headers || {}) },
        signal: ctrl.signal,
      });
      const date = Date.parse(res.headers.get('Date') || '');
      if (!Number.isNaN(date)) {
        // Date has 1 s resolution; only correct clocks that are clearly off.
        const skew = date - (started + Date.now()) / 2;
        state.clockSkew = Math.abs(skew) > 2000 ? skew : 0;
      }
      return res;
    } finally {
      clearTimeout(timer);
    }
  }

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** The server's error text ({"error", "field"}), or a sentence for a person when the body has none. */
  async function readError(res) {
    let error = '';
    let field = null;
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') error = body.error;
      if (body && typeof body.field === 'string') field = body.field;
    } catch (e) {
      /* not JSON: fall back below */
    }
    if (!error) {
      const fallback = {
        400: 'The server did not accept this message.',
        401: 'Not allowed.',
        413: 'The message is too large.',
        415: 'The server did not understand the request.',
        429: 'Too many messages. Please wait a moment.',
        503: 'The server is busy. Please try again shortly.',
      };
      error = fallback[res.status] || `The server answered ${res.status}.`;
    }
    const retryAfter = res.status === 429 ? Number(res.headers.get('Retry-After')) : NaN;
    return { error, field, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
  }

  // ---------------------------------------------------------------- connection state
  function announce(text) {
    ui.liveStatus.textContent = '';
    // A fresh text node makes screen readers announce even a repeated sentence.
    ui.liveStatus.appendChild(document.createTextNode(text));
  }

  function markUp() {
    ui.body.dataset.connection = 'up';
    if (state.down) {
      state.down = false;
      ui.connectionBanner.hidden = true;
      announce('Connected to the server again.');
    }
  }

  function markDown() {
    ui.body.dataset.connection = 'down';
    if (!state.down) {
      state.down = true;
      ui.connectionBannerText.textContent = "Can't reach the server. Retrying… (nothing you type is lost)";
      ui.connectionBanner.hidden = false;
    }
  }

  function setTransport(t) {
    ui.body.dataset.transport = t;
  }

  // ---------------------------------------------------------------- message store
  /**
   * Adds messages (any order, duplicates allowed) to the store and the DOM.
   * options.scroll: scroll to the bottom whatever the reader's position (own post).
   * options.feed: the list comes from a gap-free feed (history, SSE, polling), so it may advance the
   * polling cursor. A POST answer must not: messages stored just before ours may not have reached us yet.
   * options.quiet: store only; the caller re-renders everything (history load).
   */
  function ingest(list, options = {}) {
    const wasAtBottom = isAtBottom();
    let added = 0;
    for (const m of list) {
      if (!isMessage(m)) continue;
      if (options.feed && m.timestamp > state.cursor) state.cursor = m.timestamp;
      if (state.byId.has(m.id)) continue;
      if (state.messages.length >= MAX_STORED && m.timestamp < state.messages[0].timestamp) continue;
      insertSorted(m);
      state.byId.set(m.id, m);
      if (state.waitingReplyTo && m.replyTo === state.waitingReplyTo) stopWaiting();
      // A persona reply is news about the persona service too.
      if (m.replyTo && !ui.personaBanner.hidden && state.view.entity) checkHealth();
      if (!options.quiet && isVisible(m)) {
        renderInsert(m);
        added++;
      }
    }
    trimStore();
    if (!added) return;
    updateEmpty();
    if (wasAtBottom || options.scroll) {
      scrollToBottom();
    } else {
      state.unseen += added;
      showNewMarker();
    }
  }

  function insertSorted(m) {
    const a = state.messages;
    if (!a.length || a[a.length - 1].timestamp <= m.timestamp) {
      a.push(m);
      return;
    }
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].timestamp <= m.timestamp) lo = mid + 1;
      else hi = mid;
    }
    a.splice(lo, 0, m);
  }

  function trimStore() {
    while (state.messages.length > MAX_STORED) {
      const old = state.messages.shift();
      state.byId.delete(old.id);
      const node = state.rendered.get(old.id);
      if (node) {
        node.remove();
        state.rendered.delete(old.id);
      }
    }
  }

  // ---------------------------------------------------------------- the view's filter
  function identityMatches(idt, m) {
    return !!idt && !!idt.color && (m.username || '') === idt.name && m.color === idt.color;
  }

  function isOwn(m) {
    return state.ownIds.has(m.id) || identityMatches(state.identity, m);
  }

  /** Persona view: the user's messages, the persona's (ais) messages, and replies to the user's messages. */
  function inConversation(m) {
    if (isOwn(m)) return true;
    if (state.view.ais && identityMatches(state.view.ais, m)) return true;
    if (m.replyTo) {
      if (state.ownIds.has(m.replyTo)) return true;
      const parent = state.byId.get(m.replyTo);
      if (parent && isOwn(parent)) return true;
    }
    return false;
  }

  function chipMatches(chip, m) {
    return normalizeName(chip.name) === normalizeName(m.username) && (!chip.color || chip.color === m.color);
  }

  function isVisible(m) {
    const v = state.view;
    if (v.mt !== 'ALL' && messageType(m) !== v.mt) return false;
    if (v.entity && !inConversation(m)) return false;
    if (filtersActive(v)) {
      if (v.users.length && !v.users.some((c) => chipMatches(c, m))) return false;
      if (v.words.length || v.notWords.length) {
        const text = m.text.toLowerCase();
        if (!v.words.every((w) => text.includes(w.toLowerCase()))) return false;
        if (v.notWords.some((w) => text.includes(w.toLowerCase()))) return false;
      }
    }
    return true;
  }

  const visibleMessages = () => state.messages.filter(isVisible);

  // ---------------------------------------------------------------- rendering
  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  /** Appends text to parent, turning http(s) URLs into links. Text nodes only, never HTML. */
  function appendLinkified(parent, text) {
    let last = 0;
    URL_RE.lastIndex = 0;
    let match;
    while ((match = URL_RE.exec(text)) !== null) {
      let raw = match[0];
      // Sentence punctuation after a URL is not part of it; neither is an unbalanced ')'.
      for (;;) {
        const trimmed = raw.replace(/[.,;:!?'"\]}>]+$/, '');
        const opens = (trimmed.match(/\(/g) || []).length;
        const closes = (trimmed.match(/\)/g) || []).length;
        const next = trimmed.endsWith(')') && closes > opens ? trimmed.slice(0, -1) : trimmed;
        if (next === raw) break;
        raw = next;
      }
      let href = null;
      try {
        const u = new URL(raw);
        if (u.protocol === 'http:' || u.protocol === 'https:') href = u.href;
      } catch (e) {
        href = null;
      }
      const start = match.index;
      if (!href) continue;
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      const a = document.createElement('a');
      a.href = href;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = raw;
      parent.appendChild(a);
      last = start + raw.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function serverNow() {
    return Date.now() + state.clockSkew;
  }

  function renderMessage(m) {
    const type = messageType(m);
    const name = m.username || 'anonymous';
    const li = document.createElement('li');
    li.className = 'msg' + (type === 'AI' ? ' msg-ai' : '') + (isOwn(m) ? ' msg-own' : '');
    li.dataset.testid = 'message';
    li.dataset.id = m.id;
    li.dataset.type = type;
    li.dataset.timestamp = String(m.timestamp);
    li.dataset.username = m.username || '';
    li.dataset.color = m.color || '';
    if (m.replyTo) li.dataset.replyTo = m.replyTo;
    if (isOwn(m)) li.dataset.own = 'true';
    li.style.setProperty('--user-color', colorToRgb(m.color));

    const meta = document.createElement('div');
    meta.className = 'msg-meta';

    const who = document.createElement('button');
    who.type = 'button';
    who.className = 'msg-name';
    who.dataset.testid = 'message-username';
    who.textContent = name;
    who.title = `Show messages from ${name}`;
    who.setAttribute('aria-label', `${name}, ${type === 'AI' ? 'AI' : 'person'}. Filter by this user`);
    who.addEventListener('click', () => addUserChip(m.username || '', m.color || null));
    meta.appendChild(who);

    if (type === 'AI') {
      const badge = document.createElement('span');
      badge.className = 'badge badge-ai';
      badge.textContent = 'AI';
      meta.appendChild(badge);
    }

    const time = document.createElement('time');
    time.className = 'msg-time';
    const date = new Date(m.timestamp);
    time.dateTime = date.toISOString();
    time.title = date.toLocaleString();
    time.dataset.ts = String(m.timestamp);
    time.textContent = relativeTime(serverNow() - m.timestamp);
    meta.appendChild(time);

    if (m.replyTo) {
      const reply = document.createElement('span');
      reply.className = 'msg-reply';
      const parent = state.byId.get(m.replyTo);
      reply.textContent = parent ? `replying to ${parent.username || 'anonymous'}` : 'reply';
      meta.appendChild(reply);
    }

    const body = document.createElement('p');
    body.className = 'msg-text';
    body.dataset.testid = 'message-text';
    appendLinkified(body, m.text);

    li.append(meta, body);
    return li;
  }

  /** Inserts m's element before the first rendered message that is newer. */
  function renderInsert(m) {
    const li = renderMessage(m);
    state.rendered.set(m.id, li);
    const a = state.messages;
    let idx = a.length - 1;
    if (a[idx] !== m) idx = a.indexOf(m);
    for (let i = idx + 1; i < a.length; i++) {
      const next = state.rendered.get(a[i].id);
      if (next) {
        ui.stream.insertBefore(li, next);
        return;
      }
    }
    ui.stream.appendChild(li);
  }

  function renderAll() {
    state.rendered.clear();
    const frag = document.createDocumentFragment();
    for (const m of state.messages) {
      if (!isVisible(m)) continue;
      const li = renderMessage(m);
      state.rendered.set(m.id, li);
      frag.appendChild(li);
    }
    ui.stream.replaceChildren(frag);
    updateEmpty();
    state.unseen = 0;
    hideNewMarker();
    scrollToBottom();
  }

  function updateEmpty() {
    const empty = state.rendered.size === 0;
    ui.streamEmpty.hidden = !empty || !state.historyLoaded;
    if (empty) {
      ui.streamEmpty.textContent = state.messages.length
        ? 'No messages match this view.'
        : state.view.entity
          ? 'Say something to start the conversation.'
          : 'No messages yet. Say something!';
    }
  }

  function tickTimes() {
    const now = serverNow();
    for (const t of ui.stream.querySelectorAll('time[data-ts]')) {
      const text = relativeTime(now - Number(t.dataset.ts));
      if (t.textContent !== text) t.textContent = text;
    }
  }

  // ---------------------------------------------------------------- scrolling
  function isAtBottom() {
    const s = ui.stream;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= 48;
  }

  function scrollToBottom() {
    ui.stream.scrollTop = ui.stream.scrollHeight;
    state.stuckToBottom = true;
    state.unseen = 0;
    hideNewMarker();
  }

  function showNewMarker() {
    ui.newMessages.textContent = state.unseen === 1 ? '1 new message ↓' : `${state.unseen} new messages ↓`;
    ui.newMessages.hidden = false;
  }

  function hideNewMarker() {
    ui.newMessages.hidden = true;
  }

  // ---------------------------------------------------------------- transport: history, SSE, polling
  async function loadHistory() {
    try {
      const res = await apiFetch(`/api/comments?limit=${HISTORY_LIMIT}`);
      if (!res.ok) throw new HttpError(res.status, (await readError(res)).error);
      const page = await res.json();
      const comments = page && Array.isArray(page.comments) ? page.comments : Array.isArray(page) ? page : [];
      state.historyLoaded = true;
      ingest(comments, { feed: true, quiet: true });
      renderAll();
      markUp();
      ui.body.dataset.ready = 'true';
      connectSse();
    } catch (e) {
      markDown();
      setTimeout(loadHistory, POLL_MS);
    }
  }

  function clearSseOpenTimer() {
    clearTimeout(state.sseOpenTimer);
    state.sseOpenTimer = 0;
  }

  function connectSse() {
    clearTimeout(state.sseRetryTimer);
    state.sseRetryTimer = 0;
    if (!('EventSource' in window)) {
      startPolling();
      return;
    }
    if (state.es) state.es.close();
    const es = new EventSource(`/api/stream?after=${encodeURIComponent(state.cursor)}`);
    state.es = es;
    const armOpenTimer = () => {
      clearSseOpenTimer();
      state.sseOpenTimer = setTimeout(() => {
        if (state.es === es && es.readyState !== EventSource.OPEN) sseFailed(es);
      }, SSE_OPEN_TIMEOUT_MS);
    };
    armOpenTimer();
    es.onopen = () => {
      if (state.es !== es) return;
      clearSseOpenTimer();
      stopPolling();
      setTransport('sse');
      markUp();
    };
    es.addEventListener('message', (ev) => {
      if (state.es !== es) return;
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      ingest([m], { feed: true });
    });
    es.onerror = () => {
      if (state.es !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        sseFailed(es);
      } else {
        // The browser reconnects on its own (sending Last-Event-ID). Give it a few seconds,
        // and meanwhile check the server with one poll, which also fills any gap.
        armOpenTimer();
        pollOnce();
      }
    };
  }

  function sseFailed(es) {
    if (state.es === es) {
      es.close();
      state.es = null;
    }
    clearSseOpenTimer();
    startPolling();
    clearTimeout(state.sseRetryTimer);
    state.sseRetryTimer = setTimeout(connectSse, SSE_RETRY_MS);
  }

  function startPolling() {
    setTransport('polling');
    if (!state.pollTimer) {
      state.pollTimer = setInterval(pollOnce, POLL_MS);
      pollOnce();
    }
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = 0;
  }

  async function pollOnce() {
    if (state.polling) return;
    state.polling = true;
    try {
      for (;;) {
        const res = await apiFetch(`/api/comments?after=${encodeURIComponent(state.cursor)}&limit=${POLL_LIMIT}`);
        if (!res.ok) throw new HttpError(res.status, (await readError(res)).error);
        const list = await res.json();
        if (!Array.isArray(list)) throw new HttpError(res.status, 'Unexpected answer from the server.');
        markUp();
        ingest(list.slice().reverse(), { feed: true }); // newest first on the wire
        if (list.length < POLL_LIMIT) break;
      }
    } catch (e) {
      markDown();
    } finally {
      state.polling = false;
    }
  }

  // ---------------------------------------------------------------- posting
  function updateCounter() {
    const n = normalizeText(ui.input.value).length;
    ui.charCount.textContent = `${n} / ${MAX_TEXT}`;
    ui.charCount.classList.toggle('near', n > MAX_TEXT * 0.9 && n <= MAX_TEXT);
    ui.charCount.classList.toggle('over', n > MAX_TEXT);
    ui.input.setAttribute('aria-invalid', String(n > MAX_TEXT));
    ui.send.disabled = state.sending || n > MAX_TEXT;
  }

  function showPostError(text, status) {
    ui.postError.textContent = text;
    ui.postError.dataset.status = String(status);
    ui.postError.hidden = false;
  }

  function clearPostError() {
    ui.postError.hidden = true;
    ui.postError.textContent = '';
    delete ui.postError.dataset.status;
    ui.username.removeAttribute('aria-invalid');
    ui.color.removeAttribute('aria-invalid');
  }

  function contextLines() {
    const visible = visibleMessages();
    const n = typeof state.view.nom === 'number' ? Math.min(state.view.nom, MAX_CONTEXT) : MAX_CONTEXT;
    return visible.slice(-n).map((m) => `${m.username || 'anonymous'}: ${m.text}`.slice(0, MAX_CONTEXT_LINE));
  }

  function botParams() {
    const v = state.view;
    const p = { entity: v.entity };
    if (v.priority !== null) p.priority = v.priority;
    if (v.model) p.model = v.model;
    if (v.ais) p.ais = v.ais.color ? `${v.ais.name}:${v.ais.color}` : `${v.ais.name}:random`;
    if (v.nom !== null) p.nom = v.nom;
    return p;
  }

  async function send() {
    if (state.sending) return;
    const raw = ui.input.value;
    const length = normalizeText(raw).length;
    if (length === 0) {
      ui.input.focus();
      return;
    }
    if (length > MAX_TEXT) {
      showPostError(`Too long: ${length} characters. The limit is ${MAX_TEXT}.`, 0);
      return;
    }
    const identityProblem = validateUsername(state.identity.name) || (isValidColor(state.identity.color) ? null : 'Choose a color as 9 digits, RRRGGGBBB.');
    if (identityProblem) {
      showPostError(identityProblem, 0);
      return;
    }

    // Same text as a failed attempt: same id, so a post that did reach the server is not stored twice.
    if (!state.pending || state.pending.text !== raw) state.pending = { id: newMessageId(), text: raw };
    const id = state.pending.id;
    const body = {
      id,
      text: raw,
      username: state.identity.name,
      color: state.identity.color,
      domain: window.location.host,
      'message-type': 'human',
    };
    if (state.view.entity) {
      body.botParams = botParams();
      body.context = contextLines();
    }

    state.sending = true;
    ui.input.readOnly = true;
    ui.postForm.setAttribute('aria-busy', 'true');
    ui.postStatus.textContent = 'Sending…';
    clearPostError();
    updateCounter();
    try {
      let res;
      try {
        res = await apiFetch('/api/comments', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (e) {
        markDown();
        showPostError("Couldn't reach the server, so your message was not sent. It is still in the box: press Enter to try again.", 0);
        ui.postStatus.textContent = '';
        return;
      }
      markUp();
      if (!res.ok) {
        const err = await readError(res);
        let text = err.error;
        if (err.retryAfter && !/try again/i.test(text)) text += ` Try again in ${err.retryAfter} s.`;
        showPostError(text, res.status);
        if (err.field === 'username') ui.username.setAttribute('aria-invalid', 'true');
        if (err.field === 'color') ui.color.setAttribute('aria-invalid', 'true');
        ui.postStatus.textContent = '';
        // A 4xx post was not stored: a retry (even of the same text) is a new message. After a 5xx
        // (perhaps from a proxy) keep the id, so a retry cannot store the message twice.
        if (res.status < 500) state.pending = null;
        return;
      }
      let stored = null;
      try {
        stored = await res.json();
      } catch (e) {
        stored = null; // 2xx means durable; the stream will bring it
      }
      state.ownIds.add(id);
      state.pending = null;
      if (ui.input.value === raw) ui.input.value = '';
      ui.postStatus.textContent = 'Sent.';
      setTimeout(() => {
        if (ui.postStatus.textContent === 'Sent.') ui.postStatus.textContent = '';
      }, 2000);
      if (isMessage(stored)) ingest([stored], { scroll: true });
      else scrollToBottom();
      if (state.view.entity) startWaiting(id);
    } finally {
      state.sending = false;
      ui.input.readOnly = false;
      ui.postForm.removeAttribute('aria-busy');
      updateCounter();
      ui.input.focus();
    }
  }

  function startWaiting(id) {
    // Already answered (the reply came through the stream first)?
    if (state.messages.some((m) => m.replyTo === id)) return;
    state.waitingReplyTo = id;
    ui.personaWaiting.hidden = false;
    clearTimeout(state.waitingTimer);
    state.waitingTimer = setTimeout(stopWaiting, REPLY_WAIT_MS);
  }

  function stopWaiting() {
    state.waitingReplyTo = null;
    ui.personaWaiting.hidden = true;
    clearTimeout(state.waitingTimer);
  }

  // ---------------------------------------------------------------- persona health
  async function checkHealth() {
    if (state.healthInFlight) return;
    state.healthInFlight = true;
    let body;
    try {
      const res = await apiFetch('/health/ready');
      body = await res.json(); // MicroProfile Health answers 503 with the same JSON when DOWN
    } catch (e) {
      return; // unreachable is the connection banner's business
    } finally {
      state.healthInFlight = false;
    }
    if (!state.view.entity) return; // left the persona view meanwhile
    const checks = body && Array.isArray(body.checks) ? body.checks : [];
    // The persona check ("llm" in its name) may stay UP for readiness and report the servers in data.state.
    const isDown = (v) => String(v || '').toUpperCase() === 'DOWN';
    const down = checks.some((c) => c && /llm/i.test(String(c.name || ''))
      && (isDown(c.status) || isDown(c.data && c.data.state)));
    ui.personaBanner.hidden = !down;
    ui.body.dataset.persona = down ? 'down' : 'up';
  }

  function startHealth() {
    if (state.healthTimer) return;
    state.healthTimer = setInterval(checkHealth, HEALTH_MS);
    checkHealth();
  }

  function stopHealth() {
    clearInterval(state.healthTimer);
    state.healthTimer = 0;
    ui.personaBanner.hidden = true;
    delete ui.body.dataset.persona;
  }

  // ---------------------------------------------------------------- identity UI
  function renderIdentity() {
    const { name, color } = state.identity;
    if (document.activeElement !== ui.username) ui.username.value = name;
    if (document.activeElement !== ui.color) ui.color.value = color;
    ui.colorPicker.value = colorToHex(color);
    ui.swatch.style.setProperty('--user-color', colorToRgb(color));
    ui.identityNote.hidden = !state.view.uis;
    ui.identityNote.textContent = state.view.uis ? 'This link sets your name and color for this view.' : '';
  }

  function identityError(text, input) {
    ui.identityError.textContent = text || '';
    ui.identityError.hidden = !text;
    for (const field of [ui.username, ui.color]) {
      if (text && input === field) field.setAttribute('aria-invalid', 'true');
      else field.removeAttribute('aria-invalid');
    }
  }

  /** Commits a valid identity: into the hash (uis) in a uis view, otherwise into localStorage. */
  function commitIdentity(name, color) {
    state.identity = { name, color };
    if (state.view.uis) {
      state.view.uis = { name, color, random: false };
      history.replaceState(null, '', window.location.pathname + window.location.search + buildHash(state.view));
    } else {
      state.stored = { name, color };
      lsSet(LS_USERNAME, name);
      lsSet(LS_COLOR, color);
    }
    renderIdentity();
    // Own-message highlighting and the persona conversation depend on the identity.
    renderAll();
  }

  function onUsernameInput() {
    const name = ui.username.value;
    const problem = validateUsername(name);
    identityError(problem, ui.username);
    if (!problem && name !== state.identity.name) commitIdentity(name, state.identity.color);
  }

  function onColorInput() {
    const color = ui.color.value.trim();
    if (!isValidColor(color)) {
      identityError('A color is 9 digits, RRRGGGBBB, each channel 000-255.', ui.color);
      return;
    }
    identityError(null);
    if (color !== state.identity.color) commitIdentity(state.identity.name, color);
  }

  // ---------------------------------------------------------------- filter UI
  function renderFilters() {
    const v = state.view;
    for (const r of ui.mtRadios) r.checked = r.value === v.mt;
    ui.filterActive.checked = filtersActive(v);
    ui.filters.dataset.active = String(filtersActive(v));

    const chips = v.users.map((u, i) => {
      const li = document.createElement('li');
      li.className = 'chip chip-user';
      li.dataset.testid = 'user-chip';
      li.dataset.username = u.name;
      li.dataset.color = u.color || '';
      li.style.setProperty('--user-color', colorToRgb(u.color));
      const label = document.createElement('span');
      label.className = 'chip-label';
      label.textContent = u.name;
      const x = document.createElement('button');
      x.type = 'button';
      x.className = 'chip-remove';
      x.dataset.testid = 'chip-remove';
      x.setAttribute('aria-label', `Remove filter ${u.name}`);
      x.textContent = '×';
      x.addEventListener('click', () => changeView((nv) => nv.users.splice(i, 1)));
      li.append(label, x);
      return li;
    });
    ui.userChips.replaceChildren(...chips);
    ui.userChips.hidden = chips.length === 0;

    const words = [
      ...v.words.map((w, i) => ({ w, neg: false, i })),
      ...v.notWords.map((w, i) => ({ w, neg: true, i })),
    ].map(({ w, neg, i }) => {
      const li = document.createElement('li');
      li.className = 'chip chip-word' + (neg ? ' chip-neg' : '');
      li.dataset.testid = 'word-chip';
      li.dataset.word = w;
      li.dataset.negative = String(neg);
      const label = document.createElement('span');
      label.className = 'chip-label';
      label.textContent = (neg ? '−' : '') + w;
      const x = document.createElement('button');
      x.type = 'button';
      x.className = 'chip-remove';
      x.dataset.testid = 'chip-remove';
      x.setAttribute('aria-label', `Remove ${neg ? 'excluded' : 'required'} word ${w}`);
      x.textContent = '×';
      x.addEventListener('click', () => changeView((nv) => (neg ? nv.notWords : nv.words).splice(i, 1)));
      li.append(label, x);
      return li;
    });
    ui.wordChips.replaceChildren(...words);
    ui.wordChips.hidden = words.length === 0;

    if (v.entity) {
      ui.persona.hidden = false;
      ui.personaName.textContent = v.ais ? v.ais.name : v.entity;
      ui.body.dataset.view = 'persona';
    } else {
      ui.persona.hidden = true;
      ui.body.dataset.view = 'board';
    }
  }

  /** UI changes go through the hash: the hashchange listener applies them, so the URL is the view. */
  function changeView(mutate) {
    const next = cloneView(state.view);
    mutate(next);
    if (!hasContentFilters(next)) next.filterActive = null;
    const hash = buildHash(next);
    if (hash === window.location.hash || (hash === '' && window.location.hash === '')) return;
    if (hash) {
      window.location.hash = hash;
    } else {
      history.pushState(null, '', window.location.pathname + window.location.search);
      applyHash();
    }
  }

  function addUserChip(name, color) {
    if (!name) return;
    changeView((v) => {
      const chip = { name, color: isValidColor(color) ? color : null };
      if (!v.users.some((u) => sameChip(u, chip))) v.users.push(chip);
      v.filterActive = true;
    });
  }

  function onWordSubmit(ev) {
    ev.preventDefault();
    let w = ui.wordInput.value.trim();
    if (!w) return;
    const neg = w.startsWith('-') && w.length > 1;
    if (neg) w = w.slice(1).trim();
    ui.wordInput.value = '';
    changeView((v) => {
      const list = neg ? v.notWords : v.words;
      if (!list.includes(w)) list.push(w);
      v.filterActive = true;
    });
  }

  /** Reads the hash into the view and applies it (load and every hashchange). */
  function applyHash() {
    const view = parseHash(window.location.hash);
    // name:random is resolved once on this page and written back, so a reload (or bookmark)
    // keeps the same colors and the conversation stays the same conversation.
    let resolved = false;
    for (const key of ['uis', 'ais']) {
      if (view[key] && view[key].random) {
        view[key] = { name: view[key].name, color: randomBrightColor(), random: false };
        resolved = true;
      }
    }
    state.view = view;
    if (resolved) history.replaceState(null, '', window.location.pathname + window.location.search + buildHash(view));

    if (view.uis) {
      const problem = validateUsername(view.uis.name);
      state.identity = {
        name: problem ? state.stored.name : view.uis.name,
        color: view.uis.color || state.stored.color,
      };
    } else {
      state.identity = { ...state.stored };
    }
    identityError(null);
    renderIdentity();
    renderFilters();
    if (view.entity) startHealth();
    else {
      stopHealth();
      stopWaiting();
    }
    renderAll();
  }

  // ---------------------------------------------------------------- wiring
  function wire() {
    ui.username.addEventListener('input', onUsernameInput);
    ui.username.addEventListener('blur', () => {
      if (validateUsername(ui.username.value)) {
        ui.username.value = state.identity.name;
        identityError(null);
      }
    });
    ui.color.addEventListener('input', onColorInput);
    ui.color.addEventListener('blur', () => {
      if (!isValidColor(ui.color.value.trim())) {
        ui.color.value = state.identity.color;
        identityError(null);
      }
    });
    ui.colorPicker.addEventListener('input', () => {
      const c = hexToColor(ui.colorPicker.value);
      if (c) {
        identityError(null);
        commitIdentity(state.identity.name, c);
      }
    });
    ui.randomColor.addEventListener('click', () => {
      identityError(null);
      commitIdentity(state.identity.name, randomBrightColor());
    });
    document.getElementById('identity').addEventListener('submit', (ev) => ev.preventDefault());

    for (const r of ui.mtRadios) {
      r.addEventListener('change', () => {
        if (r.checked) changeView((v) => { v.mt = r.value; });
      });
    }
    ui.filterActive.addEventListener('change', () => {
      const on = ui.filterActive.checked;
      changeView((v) => { v.filterActive = on; });
      // With no user or word filters the toggle has nothing to switch; keep it truthful.
      if (!hasContentFilters(state.view)) ui.filterActive.checked = filtersActive(state.view);
    });
    ui.wordForm.addEventListener('submit', onWordSubmit);

    ui.postForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      send();
    });
    ui.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        send();
      }
    });
    ui.input.addEventListener('input', () => {
      updateCounter();
      if (!ui.postError.hidden && ui.postError.dataset.status === '0') clearPostError();
    });

    ui.stream.addEventListener('scroll', () => {
      state.stuckToBottom = isAtBottom();
      if (state.stuckToBottom) {
        state.unseen = 0;
        hideNewMarker();
      }
    }, { passive: true });
    if ('ResizeObserver' in window) {
      // The composer grows (an error, a long draft): a reader at the bottom stays at the bottom.
      new ResizeObserver(() => {
        if (state.stuckToBottom) ui.stream.scrollTop = ui.stream.scrollHeight;
      }).observe(ui.stream);
    }
    ui.newMessages.addEventListener('click', () => {
      scrollToBottom();
      ui.stream.focus({ preventScroll: true });
    });

    window.addEventListener('hashchange', applyHash);
    window.addEventListener('online', () => {
      if (!state.historyLoaded) return;
      pollOnce();
      if (!state.es) connectSse();
    });
    setInterval(tickTimes, TICK_MS);
  }

  function start() {
    loadStoredIdentity();
    wire();
    applyHash();
    updateCounter();
    loadHistory();
  }

  start();
})();
