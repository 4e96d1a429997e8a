/*
 * Chorus page: the name and color fields: validation, the swatch and picker, and where a valid
 * identity is kept (the hash's uis in a uis view, else localStorage).
 *
 * Safety rule for every page module: user data (usernames, message text, error text from the server)
 * is only ever put into the page with textContent / createTextNode / attribute setters.
 * There is no innerHTML, outerHTML, insertAdjacentHTML or document.write here.
 */
import { LS_COLOR, LS_USERNAME } from './config.js';
import { ui } from './dom.js';
import { lsSet, state } from './state.js';
import { colorToHex, colorToRgb, hexToColor, isValidColor, randomBrightColor } from './colors.js';
import { validateUsername } from './text.js';
import { buildHash } from './hash.js';
import { renderAll } from './render.js';

export function renderIdentity() {
  const { name, color } = state.identity;
  if (document.activeElement !== ui.username) ui.username.value = name;
  if (document.activeElement !== ui.color) ui.color.value = color;
  ui.colorPicker.value = colorToHex(color);
  ui.swatch.style.setProperty('--user-color', colorToRgb(color));
  ui.identityNote.hidden = !state.view.uis;
  ui.identityNote.textContent = state.view.uis ? 'This link sets your name and color for this view.' : '';
}

export function identityError(text, input) {
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

export function wireIdentity() {
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
}
