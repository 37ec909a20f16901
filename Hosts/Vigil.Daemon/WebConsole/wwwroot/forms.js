// The admin's set-up flow: forms generated from the kits' parameter schemas (/v1/types), sent as engine commands.
import { el, options } from './views.js';

const switchbacks = ['intelligent', 'automatic'];

/** Builds the set-up tab; returns update(status), which refreshes the node and resource lists and keeps choices. */
export function buildSetup(container, types, can, run) {
  const lists = { nodes: [], resources: [] };
  container.replaceChildren(
    createForm(types, run),
    extendForm(run),
    dependencyForm(run),
    joinForm(can, run),
    unavailable(can, 'add-comm-path', 'Add a comm path', [['nodeA', 'first node'], ['nodeB', 'second node'],
      ['type', 'udp, tcp or disk'], ['addressA', "first node's address"], ['addressB', "second node's address"]], run));
  return status => {
    lists.nodes = status.nodes.filter(n => n.role !== 'witness').map(n => n.name);
    lists.resources = status.resources.map(r => r.tag);
    for (const select of container.querySelectorAll('select[data-list]')) {
      const kept = select.value;
      const values = select.dataset.list === 'type-nodes' ? (select.typeNodes ?? lists.nodes) : lists[select.dataset.list];
      select.replaceChildren(...options(values, kept));
    }
  };
}

function createForm(types, run) {
  const type = el('select', { name: 'type', required: true }, options(types.map(t => t.name)));
  const node = el('select', { name: 'node', 'data-list': 'type-nodes', required: true });
  const params = el('fieldset', { class: 'params' });
  const describe = () => {
    const t = types.find(x => x.name === type.value);
    node.typeNodes = t?.nodes ?? [];
    node.replaceChildren(...options(node.typeNodes, node.value));
    params.replaceChildren(...[
      el('legend', {}, `${type.value} parameters`),
      t?.description ? el('p', { class: 'hint' }, t.description) : null,
      ...(t?.parameters ?? []).map(field),
      t?.allowsUnknownParameters
        ? el('label', { class: 'param extra' }, el('span', {}, 'more parameters'),
          el('textarea', { name: 'extra', rows: 3, spellcheck: 'false', placeholder: 'NAME=VALUE, one per line' }),
          el('small', {}, `${type.value} accepts parameters beyond its schema (passed to the kit as they are)`))
        : null,
    ].filter(Boolean));
  };
  type.addEventListener('change', describe);
  const form = el('form', { id: 'create-form', class: 'setup' },
    el('h2', {}, 'Create a resource'),
    el('label', {}, 'Type ', type),
    el('label', {}, 'Tag ', el('input', { name: 'tag', required: true, pattern: '[A-Za-z0-9._\\-]+' })),
    el('label', {}, 'On server ', node),
    el('label', {}, 'Switchback ', el('select', { name: 'switchback' }, options(switchbacks))),
    params,
    el('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    const parameters = {};
    for (const line of String(data.get('extra') ?? '').split('\n').map(l => l.trim()).filter(Boolean)) {
      const eq = line.indexOf('=');
      if (eq <= 0) {
        run.refuse(`more parameters: '${line}' is not NAME=VALUE`);
        return;
      }
      parameters[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    for (const [key, value] of data) {
      if (key.startsWith('param:') && value !== '') parameters[key.slice(6)] = value;
    }
    const ok = await run('create-resource', { tag: data.get('tag'), type: data.get('type'), node: data.get('node'), switchback: data.get('switchback'), parameters });
    if (ok) form.elements.tag.value = '';
  });
  describe();
  return form;
}

/** One input per parameter, shaped by its kind; the server validates again (the engine is the judge). */
function field(p) {
  const name = `param:${p.name}`;
  let input;
  if (p.kind === 'boolean' || p.kind === 'enum') {
    const values = p.kind === 'boolean' ? ['true', 'false'] : (p.allowedValues ?? []);
    input = el('select', { name }, el('option', { value: '' }, p.default === null || p.default === undefined ? '(none)' : `(default: ${p.default})`), options(values));
  } else {
    input = el('input', {
      name,
      type: p.kind === 'integer' ? 'number' : 'text',
      min: p.min ?? null,
      max: p.max ?? null,
      placeholder: p.secret ? 'secret://NAME' : (p.default ?? ''),
      required: p.required && (p.default === null || p.default === undefined),
      spellcheck: 'false',
    });
  }
  const hint = [p.kind, p.secret ? 'secret: give a secret:// reference' : null, p.pattern ? `matches /${p.pattern}/` : null].filter(Boolean).join(', ');
  return el('label', { class: 'param' },
    el('span', {}, p.name, p.required ? el('b', { title: 'required' }, ' *') : null),
    input,
    el('small', {}, p.description ? `${p.description} (${hint})` : hint));
}

function extendForm(run) {
  const form = el('form', { id: 'extend-form', class: 'setup' },
    el('h2', {}, 'Extend a resource to another server'),
    el('label', {}, 'Resource ', el('select', { name: 'tag', 'data-list': 'resources', required: true })),
    el('label', {}, 'To server ', el('select', { name: 'node', 'data-list': 'nodes', required: true })),
    el('label', {}, 'Priority ', el('input', { name: 'priority', type: 'number', min: 1, value: 2, required: true, class: 'narrow' })),
    el('label', {}, 'Switchback ', el('select', { name: 'switchback' }, el('option', { value: '' }, '(unchanged)'), options(switchbacks))),
    el('button', { type: 'submit' }, 'Extend'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    const tag = data.get('tag');
    if (await run('extend-resource', { tag, node: data.get('node'), priority: Number(data.get('priority')) }) && data.get('switchback')) {
      await run('set-switchback', { tag, mode: data.get('switchback') });
    }
  });
  return form;
}

function dependencyForm(run) {
  const form = el('form', { id: 'dependency-form', class: 'setup' },
    el('h2', {}, 'Build a dependency'),
    el('label', {}, 'Parent ', el('select', { name: 'parent', 'data-list': 'resources', required: true })),
    el('label', {}, 'depends on ', el('select', { name: 'child', 'data-list': 'resources', required: true })),
    el('button', { type: 'submit' }, 'Add dependency'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    await run('add-dependency', { parent: data.get('parent'), child: data.get('child') });
  });
  return form;
}

/** A form for a command this build may not have: disabled, saying so, unless the API lists the command. */
function unavailable(can, name, title, fields, run) {
  const present = can(name) !== undefined;
  const form = el('form', { id: `${name}-form`, class: 'setup' },
    el('h2', {}, title),
    present ? null : el('p', { class: 'unavailable' }, `Not available in this build: the API has no '${name}' command.`),
    el('fieldset', { disabled: !present || !can(name) },
      fields.map(([key, label]) => el('label', {}, `${label} `, el('input', { name: key, required: true }))),
      el('button', { type: 'submit' }, title)));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    await run(name, Object.fromEntries(new FormData(form)));
  });
  return form;
}

