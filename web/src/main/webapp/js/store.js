/*
 * Chorus page: the message store: de-duplication by id, timestamp order, the polling cursor (moved
 * only by gap-free feeds), the 5000-message cap, handing new visible messages to render.js, and taking
 * away messages an operator hid (and back those restored).
 */
import { MAX_HIDDEN_IDS, MAX_STORED } from './config.js';
import { ui } from './dom.js';
import { state } from './state.js';
import { isMessage } from './text.js';
import { isVisible } from './visibility.js';
import { isAtBottom, renderInsert, scrollToBottom, showNewMarker, updateEmpty } from './render.js';
import { checkHealth, stopWaiting } from './persona-view.js';
import { replyArrived } from './drafts.js';

/**
 * Adds messages (any order, duplicates allowed) to the store and the DOM.
 * options.scroll: scroll to the bottom whatever the reader's position (own post).
 * options.feed: the list comes from a gap-free feed (history, SSE, polling), so it may advance the
 * polling cursor. A POST answer must not: messages stored just before ours may not have reached us yet.
 * options.quiet: store only; the caller re-renders everything (history load).
 */
export function ingest(list, options = {}) {
  const wasAtBottom = isAtBottom();
  let added = 0;
  for (const m of list) {
    if (!isMessage(m)) continue;
    if (options.feed && m.timestamp > state.cursor) state.cursor = m.timestamp;
    if (state.byId.has(m.id) || state.hiddenIds.has(m.id)) continue;
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
    replyArrived(m); // after the reply is in the DOM, so its draft gives way in the same frame
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

/**
 * An operator hid message id (the stream's `hidden` event): it leaves the store and the DOM, and is not taken
 * again from a feed that still had it. The cursor is untouched: the message keeps its timestamp on the server.
 * Only the newest MAX_HIDDEN_IDS ids are remembered: a feed that still has a hidden message is one answered just
 * before the hide (a poll or page in flight), so an old id needs no guard, and a page open for weeks of
 * moderation must not grow without end.
 */
export function removeHidden(id) {
  state.hiddenIds.delete(id);
  state.hiddenIds.add(id);
  while (state.hiddenIds.size > MAX_HIDDEN_IDS) {
    state.hiddenIds.delete(state.hiddenIds.values().next().value);
  }
  const m = state.byId.get(id);
  if (!m) return;
  state.byId.delete(id);
  const i = state.messages.indexOf(m);
  if (i >= 0) state.messages.splice(i, 1);
  const node = state.rendered.get(id);
  if (node) {
    node.remove();
    state.rendered.delete(id);
  }
  updateEmpty();
}

/**
 * An operator showed message m again (the stream's `restored` event, which carries it): it is taken again and
 * shown at its own place by timestamp. The cursor is untouched: m is older than it.
 */
export function restoreShown(m) {
  if (!isMessage(m)) return;
  state.hiddenIds.delete(m.id);
  ingest([m]);
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
