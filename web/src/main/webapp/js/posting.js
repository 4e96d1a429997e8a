/*
 * Chorus page: the composer: the character counter, sending a post (an id reused when the same text
 * is retried, so a retry cannot store it twice), the server's error text, and the Enter key.
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { MAX_TEXT } from './config.js';
import { ui } from './dom.js';
import { state } from './state.js';
import { isValidColor } from './colors.js';
import { isMessage, newMessageId, normalizeText, validateUsername } from './text.js';
import { apiFetch, markDown, markUp, readError } from './net.js';
import { ingest } from './store.js';
import { scrollToBottom } from './render.js';
import { botParams, contextLines, startWaiting } from './persona-view.js';

export function updateCounter() {
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

export function wirePosting() {
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
}
