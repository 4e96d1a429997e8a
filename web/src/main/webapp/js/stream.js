/*
 * Chorus page: the live feed: history on open, then SSE (/api/stream?after=cursor), falling back to
 * polling (/api/comments?after=cursor) when SSE fails or does not open, and back to SSE every 15 s.
 * De-duplication and the cursor are store.js's; this module only fetches and hands messages over.
 */
import { HISTORY_LIMIT, POLL_LIMIT, POLL_MS, SSE_OPEN_TIMEOUT_MS, SSE_RETRY_MS } from './config.js';
import { ui } from './dom.js';
import { state } from './state.js';
import { HttpError, apiFetch, markDown, markUp, readError, setTransport } from './net.js';
import { ingest, removeHidden, restoreShown } from './store.js';
import { renderAll } from './render.js';
import { clearDrafts, onDraft, onDraftEnd } from './drafts.js';

export async function loadHistory() {
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

export function connectSse() {
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
    clearDrafts(); // a reopened stream: ends sent while it was down never arrive
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
  // Drafts of persona replies: no SSE id, so they never move the browser's Last-Event-ID (drafts.js).
  for (const [name, handler] of [['draft', onDraft], ['draft-end', onDraftEnd]]) {
    es.addEventListener(name, (ev) => {
      if (state.es !== es) return;
      try {
        handler(JSON.parse(ev.data));
      } catch (e) {
        /* a draft that cannot be read is only a preview lost */
      }
    });
  }
  // An operator hid a message (docs/api.md): take it away. No SSE id, so Last-Event-ID stays the cursor.
  es.addEventListener('hidden', (ev) => {
    if (state.es !== es) return;
    try {
      const { id } = JSON.parse(ev.data);
      if (typeof id === 'string') removeHidden(id);
    } catch (e) {
      // not an event of ours
    }
  });
  // An operator showed a hidden message again: the event carries it; it goes back at its place (no SSE id).
  es.addEventListener('restored', (ev) => {
    if (state.es !== es) return;
    try {
      restoreShown(JSON.parse(ev.data));
    } catch (e) {
      // not an event of ours
    }
  });
  es.onerror = () => {
    if (state.es !== es) return;
    clearDrafts(); // their draft-end events may be lost while the stream is down
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
  clearDrafts(); // polling carries no drafts: nothing would ever end the ones shown
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

export async function pollOnce() {
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

export function wireStream() {
  window.addEventListener('online', () => {
    if (!state.historyLoaded) return;
    pollOnce();
    if (!state.es) connectSse();
  });
}
