// sched dashboard (REF §5.2, SPEC §4): vanilla JS over the gateway's own REST API, polled
// every 2 s. Everything from the API is rendered with textContent and DOM nodes, never
// as HTML, so job commands, outputs, errors and node addresses cannot inject markup.
'use strict';

const POLL_MS = 2000;
const PAGE_SIZE = 20;
const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];

const $ = (id) => document.getElementById(id);

/** Page state: the filters, the page tokens seen so far (index 0 = first page), the job shown in detail. */
const state = { status: '', search: '', tokens: [''], page: 0, nextToken: null, detailId: null, busy: false };

/** An element with text content and attributes; children are nodes or strings (as text). */
function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function setText(id, text) {
  $(id).textContent = text;
}

function showMessage(id, text) {
  const node = $(id);
  node.textContent = text || '';
  node.hidden = !text;
}

/** HH:MM:SS in the browser's time zone, `-` for null. */
function clock(timestamp) {
  if (!timestamp) return '-';
  const d = new Date(timestamp);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function fullTime(timestamp) {
  return timestamp ? new Date(timestamp).toLocaleString() : '-';
}

function statusBadge(status) {
  const known = STATUSES.includes(status) ? status : 'unknown';
  return el('span', { className: `status status-${known}` }, String(status).toUpperCase());
}

function shortId(id) {
  return `${id.slice(0, 8)}...`;
}

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => null);
  return { response, body };
}

async function loadCluster() {
  try {
    const { response, body } = await api('/api/cluster');
    if (!response.ok || body === null) throw new Error(`HTTP ${response.status}`);
    showMessage('cluster-error', '');
    const role = $('cluster-role');
    role.textContent = body.role ? body.role.toUpperCase() : 'UNKNOWN';
    role.className = body.role ? `role-${body.role}` : 'dead';
    setText('cluster-term', body.current_term ?? '-');
    setText('cluster-leader', body.leader_id ? `Node ${body.leader_id}` : 'Unknown');
    setText('cluster-commit', body.commit_index ?? '-');
    setText('cluster-applied', body.last_applied ?? '-');
    setText('cluster-log', body.log_length ?? '-');
    const alive = body.nodes.filter((n) => n.is_alive).length;
    setText('cluster-alive', `${alive} of ${body.nodes.length}`);
    $('nodes-body').replaceChildren(
      ...body.nodes.map((n) =>
        el('tr', {}, el('td', {}, n.node_id ?? '?'), el('td', {}, n.address), el('td', { className: n.is_alive ? 'alive' : 'dead' }, n.is_alive ? 'alive' : 'dead')),
      ),
    );
  } catch {
    showMessage('cluster-error', 'Failed to load');
  }
}

function jobsQuery() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.status) query.set('status', state.status);
  if (state.search) query.set('command', state.search);
  const token = state.tokens[state.page];
  if (token) query.set('page_token', token);
  return query;
}

/** Sequence number of the latest jobs request: only its answer is shown. */
let latestJobsRequest = 0;

async function loadJobs() {
  const request = ++latestJobsRequest;
  try {
    const { response, body } = await api(`/api/jobs?${jobsQuery()}`);
    // A newer request (another filter, page or refresh) was sent meanwhile: an older answer
    // arriving after it must not replace what the current filter shows.
    if (request !== latestJobsRequest) return;
    if (!response.ok || !Array.isArray(body)) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    showMessage('jobs-error', '');
    const total = Number(response.headers.get('x-total-count') ?? body.length);
    state.nextToken = response.headers.get('x-next-page-token');
    renderJobs(body, total);
  } catch (error) {
    if (request !== latestJobsRequest) return;
    showMessage('jobs-error', `Failed to load: ${error.message}`);
  }
}

function renderJobs(jobs, total) {
  const filtered = state.status !== '' || state.search !== '';
  showMessage('jobs-empty', jobs.length === 0 ? (filtered ? 'No matching jobs' : 'No jobs yet') : '');
  $('jobs-table').hidden = jobs.length === 0;
  $('jobs-body').replaceChildren(...jobs.map(jobRow));
  const first = state.page * PAGE_SIZE;
  setText('page-info', jobs.length === 0 ? '' : `${first + 1}–${first + jobs.length} of ${total}`);
  $('prev-page').disabled = state.page === 0;
  $('next-page').disabled = !state.nextToken;
}

