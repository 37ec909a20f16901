// The console's wiring: login, tabs, the live feed, and the commands behind the buttons and forms. What the user may
// do is shown from /v1/session; the server checks every command's role again (403), whatever this page shows.
import * as api from './api.js';
import { buildSetup } from './forms.js';
import { buildClusterPaths } from './paths.js';
import { buildTimeline } from './timeline.js';
import { renderHierarchies, renderNodes, renderPaths } from './views.js';

const $ = id => document.getElementById(id);
let session = null;
let status = null;
let stopFollowing = null;
let updateSetup = null;
const timeline = buildTimeline(show);
const clusterPaths = buildClusterPaths($('cluster-paths'));

/** true/false: the API has the command and the user may (not) send it; undefined: this build has no such command. */
function can(name) {
  return session?.commands.find(c => c.name === name)?.allowed;
}

function show(text, error = false) {
  const message = $('message');
  message.textContent = text;
  message.className = error ? 'error' : 'ok';
}

/** Sends a command and reports the engine's verdict; true when accepted. */
async function run(name, body) {
  show(`${name}: sending…`);
  const { status: code, body: answer } = await api.command(name, body);
  if (code === 200) {
    show(`${name}: accepted by leader ${answer.leader} (${answer.events.length} decisions)`);
    return true;
  }
  show(`${name}: ${code || 'no answer'} ${answer?.code ?? ''}: ${answer?.message ?? ''}`, true);
  return false;
}

/** A form's own refusal, before anything is sent. */
run.refuse = text => show(text, true);

function render() {
  if (!status) return;
  $('where').textContent = `cluster ${status.cluster}, seen from ${status.node}${status.leader ? `, leader ${status.leader}` : ', no leader'}`;
  $('paths-from').textContent = `from ${status.node}`;
  renderNodes($('nodes'), status.nodes);
  renderPaths($('paths'), status.paths);
  // Choices the user was making survive the re-render a live update causes.
  const kept = new Map([...document.querySelectorAll('#hierarchies [data-keep]')].map(s => [s.dataset.keep, s.value]));
  const members = status.nodes.filter(n => n.role !== 'witness').map(n => n.name);
  renderHierarchies($('hierarchies'), status.resources, members, { can: name => can(name) === true, run });
  for (const select of document.querySelectorAll('#hierarchies [data-keep]')) {
    if (kept.has(select.dataset.keep) && [...select.options].some(o => o.value === kept.get(select.dataset.keep))) select.value = kept.get(select.dataset.keep);
  }
  updateSetup?.(status);
}

function onLive(live) {
  $('live').textContent = live ? 'live' : 'reconnecting…';
  $('live').className = `live ${live ? 'on' : 'off'}`;
}

async function start() {
  $('who').textContent = `${session.user} (${session.role})`;
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = false;
  const admin = session.role === 'admin';
  document.querySelector('[data-tab="setup"]').hidden = !admin;
  if (admin) {
    const types = await api.call('GET', '/v1/types');
    updateSetup = buildSetup($('tab-setup'), types.status === 200 ? types.body.types : [], can, run);
  }
  clusterPaths.start();
  stopFollowing = api.follow((name, data) => {
    if (name === 'status') {
      status = data;
      render();
      clusterPaths.refresh();
    } else if (name === 'journal') {
      timeline.add(data);
    }
  }, onLive);
}

$('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  api.login(form.elements.user.value, form.elements.password.value);
  const { status: code, body } = await api.call('GET', '/v1/session');
  if (code !== 200) {
    api.logout();
    $('login-error').textContent = code === 401 ? 'Unknown user or wrong password.' : (body?.message ?? `login failed (${code})`);
    return;
  }
  form.elements.password.value = '';
  $('login-error').textContent = '';
  session = body;
  await start();
});

$('logout').addEventListener('click', () => {
  stopFollowing?.();
  clusterPaths.stop();
  api.logout();
  session = status = updateSetup = null;
  $('app').hidden = true;
  $('login').hidden = false;
  $('logout').hidden = true;
  $('who').textContent = $('where').textContent = '';
  $('tab-setup').replaceChildren();
  onLive(false);
  $('live').textContent = 'offline';
});

for (const tab of document.querySelectorAll('#tabs button')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('#tabs button')) {
      other.classList.toggle('active', other === tab);
      $(`tab-${other.dataset.tab}`).hidden = other !== tab;
    }
    if (tab.dataset.tab === 'timeline') timeline.open();
  });
}


