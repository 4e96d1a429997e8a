/*
 * Chorus operator console (docs/operations.md, "The operator console"): one module, no build step, no CDN.
 * Signs in with the operator credential (kept in sessionStorage only: never a cookie, never the URL) and polls
 * the operator API every 2 s: the bot queue (with requeue, cancel, priority, pause/resume), the personas (on/off,
 * last hour's replies and failures, rate limit), every member of the cluster (serving, writes refused and why,
 * merges) and this member's /health/ready, the newest messages (hide), bans (add, remove) and the audit log
 * (restore a hidden message), the LLM servers. Draws the queue depth and the reply latency (post to stored reply,
 * with this member's LLM call time as a second series) of the last hour as SVGs it builds itself.
 */
const TOKEN_KEY = 'chorus-operator-token';
const REFRESH_MS = 2000;
const HOUR_MS = 3600 * 1000;
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const depthSamples = []; // {t, depth}: what this page saw in the last hour
let timer = 0;

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function setState(state, message) {
  document.body.dataset.state = state;
  const banner = $('console-banner');
  banner.hidden = !message;
  banner.textContent = message || '';
  const signedIn = state === 'signed-in' || state === 'unreachable';
  $('console').hidden = !signedIn;
  $('sign-in').hidden = signedIn;
  $('sign-out').hidden = !signedIn;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** One call to the operator API; throws ApiError (status 0: unreachable) with the server's JSON error. */
async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(8000),
    });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, (json && json.error) || `HTTP ${res.status}`);
  return json;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('data-') || k === 'class' || k === 'type' || k === 'title') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

function button(action, label, onClick) {
  const b = el('button', { type: 'button', 'data-action': action }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
      await refresh();
    } catch (e) {
      handleError(e);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function age(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function renderQueue(queue) {
  $('queue-summary').textContent = `depth ${queue.depth}: ${queue.pending.length} pending, `
    + `${queue.processing.length} processing, ${queue.failed.length} failed`;
  $('paused-state').textContent = queue.paused ? 'Dispatch is paused on every member.' : 'Dispatch is running.';
  const pause = $('pause');
  pause.textContent = queue.paused ? 'Resume dispatch' : 'Pause dispatch';
  pause.dataset.paused = String(queue.paused);
  sample(queue.depth);
  // Not while the operator is typing a priority: a re-render would take the field away under their cursor.
  if ($('tasks').contains(document.activeElement)) return;
  const rows = [];
  for (const task of [...queue.failed, ...queue.processing, ...queue.pending]) {
    const priority = el('input', { type: 'number', class: 'priority', value: String(task.priority),
      'data-testid': 'priority-input' });
    priority.min = 0;
    priority.max = 99;
    priority.setAttribute('aria-label', `priority of ${task.id}`);
    const actions = el('td', {});
    if (task.status === 'failed') {
      actions.append(button('requeue', 'Requeue', () => api('POST', `/api/bot/requeue/${encodeURIComponent(task.id)}`)));
    }
    if (task.status === 'pending') {
      actions.append(button('cancel', 'Cancel', () => api('POST', `/api/bot/cancel/${encodeURIComponent(task.id)}`)));
    }
    actions.append(' ', priority, button('priority', 'Set', () => api('POST',
      `/api/bot/priority/${encodeURIComponent(task.id)}`, { priority: Number(priority.value) })));
    rows.push(el('tr', { 'data-testid': 'task', 'data-id': task.id, 'data-status': task.status },
      el('td', {}, task.id), el('td', {}, task.status), el('td', {}, task.entity), el('td', {}, task.priority),
      el('td', {}, age(task.ageSeconds)), el('td', {}, task.attempts), el('td', {}, task.holder || ''),
      el('td', { class: 'error', 'data-testid': 'last-error' }, task.lastError || ''), actions));
  }
  $('tasks').replaceChildren(...rows);
}

/** Keeps the last hour of depth samples and draws them. */
function sample(depth) {
  const now = Date.now();
  depthSamples.push({ t: now, v: depth });
  while (depthSamples.length && depthSamples[0].t < now - HOUR_MS) depthSamples.shift();
  const max = draw($('depth-chart'), [{ points: depthSamples }], now);
  $('depth-label').textContent = `Queue depth, the last hour this page saw: now ${depth}, at most ${max}.`;
}

/**
 * Draws series [{points: [{t, v}], cls}] into svg: x = the last hour up to now, y = 0 to the largest value of all.
 * Returns that value.
 */
function draw(svg, series, now) {
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.v)));
  const parts = [];
  for (const { points, cls } of series) {
    const xy = points.map((p) => [(600 * (p.t - (now - HOUR_MS))) / HOUR_MS, 76 - (70 * p.v) / max]);
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('points', xy.map(([x, y]) => `${x},${y}`).join(' '));
    if (cls) line.setAttribute('class', cls);
    parts.push(line);
    if (xy.length) { // the newest point as a mark, so a single sample shows too
      const [x, y] = xy[xy.length - 1];
      const mark = document.createElementNS(SVG_NS, 'rect');
      mark.setAttribute('x', String(x - 3));
      mark.setAttribute('y', String(y - 3));
      mark.setAttribute('width', '6');
      mark.setAttribute('height', '6');
      if (cls) mark.setAttribute('class', cls);
      parts.push(mark);
    }
  }
  svg.replaceChildren(...parts);
  return max;
}

