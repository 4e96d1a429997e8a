/*
 * Chorus page: requests to the server (fetch with a timeout, clock skew from the Date header, the
 * server's JSON error text) and the connection state a person sees (banner, body[data-connection],
 * body[data-transport]).
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { FETCH_TIMEOUT_MS } from './config.js';
import { state } from './state.js';
import { ui } from './dom.js';

export async function apiFetch(path, options = {}) {
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

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The server's error text ({"error", "field"}), or a sentence for a person when the body has none. */
export async function readError(res) {
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

export function markUp() {
  ui.body.dataset.connection = 'up';
  if (state.down) {
    state.down = false;
    ui.connectionBanner.hidden = true;
    announce('Connected to the server again.');
  }
}

export function markDown() {
  ui.body.dataset.connection = 'down';
  if (!state.down) {
    state.down = true;
    ui.connectionBannerText.textContent = "Can't reach the server. Retrying… (nothing you type is lost)";
    ui.connectionBanner.hidden = false;
  }
}

export function setTransport(t) {
  ui.body.dataset.transport = t;
}
