/*
 * Chorus page: the page's one mutable state object (view, identity, message store, transport timers,
 * flags), shared by every module, and the identity remembered in localStorage.
 */
import { DEFAULT_COLOR, LS_COLOR, LS_USERNAME } from './config.js';
import { isValidColor, randomBrightColor, randomUnit } from './colors.js';
import { validateUsername } from './text.js';
import { emptyView } from './hash.js';

export const state = {
  view: emptyView(),
  stored: { name: '', color: DEFAULT_COLOR },  // identity remembered in localStorage
  identity: { name: '', color: DEFAULT_COLOR }, // identity in force (uis overrides stored)
  messages: [],            // sorted by timestamp, oldest first
  byId: new Map(),         // id -> message (de-duplication)
  hiddenIds: new Set(),    // ids an operator hid while this page was open, newest last (at most MAX_HIDDEN_IDS)
  rendered: new Map(),     // id -> <li> for messages currently in the DOM
  ownIds: new Set(),       // ids this page posted successfully
  cursor: 0,               // newest server timestamp seen
  historyLoaded: false,
  es: null,                // current EventSource
  sseOpenTimer: 0,
  sseRetryTimer: 0,
  pollTimer: 0,
  polling: false,          // a poll is in flight
  down: false,             // server unreachable banner shown
  clockSkew: 0,            // server clock - local clock (ms), from the Date header
  sending: false,
  pending: null,           // {id, text}: a failed post's id, reused when the same text is retried
  unseen: 0,
  stuckToBottom: true,     // the reader is at the bottom (kept across resizes)
  healthTimer: 0,
  healthInFlight: false,
  waitingReplyTo: null,
  waitingTimer: 0,
};

// ---------------------------------------------------------------- storage
function lsGet(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

export function lsSet(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch (e) {
    /* private mode: the identity just is not remembered */
  }
}

export function loadStoredIdentity() {
  let name = lsGet(LS_USERNAME) || '';
  let color = lsGet(LS_COLOR) || '';
  if (validateUsername(name)) {
    name = 'guest' + String(Math.floor(randomUnit() * 10000)).padStart(4, '0');
    lsSet(LS_USERNAME, name);
  }
  if (!isValidColor(color)) {
    color = randomBrightColor();
    lsSet(LS_COLOR, color);
  }
  state.stored = { name, color };
}
