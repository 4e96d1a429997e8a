/*
 * Chorus page: small pure helpers on text and messages: client message ids, the server's text and
 * name normalisation, username rules, relative times, "name:color" identities, message shape checks.
 */
import { MAX_NAME } from './config.js';
import { isValidColor } from './colors.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Client message id: [A-Za-z0-9_-], 1-64 chars (docs/api.md), unique enough to make a retry idempotent. */
export function newMessageId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let rnd = '';
  for (const b of bytes) rnd += ID_ALPHABET[b % ID_ALPHABET.length];
  return `c${Date.now().toString(36)}-${rnd}`;
}

/** The server's rule: trimmed, runs of whitespace become one space. */
export const normalizeText = (t) => String(t || '').trim().replace(/\s+/g, ' ');

/** Like the server's user search: lower-cased, non-alphanumerics removed. */
export const normalizeName = (n) => String(n || '').toLowerCase().replace(/[^a-z0-9]/g, '');

export function validateUsername(name) {
  if (!name) return 'Choose a name.';
  if (/\s/.test(name)) return 'A name cannot contain spaces.';
  if (name.length > MAX_NAME) return `A name is at most ${MAX_NAME} characters.`;
  return null;
}

export function relativeTime(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.floor(h / 24);
  if (d < 365) return `${d}d ago`;
  return `${Math.floor(d / 365)}y ago`;
}

export function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

/** "name:RRRGGGBBB", "name:random" or "name" -> {name, color|null, random}. */
export function parseIdentity(value) {
  const v = String(value || '');
  const i = v.lastIndexOf(':');
  if (i > 0) {
    const tail = v.slice(i + 1);
    if (tail.toLowerCase() === 'random') return { name: v.slice(0, i), color: null, random: true };
    if (isValidColor(tail)) return { name: v.slice(0, i), color: tail, random: false };
  }
  return { name: v, color: null, random: false };
}

export const encodeIdentity = (idt) =>
  encodeURIComponent(idt.name) + (idt.color ? ':' + idt.color : idt.random ? ':random' : '');

export const isMessage = (m) =>
  m && typeof m === 'object' && typeof m.id === 'string' && m.id !== '' &&
  Number.isFinite(m.timestamp) && Math.abs(m.timestamp) < 8.64e15 && typeof m.text === 'string';

export const messageType = (m) => (m['message-type'] === 'AI' ? 'AI' : 'human');