function jobRow(job) {
  const view = el('button', { className: 'view' }, 'Details');
  view.type = 'button';
  view.addEventListener('click', () => openDetail(job.id));
  const actions = el('td', {}, view);
  if (job.status === 'pending' || job.status === 'running') {
    const cancel = el('button', { className: 'cancel' }, 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => cancelJob(job.id));
    actions.append(' ', cancel);
  }
  const row = el(
    'tr',
    {},
    el('td', { title: job.id }, el('code', {}, shortId(job.id))),
    el('td', {}, el('code', {}, job.command)),
    el('td', {}, statusBadge(job.status)),
    el('td', {}, job.executed_by ?? '-'),
    el('td', { title: fullTime(job.created_at) }, clock(job.created_at)),
    el('td', { title: fullTime(job.completed_at) }, clock(job.completed_at)),
    actions,
  );
  row.dataset.jobId = job.id;
  return row;
}

async function loadDetail() {
  const id = state.detailId;
  if (id === null) return;
  try {
    const { response, body } = await api(`/api/jobs/${encodeURIComponent(id)}`);
    if (state.detailId !== id) return;
    if (!response.ok || body === null) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    showMessage('detail-error-message', '');
    setText('detail-id', body.id);
    setText('detail-command', body.command);
    $('detail-status').replaceChildren(statusBadge(body.status));
    setText('detail-executed', body.executed_by ?? '-');
    setText('detail-exit', body.exit_code ?? '-');
    setText('detail-created', fullTime(body.created_at));
    setText('detail-completed', fullTime(body.completed_at));
    setText('detail-output', body.output ?? '');
    setText('detail-stderr', body.error ?? '');
    $('detail-cancel').hidden = !(body.status === 'pending' || body.status === 'running');
  } catch (error) {
    showMessage('detail-error-message', `Failed to load: ${error.message}`);
  }
}

function openDetail(id) {
  state.detailId = id;
  setText('detail-id', id);
  for (const field of ['detail-command', 'detail-executed', 'detail-exit', 'detail-created', 'detail-completed', 'detail-output', 'detail-stderr']) setText(field, '');
  $('detail-status').replaceChildren();
  $('job-detail').hidden = false;
  void loadDetail();
}

async function cancelJob(id) {
  if (!window.confirm(`Cancel job ${id.slice(0, 8)}?`)) return;
  try {
    const { body } = await api(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (body && body.success) await refresh();
    else window.alert(`Cancel failed: ${(body && body.error) || 'unknown error'}`);
  } catch {
    window.alert('Cancel failed: network error');
  }
}

async function submitJob(event) {
  event.preventDefault();
  const button = $('submit-button');
  const message = $('submit-message');
  const job = { command: $('command').value };
  const image = $('image').value.trim();
  const timeout = $('timeout').value.trim();
  if (image) job.image = image;
  if (timeout) job.timeout_seconds = Number(timeout);
  button.disabled = true;
  button.textContent = 'Submitting...';
  try {
    const { body } = await api('/api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) });
    if (body && body.success) {
      message.className = 'success';
      message.textContent = `Job ${shortId(body.job_id)} submitted!`;
      $('command').value = '';
      setTimeout(() => void loadJobs(), 500);
    } else {
      message.className = 'error';
      message.textContent = (body && body.error) || 'Failed to submit';
    }
  } catch {
    message.className = 'error';
    message.textContent = 'Failed to submit';
  } finally {
    button.disabled = false;
    button.textContent = 'Submit';
  }
}

/** One poll: cluster, jobs and the open job, together; a poll still running makes the next one wait its turn. */
async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    await Promise.all([loadCluster(), loadJobs(), loadDetail()]);
    setText('refresh-state', `Updated ${clock(new Date().toISOString())} · auto-refresh every 2 s`);
  } finally {
    state.busy = false;
  }
}

function firstPage() {
  state.tokens = [''];
  state.page = 0;
  void loadJobs();
}

let searchTimer;
function start() {
  $('refresh').addEventListener('click', () => void refresh());
  $('submit-form').addEventListener('submit', submitJob);
  $('status-filter').addEventListener('change', (e) => {
    state.status = e.target.value;
    firstPage();
  });
  $('search').addEventListener('input', (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.search = e.target.value;
      firstPage();
    }, 300);
  });
  $('prev-page').addEventListener('click', () => {
    if (state.page > 0) state.page -= 1;
    void loadJobs();
  });
  $('next-page').addEventListener('click', () => {
    if (!state.nextToken) return;
    state.tokens[state.page + 1] = state.nextToken;
    state.page += 1;
    void loadJobs();
  });
  $('detail-close').addEventListener('click', () => {
    state.detailId = null;
    $('job-detail').hidden = true;
  });
  $('detail-cancel').addEventListener('click', () => {
    if (state.detailId !== null) void cancelJob(state.detailId);
  });
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}

start();
