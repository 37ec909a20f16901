// The journal's timeline: a slider over this node's journal positions; the cluster at the chosen moment comes from
// /v1/state, which replays the journal's decisions up to that event.
import { call } from './api.js';
import { el, renderHierarchies, renderNodes, renderPaths } from './views.js';

const shown = 400;

export function buildTimeline(show) {
  const slider = document.getElementById('slider');
  const list = document.getElementById('events');
  const moment = document.getElementById('moment');
  let events = [];
  let pending = null;

  const draw = async position => {
    const { status, body } = await call('GET', `/v1/state?position=${position}`);
    if (status !== 200) {
      moment.textContent = body?.message ?? `state unavailable (${status})`;
      return;
    }
    const e = body.event;
    moment.replaceChildren(el('span', {},
      el('strong', {}, `#${body.position}`), ' of ', String(body.last),
      e ? [' · ', el('time', {}, e.timestamp), ' · ', el('span', { class: 'summary' }, e.summary)] : ' · before the first event'));
    renderNodes(document.getElementById('past-nodes'), body.nodes);
    renderPaths(document.getElementById('past-paths'), body.paths);
    renderHierarchies(document.getElementById('past-hierarchies'), body.resources, body.nodes.map(n => n.name), null);
    for (const item of list.children) item.classList.toggle('current', Number(item.dataset.position) === body.position);
  };

  const choose = position => {
    slider.value = String(position);
    clearTimeout(pending);
    pending = setTimeout(() => draw(position), 120);
  };

  const item = e => el('li', { 'data-position': e.position, class: `k-${e.kind}`, onclick: () => choose(e.position) },
    el('span', { class: 'pos' }, `#${e.position}`), ' ', el('time', {}, e.timestamp.slice(11, 23)), ' ', e.summary);

  slider.addEventListener('input', () => choose(Number(slider.value)));

  return {
    /** Loads the latest events and shows the present. */
    async open() {
      const { status, body } = await call('GET', `/v1/history?limit=${shown}`);
      if (status !== 200) {
        show(body?.message ?? `history unavailable (${status})`, true);
        return;
      }
      events = body.events;
      list.replaceChildren(...events.map(item).reverse());
      slider.min = String(Math.max(0, (events[0]?.position ?? 1) - 1));
      slider.max = String(body.total);
      choose(body.total);
    },
    /** A new journal event (live): listed; the slider follows it when it was at the latest moment. */
    add(e) {
      if (!events.length && !list.children.length) return;
      const following = Number(slider.value) === Number(slider.max);
      events.push(e);
      list.prepend(item(e));
      if (list.children.length > shown) list.lastElementChild.remove();
      slider.max = String(e.position);
      if (following && !document.getElementById('tab-timeline').hidden) choose(e.position);
    },
  };
}
