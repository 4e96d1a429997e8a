/*
 * Chorus page: drafts of persona replies being written (the `draft` and `draft-end` events of
 * /api/stream, docs/api.md): a "<persona> is writing…" line under the message being answered, the
 * draft's text growing in place, then the stored reply in its stead. Drafts are never messages: they
 * are not in the store, never move the cursor, and a page that only polls simply never sees one.
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { ui } from './dom.js';
import { state } from './state.js';
import { colorToRgb } from './colors.js';

/** How long a draft whose reply is stored waits for that reply to arrive here before it goes anyway. */
const REPLIED_GRACE_MS = 5000;
/**
 * A draft with no update for this long goes: its draft-end can be lost (the server skips a reader that
 * is not taking bytes, and a member that dies ends nothing). The writer republishes a live draft at least
 * every 15 s (DraftWriter), so only a draft whose attempt has really gone quiet that long expires.
 */
const DRAFT_SILENCE_MS = 45000;

/** draft id -> { el, text, replyTo, entity, seq } for drafts shown now. */
const shown = new Map();

const answered = (replyTo) => state.messages.some((m) => m.replyTo === replyTo && m['message-type'] === 'AI');

function draftElement(d) {
  const li = document.createElement('li');
  li.className = 'msg msg-ai msg-draft';
  li.dataset.testid = 'draft';
  li.dataset.draft = d.draft;
  li.dataset.replyTo = d.replyTo;
  li.dataset.entity = d.entity;
  li.style.setProperty('--user-color', colorToRgb(d.color));
  li.setAttribute('aria-busy', 'true');

  const meta = document.createElement('div');
  meta.className = 'msg-meta';
  const who = document.createElement('span');
  who.className = 'msg-name';
  who.textContent = d.username;
  const badge = document.createElement('span');
  badge.className = 'badge badge-ai';
  badge.textContent = 'AI';
  const writing = document.createElement('span');
  writing.className = 'draft-writing';
  writing.dataset.testid = 'draft-writing';
  writing.textContent = `${d.username} is writing…`;
  meta.append(who, badge, writing);

  const body = document.createElement('p');
  body.className = 'msg-text';
  body.dataset.testid = 'draft-text';
  li.append(meta, body);
  return li;
}

/** Places a new draft right under the message it answers (or at the end when that one is not shown). */
function place(li, replyTo) {
  const parent = state.rendered.get(replyTo);
  let after = parent;
  // Several drafts for one message (a retry): keep them together, in arrival order.
  while (after && after.nextSibling && after.nextSibling.dataset && after.nextSibling.dataset.replyTo === replyTo
    && after.nextSibling.dataset.testid === 'draft') {
    after = after.nextSibling;
  }
  if (after) after.after(li);
  else ui.stream.appendChild(li);
  if (state.stuckToBottom) ui.stream.scrollTop = ui.stream.scrollHeight;
}

function remove(id) {
  const d = shown.get(id);
  if (!d) return;
  clearTimeout(d.timer);
  clearTimeout(d.expiry);
  d.el.remove();
  shown.delete(id);
}

/** A `draft` event: show the persona writing, or the text so far. */
export function onDraft(d) {
  if (!d || typeof d.draft !== 'string' || typeof d.replyTo !== 'string') return;
  if (answered(d.replyTo)) return; // the stored reply is here already: a late update changes nothing
  if (!state.rendered.has(d.replyTo) && !shown.has(d.draft)) return; // not a message of this view
  let entry = shown.get(d.draft);
  if (!entry) {
    entry = { el: draftElement(d), seq: -1, replyTo: d.replyTo, timer: 0, expiry: 0 };
    shown.set(d.draft, entry);
    place(entry.el, d.replyTo);
  }
  if (d.seq <= entry.seq) return;
  entry.seq = d.seq;
  clearTimeout(entry.expiry);
  entry.expiry = setTimeout(() => remove(d.draft), DRAFT_SILENCE_MS);
  const body = entry.el.querySelector('.msg-text');
  if (body.textContent !== d.text) body.textContent = d.text;
  if (state.stuckToBottom) ui.stream.scrollTop = ui.stream.scrollHeight;
}

/** A `draft-end` event: a withdrawn draft goes now; a replied one when its reply is shown. */
export function onDraftEnd(d) {
  if (!d || typeof d.draft !== 'string') return;
  const entry = shown.get(d.draft);
  if (!entry) return;
  if (d.reason !== 'replied' || answered(entry.replyTo)) {
    remove(d.draft);
    return;
  }
  entry.el.removeAttribute('aria-busy');
  entry.timer = setTimeout(() => remove(d.draft), REPLIED_GRACE_MS);
}

/** The store shows a persona reply: its drafts give way to it (the reply takes the draft's place). */
export function replyArrived(m) {
  if (!m.replyTo || m['message-type'] !== 'AI') return;
  for (const [id, entry] of shown) {
    if (entry.replyTo === m.replyTo) remove(id);
  }
}

/**
 * A full re-render (view change), an SSE error or reconnect, or the fall back to polling drops the
 * drafts: ends sent while the stream was down are lost, and live drafts come back with their next update.
 */
export function clearDrafts() {
  for (const id of Array.from(shown.keys())) remove(id);
}
