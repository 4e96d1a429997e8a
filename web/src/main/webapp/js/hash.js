/*
 * Chorus page: the URL hash format (docs/page.md, "Views: the URL hash"): parsing a hash into a view
 * object and building the hash back, in a fixed parameter order. Pure: no DOM, no state.
 */
import { HASH_ORDER } from './config.js';
import { encodeIdentity, parseIdentity, safeDecode } from './text.js';

/*
 * #k=v&k=v, values URL-decoded. For u / word / -word, '+' separates items (a literal '+'
 * is %2B) and the parameter may repeat; items accumulate. Unknown keys are kept as-is.
 */
export function emptyView() {
  return {
    mt: 'ALL', users: [], words: [], notWords: [], filterActive: null,
    uis: null, ais: null, entity: null, priority: null, model: null, nom: null, extra: [],
  };
}

export function parseHash(hash) {
  const view = emptyView();
  const raw = String(hash || '').replace(/^#/, '');
  if (!raw) return view;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const items = () => value.split('+').map(safeDecode).map((s) => s.trim()).filter(Boolean);
    switch (key) {
      case 'mt': {
        const v = safeDecode(value);
        const mt = v.toLowerCase() === 'human' ? 'human' : v.toLowerCase() === 'ai' ? 'AI' : v.toUpperCase() === 'ALL' ? 'ALL' : null;
        if (mt) view.mt = mt;
        break;
      }
      case 'u':
        for (const it of items()) {
          const idt = parseIdentity(it);
          if (idt.name && !view.users.some((u) => sameChip(u, idt))) view.users.push({ name: idt.name, color: idt.color });
        }
        break;
      case 'word':
        for (const w of items()) if (!view.words.includes(w)) view.words.push(w);
        break;
      case '-word':
        for (const w of items()) if (!view.notWords.includes(w)) view.notWords.push(w);
        break;
      case 'filteractive':
        view.filterActive = safeDecode(value).toLowerCase() === 'true';
        break;
      case 'uis':
      case 'ais': {
        const idt = parseIdentity(safeDecode(value).trim());
        view[key] = idt.name ? idt : null;
        break;
      }
      case 'entity':
      case 'model': {
        const v = safeDecode(value).trim();
        view[key] = v || null;
        break;
      }
      case 'priority': {
        const n = Number(safeDecode(value));
        view.priority = Number.isInteger(n) && n >= 0 && n <= 99 ? n : null;
        break;
      }
      case 'nom': {
        const v = safeDecode(value).trim();
        const n = Number(v);
        view.nom = v.toUpperCase() === 'ALL' ? 'ALL' : Number.isInteger(n) && n > 0 ? n : null;
        break;
      }
      default:
        view.extra.push(part);
    }
  }
  return view;
}

export function sameChip(a, b) {
  return a.name === b.name && (a.color || '') === (b.color || '');
}

export function hasContentFilters(view) {
  return view.users.length > 0 || view.words.length > 0 || view.notWords.length > 0;
}

/** filteractive absent: on when the view has user or word filters (a shared filter link filters). */
export function filtersActive(view) {
  return view.filterActive === null ? hasContentFilters(view) : view.filterActive;
}

export function buildHash(view) {
  const p = {};
  if (view.users.length) {
    p.u = view.users.map((u) => encodeURIComponent(u.name) + (u.color ? ':' + u.color : '')).join('+');
  }
  if (view.words.length) p.word = view.words.map(encodeURIComponent).join('+');
  if (view.notWords.length) p['-word'] = view.notWords.map(encodeURIComponent).join('+');
  if (view.filterActive !== null) p.filteractive = String(view.filterActive);
  if (view.mt !== 'ALL') p.mt = view.mt;
  if (view.uis) p.uis = encodeIdentity(view.uis);
  if (view.ais) p.ais = encodeIdentity(view.ais);
  if (view.entity) p.entity = encodeURIComponent(view.entity);
  if (view.priority !== null) p.priority = String(view.priority);
  if (view.model) p.model = encodeURIComponent(view.model);
  if (view.nom !== null) p.nom = String(view.nom);
  const parts = HASH_ORDER.filter((k) => k in p).map((k) => `${k}=${p[k]}`).concat(view.extra);
  return parts.length ? '#' + parts.join('&') : '';
}

export const cloneView = (v) => JSON.parse(JSON.stringify(v));
