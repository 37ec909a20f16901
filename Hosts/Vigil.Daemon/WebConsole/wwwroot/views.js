// Rendering: DOM built from data with textContent only (no HTML strings), so no cluster datum can become markup.

/** el('tr', {class: 'x', 'data-tag': t, onclick: f}, child, [children], 'text') */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(3)) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function options(values, selected) {
  return values.map(v => el('option', { value: v, selected: v === selected }, v));
}

/** Node cards: live status nodes ({name, role, alive, leader, types}) or past ones ({name, alive, maintenance}). */
export function renderNodes(container, nodes) {
  container.replaceChildren(...nodes.map(n => {
    const health = n.alive === true ? 'alive' : n.alive === false ? 'dead' : 'unknown';
    return el('div', { class: `card node ${health}`, 'data-node': n.name },
      el('strong', {}, n.name),
      el('span', { class: 'health' }, health.toUpperCase()),
      n.leader ? el('span', { class: 'badge' }, 'leader') : null,
      n.role === 'witness' ? el('span', { class: 'badge' }, 'witness') : null,
      n.maintenance ? el('span', { class: 'badge' }, 'maintenance') : null,
      n.types ? el('small', {}, n.types.length ? n.types.join(', ') : 'no kits') : null);
  }));
}

/** The observer's comm paths: one row per peer, one column per path. */
export function renderPaths(table, paths) {
  const kinds = [...new Set(paths.map(p => p.path))];
  const peers = [...new Set(paths.map(p => p.peer))];
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {}, 'to'), kinds.map(k => el('th', {}, k)))),
    el('tbody', {}, peers.map(peer => el('tr', {},
      el('th', {}, peer),
      kinds.map(kind => {
        const state = paths.find(p => p.peer === peer && p.path === kind)?.state ?? 'UNKNOWN';
        return el('td', {}, el('span', { class: `path p-${state.toLowerCase()}`, 'data-peer': peer, 'data-path': kind }, state));
      })))));
}

/**
 * One table per hierarchy (a resource nothing depends on, with everything below it), a column per node: the state
 * and priority there. `actions` ({can(name), run(name, body)}) adds the buttons the user's role allows; null: none.
 */
export function renderHierarchies(container, resources, nodeNames, actions) {
  const byTag = new Map(resources.map(r => [r.tag, r]));
  const children = new Set(resources.flatMap(r => r.dependsOn));
  const roots = resources.filter(r => !children.has(r.tag));
  container.replaceChildren(...(roots.length
    ? roots.map(root => hierarchy(root, byTag, nodeNames, actions))
    : [el('p', { class: 'empty' }, 'No resources.')]));
}

function hierarchy(root, byTag, nodeNames, actions) {
  const rows = [];
  const walk = (r, depth, path) => {
    rows.push(row(r, depth, nodeNames));
    for (const tag of r.dependsOn) {
      if (byTag.has(tag) && !path.includes(tag)) walk(byTag.get(tag), depth + 1, [...path, tag]);
    }
  };
  walk(root, 0, [root.tag]);
  return el('article', { class: 'hierarchy', 'data-root': root.tag },
    el('h3', {}, root.tag, ' ', el('span', { class: 'where' }, where(root)),
      el('small', {}, ` switchback ${root.switchback}`, root.maintenance ? ', in maintenance' : '')),
    el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'resource'), el('th', {}, 'type'), nodeNames.map(n => el('th', {}, n)))),
      el('tbody', {}, rows)),
    actions ? actionBar(root, nodeNames, actions) : null);
}

function where(r) {
  const active = r.instances.find(i => i.node === r.activeNode);
  if (!active) return 'out of service';
  return active.state === 'ISP' ? `in service on ${active.node}` : `${active.state} on ${active.node}`;
}

function row(r, depth, nodeNames) {
  const name = el('td', { class: 'tag' }, r.tag);
  name.style.paddingLeft = `${0.5 + depth * 1.5}em`;
  return el('tr', { 'data-tag': r.tag }, name, el('td', {}, r.type), nodeNames.map(n => {
    const i = r.instances.find(x => x.node === n);
    return el('td', {}, i
      ? [el('span', { class: `state s-${i.state.toLowerCase()}`, 'data-tag': r.tag, 'data-node': n, title: i.reason ?? '' }, i.state),
         ' ', el('small', { class: 'prio' }, `p${i.priority}`)]
      : el('span', { class: 'none' }, '·'));
  }));
}

function actionBar(root, nodeNames, actions) {
  const on = root.instances.map(i => i.node);
  const tag = root.tag;
  const pick = (id, list) => el('select', { 'data-keep': `${id}-${tag}`, 'aria-label': `${id} node` }, options(list));
  const items = [];
  if (actions.can('restore')) {
    const node = pick('restore', on);
    items.push(el('span', {}, el('button', { type: 'button', 'data-action': 'restore', 'data-tag': tag,
      onclick: () => actions.run('restore', { tag, node: node.value }) }, 'Restore on'), node));
  }
  if (actions.can('remove')) {
    items.push(el('button', { type: 'button', 'data-action': 'remove', 'data-tag': tag,
      onclick: () => actions.run('remove', { tag }) }, 'Remove'));
  }
  if (actions.can('switchover')) {
    const node = pick('switchover', on.filter(n => n !== root.activeNode));
    items.push(el('span', {}, el('button', { type: 'button', 'data-action': 'switchover', 'data-tag': tag,
      onclick: () => actions.run('switchover', { tag, node: node.value }) }, 'Switch over to'), node));
  }
  const free = nodeNames.filter(n => !on.includes(n));
  if (actions.can('extend-resource') && free.length) {
    const node = pick('extend', free);
    const priority = el('input', { type: 'number', min: 1, value: Math.max(0, ...root.instances.map(i => i.priority)) + 1, 'aria-label': 'priority', class: 'narrow' });
    items.push(el('span', {}, el('button', { type: 'button', 'data-action': 'extend', 'data-tag': tag,
      onclick: () => actions.run('extend-resource', { tag, node: node.value, priority: Number(priority.value) }) }, 'Extend to'), node, ' priority ', priority));
  }
  return items.length ? el('div', { class: 'actions' }, items) : null;
}
