/*
 * Chorus page: colors. The wire format RRRGGGBBB (docs/api.md) to and from CSS rgb() and the
 * color picker's #rrggbb, and the bright random colors given to new identities. Pure functions.
 */
import { DEFAULT_COLOR } from './config.js';

const COLOR_RE = /^(\d{3})(\d{3})(\d{3})$/;

export function isValidColor(c) {
  const m = COLOR_RE.exec(String(c || ''));
  return !!m && +m[1] <= 255 && +m[2] <= 255 && +m[3] <= 255;
}

function colorChannels(c) {
  const m = COLOR_RE.exec(isValidColor(c) ? c : DEFAULT_COLOR);
  return [+m[1], +m[2], +m[3]];
}

export function colorToRgb(c) {
  const [r, g, b] = colorChannels(c);
  return `rgb(${r}, ${g}, ${b})`;
}

const pad3 = (n) => String(Math.max(0, Math.min(255, Math.round(n)))).padStart(3, '0');
const channelsToColor = (r, g, b) => pad3(r) + pad3(g) + pad3(b);

export function colorToHex(c) {
  return '#' + colorChannels(c).map((v) => v.toString(16).padStart(2, '0')).join('');
}

export function hexToColor(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '');
  return m ? channelsToColor(parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)) : null;
}

export function randomUnit() {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] / 4294967296;
}

/** A bright, saturated color that reads well on the dark background. */
export function randomBrightColor() {
  const h = randomUnit() * 360;
  const s = 0.75 + randomUnit() * 0.25;
  const l = 0.58 + randomUnit() * 0.12;
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return channelsToColor(f(0) * 255, f(8) * 255, f(4) * 255);
}