function renderLlm(llm) {
  $('llm-servers').replaceChildren(...llm.servers.map((s) => el('tr', { 'data-testid': 'llm-server', 'data-up': String(s.up) },
    el('td', {}, s.url), el('td', {}, s.up ? 'up' : 'down'), el('td', {}, (s.loadedModels || []).join(', ')),
    el('td', {}, `${s.busy} / ${s.slots}`), el('td', {}, s.breaker),
    el('td', {}, s.p50Millis < 0 ? '–' : `${s.p50Millis} / ${s.p99Millis} ms`),
    el('td', { class: 'error' }, s.lastError || ''))));
}

/** Reply latency (post to stored reply, every member's replies) and, dashed, this member's LLM call times. */
function renderLatency(personas, llm) {
  const replies = (personas.replyLatency || []).map(([t, v]) => ({ t, v }));
  const calls = llm.calls.map(([t, v]) => ({ t, v }));
  draw($('latency-chart'), [{ points: replies, cls: 'reply' }, { points: calls, cls: 'call' }], Date.now());
  const slowest = Math.max(0, ...replies.map((p) => p.v));
  const median = replies.length ? [...replies.map((p) => p.v)].sort((x, y) => x - y)[Math.floor(replies.length / 2)] : 0;
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  $('latency-label').textContent = `Reply latency, the last hour: ${count(replies.length, 'reply', 'replies')}, `
    + `median ${median} ms, slowest ${slowest} ms; ${count(calls.length, 'LLM call', 'LLM calls')} on this member.`;
  $('latency-label').dataset.replies = String(replies.length);
}

function renderCluster(cluster) {
  const members = cluster.members || [];
  $('cluster-members').replaceChildren(...members.map((m) => el('tr', {
    'data-testid': 'cluster-member', 'data-serving': String(m.serving), 'data-writes': m.writes,
    'data-local': String(m.local),
  },
  el('td', {}, `${m.address || m.id}${m.local ? ' (this member)' : ''}${m.seen ? '' : ' (not seen by this member)'}`),
  el('td', {}, m.serving ? 'serving' : 'not serving'),
  el('td', {}, m.writes + (m.reason ? `: ${m.reason}` : '')),
  el('td', {}, m.clusterSize ? `${m.clusterSize} members` : ''),
  el('td', {}, m.merges), el('td', {}, m.windowTakeOvers),
  el('td', {}, m.lastPublishedSecondsAgo === undefined ? 'never' : `${m.lastPublishedSecondsAgo} s ago`))));
  const serving = members.filter((m) => m.serving).length;
  $('cluster-summary').textContent = `${serving} of ${members.length} members serving`;
}

function renderHealth(health) {
  const items = [];
  for (const check of (health && health.checks) || []) {
    items.push(el('dt', {}, check.name), el('dd', { 'data-state': check.status, 'data-testid': `health-${check.name}` },
      [check.status, ...Object.entries(check.data || {}).map(([k, v]) => `${k}: ${v}`)].join(' · ')));
  }
  $('health').replaceChildren(...items);
}