// 'Add a server' sends cluster-join (what `vigil cluster join --config FILE` sends): the new server must already run
// vigild with '[local] join' and the fields are those of its [node] section. Empty optional fields are left out.
function joinForm(can, run) {
  const present = can('cluster-join') !== undefined;
  const input = (key, label, required, attrs = {}) =>
    el('label', {}, `${label} `, el('input', { name: key, required, ...attrs }));
  const form = el('form', { id: 'cluster-join-form', class: 'setup' },
    el('h2', {}, 'Add a server'),
    present ? null : el('p', { class: 'unavailable' }, "Not available in this build: the API has no 'cluster-join' command."),
    el('p', { class: 'hint' }, "Start the new server's vigild first, with '[local] join' in its configuration file; "
      + 'give the values of its [node] section. The leader adds it to consensus (it receives the whole log) and every server starts its comm paths to it.'),
    el('fieldset', { disabled: !present || !can('cluster-join') },
      input('name', 'node name', true, { pattern: '[A-Za-z0-9._\\-]+' }),
      input('id', 'heartbeat id (its [node] id)', true, { type: 'number', min: 0, max: 65535 }),
      input('raft', 'raft address:port', true),
      input('api', 'control API address:port', false),
      input('udp', 'udp address:port', false),
      input('tcp', 'tcp address:port', false),
      input('disk', 'disk region path', false),
      el('label', {}, 'witness ', el('input', { name: 'witness', type: 'checkbox' })),
      el('button', { type: 'submit' }, 'Add a server')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => String(v).trim() !== ''));
    await run('cluster-join', { ...data, id: Number(data.id), witness: data.witness === 'on' });
  });
  return form;
}
