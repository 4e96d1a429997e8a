/*
 * Chorus page: the numbers and names every module shares (limits from docs/api.md, timings of the
 * transport, localStorage keys, the order of hash parameters). Constants only, no behaviour.
 */

export const MAX_TEXT = 1000;             // docs/api.md: longer than 1000 chars -> 400
export const MAX_NAME = 16;               // docs/api.md: username at most 16 chars
export const HISTORY_LIMIT = 200;         // recent history loaded on open
export const POLL_MS = 5000;              // polling period when SSE is unavailable
export const POLL_LIMIT = 1000;           // docs/api.md: limit at most 1000
export const SSE_OPEN_TIMEOUT_MS = 5000;  // no open within this -> fall back to polling
export const SSE_RETRY_MS = 15000;        // while polling, try SSE again this often
export const HEALTH_MS = 30000;           // /health/ready polling, persona views only
export const TICK_MS = 5000;              // relative-time refresh
export const FETCH_TIMEOUT_MS = 10000;
export const MAX_CONTEXT = 200;           // docs/api.md: context at most 200 lines
export const MAX_CONTEXT_LINE = 1000;     // docs/api.md: ... of at most 1000 chars each
export const MAX_STORED = 5000;           // messages kept in memory by the page
export const MAX_HIDDEN_IDS = 1000;       // ids of hidden messages remembered (the server's stream remembers 1000)
export const REPLY_WAIT_MS = 120000;      // stop showing "is replying…" after this
export const DEFAULT_COLOR = '096165250';
export const LS_USERNAME = 'chorus.username';
export const LS_COLOR = 'chorus.color';
export const HASH_ORDER = ['u', 'word', '-word', 'filteractive', 'mt', 'uis', 'ais', 'entity', 'priority', 'model', 'nom'];
