/*
 * Chorus page: the persona picker: who can be talked to (GET /api/personas: id, name, color, enabled),
 * one button each; a click opens that persona's conversation view (entity= in the hash), so a
 * newcomer never needs to know the hash format.
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { ui } from './dom.js';
import { apiFetch } from './net.js';
import { colorToRgb } from './colors.js';
import { buildHash, cloneView } from './hash.js';
import { state } from './state.js';

const RETRY_MS = 15000;

function button(p) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn btn-small persona-pick';
  b.dataset.testid = 'persona-pick';
  b.dataset.entity = p.id;
  b.style.setProperty('--user-color', colorToRgb(p.color));
  b.textContent = p.username;
  b.disabled = !p.enabled;
  b.title = p.enabled ? `Talk to ${p.username}` : `${p.username} is not answering now`;
  b.addEventListener('click', () => {
    // The view as it is, talking to this persona: hashchange applies it (filters.js).
    const view = cloneView(state.view);
    view.entity = p.id;
    window.location.hash = buildHash(view);
  });
  return b;
}

export async function loadPersonas() {
  let list;
  try {
    const res = await apiFetch('/api/personas');
    if (!res.ok) throw new Error(String(res.status));
    list = await res.json();
  } catch (e) {
    setTimeout(loadPersonas, RETRY_MS);
    return;
  }
  if (!Array.isArray(list)) return;
  const usable = list.filter((p) => p && typeof p.id === 'string' && typeof p.username === 'string');
  ui.personaList.replaceChildren(...usable.map(button));
  ui.personaPicker.hidden = usable.length === 0;
}
