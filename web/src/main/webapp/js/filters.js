/*
 * Chorus page: the filter bar (channel, user and word chips, the on/off toggle) and the hash as the
 * view: every UI change builds a new hash, and the hashchange handler (applyHash) applies it.
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { ui } from './dom.js';
import { state } from './state.js';
import { colorToRgb, isValidColor, randomBrightColor } from './colors.js';
import { validateUsername } from './text.js';
import { buildHash, cloneView, filtersActive, hasContentFilters, parseHash, sameChip } from './hash.js';
import { renderAll } from './render.js';
import { identityError, renderIdentity } from './identity.js';
import { renderPersonaPanel, startHealth, stopHealth, stopWaiting } from './persona-view.js';

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
  renderPersonaPanel(v);
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

export function addUserChip(name, color) {
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
export function applyHash() {
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

export function wireFilters() {
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
  window.addEventListener('hashchange', applyHash);
}
