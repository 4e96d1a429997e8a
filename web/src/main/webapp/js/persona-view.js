/*
 * Chorus page: what a persona view (entity= in the hash) adds: the persona panel, botParams and the
 * context lines sent with a post, "is replying…" while a reply is awaited, and the persona service
 * banner from /health/ready.
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { HEALTH_MS, MAX_CONTEXT, MAX_CONTEXT_LINE, REPLY_WAIT_MS } from './config.js';
import { ui } from './dom.js';
import { state } from './state.js';
import { apiFetch } from './net.js';
import { visibleMessages } from './visibility.js';

export function renderPersonaPanel(v) {
  if (v.entity) {
    ui.persona.hidden = false;
    ui.personaName.textContent = v.ais ? v.ais.name : v.entity;
    ui.body.dataset.view = 'persona';
  } else {
    ui.persona.hidden = true;
    ui.body.dataset.view = 'board';
  }
}

export function contextLines() {
  const visible = visibleMessages();
  const n = typeof state.view.nom === 'number' ? Math.min(state.view.nom, MAX_CONTEXT) : MAX_CONTEXT;
  return visible.slice(-n).map((m) => `${m.username || 'anonymous'}: ${m.text}`.slice(0, MAX_CONTEXT_LINE));
}

export function botParams() {
  const v = state.view;
  const p = { entity: v.entity };
  if (v.priority !== null) p.priority = v.priority;
  if (v.model) p.model = v.model;
  if (v.ais) p.ais = v.ais.color ? `${v.ais.name}:${v.ais.color}` : `${v.ais.name}:random`;
  if (v.nom !== null) p.nom = v.nom;
  return p;
}

export function startWaiting(id) {
  // Already answered (the reply came through the stream first)?
  if (state.messages.some((m) => m.replyTo === id)) return;
  state.waitingReplyTo = id;
  ui.personaWaiting.hidden = false;
  clearTimeout(state.waitingTimer);
  state.waitingTimer = setTimeout(stopWaiting, REPLY_WAIT_MS);
}

export function stopWaiting() {
  state.waitingReplyTo = null;
  ui.personaWaiting.hidden = true;
  clearTimeout(state.waitingTimer);
}

// ---------------------------------------------------------------- persona health
export async function checkHealth() {
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

export function startHealth() {
  if (state.healthTimer) return;
  state.healthTimer = setInterval(checkHealth, HEALTH_MS);
  checkHealth();
}

export function stopHealth() {
  clearInterval(state.healthTimer);
  state.healthTimer = 0;
  ui.personaBanner.hidden = true;
  delete ui.body.dataset.persona;
}
