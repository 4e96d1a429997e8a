/*
 * Chorus page: the stream in the DOM: one <li> per visible message (links made from text nodes),
 * inserting in timestamp order, full re-render, the empty-view text, relative times, and scrolling
 * (stick to the bottom, the "N new messages" button).
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { ui } from './dom.js';
import { state } from './state.js';
import { colorToRgb } from './colors.js';
import { messageType, relativeTime } from './text.js';
import { isOwn, isVisible } from './visibility.js';
import { clearDrafts } from './drafts.js';

// What a click on a name does (add a user chip) belongs to filters.js, which renders through this
// module; main.js connects the two, so neither imports the other.
let nameClicked = () => {};

export function onNameClick(handler) {
  nameClicked = handler;
}

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
  who.addEventListener('click', () => nameClicked(m.username || '', m.color || null));
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
export function renderInsert(m) {
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

export function renderAll() {
  clearDrafts();
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

export function updateEmpty() {
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

export function tickTimes() {
  const now = serverNow();
  for (const t of ui.stream.querySelectorAll('time[data-ts]')) {
    const text = relativeTime(now - Number(t.dataset.ts));
    if (t.textContent !== text) t.textContent = text;
  }
}

// ---------------------------------------------------------------- scrolling
export function isAtBottom() {
  const s = ui.stream;
  return s.scrollHeight - s.scrollTop - s.clientHeight <= 48;
}

export function scrollToBottom() {
  ui.stream.scrollTop = ui.stream.scrollHeight;
  state.stuckToBottom = true;
  state.unseen = 0;
  hideNewMarker();
}

export function showNewMarker() {
  ui.newMessages.textContent = state.unseen === 1 ? '1 new message ↓' : `${state.unseen} new messages ↓`;
  ui.newMessages.hidden = false;
}

export function hideNewMarker() {
  ui.newMessages.hidden = true;
}

export function wireScrolling() {
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
}
