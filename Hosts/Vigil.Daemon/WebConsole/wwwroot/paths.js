// Every node's view of its comm paths (GET /v1/paths/cluster): one grid per observer, a row per observer → peer, a
// column per path. Another node's view changes without this node's status changing, so besides each live status
// update the grid is re-read every few seconds while the page is logged in; one request at a time.
import * as api from './api.js';
import { el } from './views.js';

const Every = 3000;

export function buildClusterPaths(container) {
  let timer = null;
  let busy = false;
  let again = false;

  async function refresh() {
    if (timer === null) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const { status, body } = await api.call('GET', '/v1/paths/cluster');
        if (timer === null) return;
        if (status === 200) render(container, body.observers);
        else container.replaceChildren(el('p', { class: 'error' }, `every node's view: ${status || 'no answer'} ${body?.message ?? ''}`));
      } while (again);
    } finally {
      busy = false;
    }
  }

  return {
    refresh,
    start() {
      timer ??= setInterval(refresh, Every);
      refresh();
    },
    stop() {
      clearInterval(timer);
      timer = null;
      container.replaceChildren();
    },
  };
}

function render(container, observers) {
  const kinds = [...new Set(observers.flatMap(o => o.paths.map(p => p.path)))];
  container.replaceChildren(...observers.map(o => el('article', { class: `observer${o.reachable ? '' : ' unreachable'}`, 'data-observer': o.node },
    el('h3', {}, `seen from ${o.node}`, o.reachable ? null : el('small', { class: 'error' }, ` unreachable: ${o.error}`)),
    o.reachable ? grid(o, kinds) : null)));
}

function grid(observer, kinds) {
  const peers = [...new Set(observer.paths.map(p => p.peer))];
  return el('table', { class: 'paths' },
    el('thead', {}, el('tr', {}, el('th', {}, 'observer → peer'), kinds.map(k => el('th', {}, k)))),
    el('tbody', {}, peers.map(peer => el('tr', {},
      el('th', {}, `${observer.node} → ${peer}`),
      kinds.map(kind => {
        const state = observer.paths.find(p => p.peer === peer && p.path === kind)?.state ?? 'UNKNOWN';
        return el('td', {}, el('span', { class: `path p-${state.toLowerCase()}`, 'data-observer': observer.node, 'data-peer': peer, 'data-path': kind }, state));
      })))));
}