function renderPersonas(list) {
  $('personas').replaceChildren(...list.personas.map((p) => el('tr', { 'data-testid': 'persona', 'data-id': p.id,
    'data-enabled': String(p.enabled) },
  el('td', {}, p.id), el('td', {}, p.username), el('td', {}, p.enabled ? 'yes' : 'no'),
  el('td', {}, p.repliesLastHour), el('td', {}, p.failuresLastHour),
  el('td', {}, p.rateLimited ? `waiting ${p.rateLimitWaitSeconds} s` : 'free'),
  el('td', {}, button(p.enabled ? 'disable' : 'enable', p.enabled ? 'Disable' : 'Enable', () => api('POST',
    `/api/bot/personas/${encodeURIComponent(p.id)}/${p.enabled ? 'disable' : 'enable'}`))))));
}

function renderMessages(page) {
  const rows = (page.comments || []).slice().reverse().map((m) => el('tr', { 'data-testid': 'mod-message', 'data-id': m.id },
    el('td', {}, new Date(m.timestamp).toLocaleTimeString()), el('td', {}, m.username || 'anonymous'),
    el('td', {}, m.text), el('td', {}, button('hide', 'Hide', () => api('DELETE', `/api/comments/${encodeURIComponent(m.id)}`)))));
  $('messages').replaceChildren(...rows);
}

function renderBans(bans) {
  $('bans').replaceChildren(...bans.bans.map((ban) => el('li', { 'data-testid': 'ban', 'data-id': ban.id },
    `${ban.kind} ${ban.subject}: ${ban.reason} (${age(ban.secondsLeft)} left) `,
    button('unban', 'Remove', () => api('DELETE', `/api/moderation/bans/${encodeURIComponent(ban.id)}`)))));
}

function renderAudit(audit) {
  $('audit').replaceChildren(...audit.entries.map((e) => {
    const li = el('li', { 'data-testid': 'audit-entry', 'data-action': e.action, 'data-target': e.target || '' },
      `${new Date(e.at).toLocaleString()} · ${e.actor} · ${e.action} ${e.target || ''} ${e.detail || ''} `);
    if (e.action === 'hide') {
      li.append(button('restore', 'Restore', () => api('POST', `/api/comments/${encodeURIComponent(e.target)}/restore`)));
    }
    return li;
  }));
}

function handleError(e) {
  if (e instanceof ApiError && e.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    stop();
    setState('wrong-credential', 'The operator credential was refused. Sign in again.');
  } else if (e instanceof ApiError && e.status === 0) {
    setState('unreachable', 'The server cannot be reached. Retrying…');
  } else {
    setState('signed-in', e.message);
  }
}

async function refresh() {
  if (!token()) return;
  try {
    const [queue, personas, llm, cluster, messages, bans, audit] = await Promise.all([
      api('GET', '/api/bot/queue'), api('GET', '/api/bot/personas'), api('GET', '/api/bot/llm'),
      api('GET', '/api/cluster'), api('GET', '/api/comments?limit=30'), api('GET', '/api/moderation/bans'),
      api('GET', '/api/audit?limit=50')]);
    renderQueue(queue);
    renderLlm(llm);
    renderLatency(personas, llm);
    renderCluster(cluster);
    renderPersonas(personas);
    renderMessages(messages);
    renderBans(bans);
    renderAudit(audit);
    // Health answers 503 when a check is down; its body still says which.
    const res = await fetch('/health/ready', { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
    renderHealth(await res.json());
    $('console-status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    setState('signed-in', '');
  } catch (e) {
    handleError(e);
  }
}

function start() {
  stop();
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

function stop() {
  clearInterval(timer);
  timer = 0;
}

$('sign-in').addEventListener('submit', (ev) => {
  ev.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  start();
});

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  stop();
  setState('signed-out', '');
});

$('pause').addEventListener('click', async () => {
  try {
    await api('POST', $('pause').dataset.paused === 'true' ? '/api/bot/resume' : '/api/bot/pause');
    await refresh();
  } catch (e) {
    handleError(e);
  }
});

$('ban-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const error = $('ban-error');
  const body = { minutes: Number($('ban-minutes').value), reason: $('ban-reason').value };
  body[$('ban-kind').value] = $('ban-subject').value.trim();
  try {
    await api('POST', '/api/moderation/bans', body);
    error.hidden = true;
    $('ban-subject').value = '';
    $('ban-reason').value = '';
    await refresh();
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) {
      error.hidden = false;
      error.textContent = e.message;
    } else {
      handleError(e);
    }
  }
});

if (token()) start();
else setState('signed-out', '');
