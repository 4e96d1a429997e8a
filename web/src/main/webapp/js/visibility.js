/*
 * Chorus page: which messages the current view shows: channel (mt), persona conversation, user chips
 * and words (docs/page.md). Reads the state, changes nothing.
 */
import { state } from './state.js';
import { filtersActive } from './hash.js';
import { messageType, normalizeName } from './text.js';

function identityMatches(idt, m) {
  return !!idt && !!idt.color && (m.username || '') === idt.name && m.color === idt.color;
}

export function isOwn(m) {
  return state.ownIds.has(m.id) || identityMatches(state.identity, m);
}

/** Persona view: the user's messages, the persona's (ais) messages, and replies to the user's messages. */
function inConversation(m) {
  if (isOwn(m)) return true;
  if (state.view.ais && identityMatches(state.view.ais, m)) return true;
  if (m.replyTo) {
    if (state.ownIds.has(m.replyTo)) return true;
    const parent = state.byId.get(m.replyTo);
    if (parent && isOwn(parent)) return true;
  }
  return false;
}

function chipMatches(chip, m) {
  return normalizeName(chip.name) === normalizeName(m.username) && (!chip.color || chip.color === m.color);
}

export function isVisible(m) {
  const v = state.view;
  if (v.mt !== 'ALL' && messageType(m) !== v.mt) return false;
  if (v.entity && !inConversation(m)) return false;
  if (filtersActive(v)) {
    if (v.users.length && !v.users.some((c) => chipMatches(c, m))) return false;
    if (v.words.length || v.notWords.length) {
      const text = m.text.toLowerCase();
      if (!v.words.every((w) => text.includes(w.toLowerCase()))) return false;
      if (v.notWords.some((w) => text.includes(w.toLowerCase()))) return false;
    }
  }
  return true;
}

export const visibleMessages = () => state.messages.filter(isVisible);
