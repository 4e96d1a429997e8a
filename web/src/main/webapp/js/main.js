/*
 * Chorus board page, entry point (index.html loads it as a module). Plain ES2020 modules, no framework,
 * no build step (docs/page.md). Each module owns one concern and says which in its header; this one only
 * wires them together and starts the page in the order the page has always started.
 */
import { TICK_MS } from './config.js';
import { loadStoredIdentity } from './state.js';
import { onNameClick, tickTimes, wireScrolling } from './render.js';
import { wireIdentity } from './identity.js';
import { addUserChip, applyHash, wireFilters } from './filters.js';
import { updateCounter, wirePosting } from './posting.js';
import { loadHistory, wireStream } from './stream.js';
import { loadPersonas } from './personas.js';

function wire() {
  onNameClick(addUserChip);
  wireIdentity();
  wireFilters();
  wirePosting();
  wireScrolling();
  wireStream();
  setInterval(tickTimes, TICK_MS);
}

function start() {
  loadStoredIdentity();
  wire();
  applyHash();
  updateCounter();
  loadHistory();
  loadPersonas();
}

start();
