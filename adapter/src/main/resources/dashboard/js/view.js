// Renders the store and the panels. Whole sections are rebuilt, at most once per animation frame.
import {sparkline} from './chart.js';

const fmt = new Intl.NumberFormat('en', {maximumFractionDigits: 1});
const pct = new Intl.NumberFormat('en', {maximumFractionDigits: 2});
const num = (v) => (v == null || Number.isNaN(v) ? '–' : fmt.format(v));

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

function pairs(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([k, v, attrs]) => [el('dt', {}, k), el('dd', attrs ?? {}, v)]));
}

export function renderCards(root, store) {
  const types = Object.keys(store.stats).sort();
  root.replaceChildren(...types.map(t => {
    const s = store.stats[t];
    const dl = el('dl');
    pairs(dl, [
      ['events', num(s.events), {'data-field': 'events'}],
      ['errors', num(s.errors), {'data-field': 'errors', class: s.errors ? 'errors' : ''}],
      ['in / out', `${num(s.inbound)} / ${num(s.outbound)}`],
      ['bytes', num(s.bytes)],
      ['avg / p95 ms', `${num(s.avg_response_time_ms)} / ${num(s.p95_response_time_ms)}`],
    ]);
    return el('article', {class: 'card', 'data-type': t}, el('h3', {}, t), dl,
      sparkline(store.rate(t), `${t}: events per second, last two minutes`));
  }));
}

export function renderTable(tbody, store, filter, shown) {
  const rows = store.rows.filter(e => (!filter.type || e.connection_type === filter.type)
    && (!filter.direction || e.direction === filter.direction) && (!filter.errors || e.error));
  tbody.replaceChildren(...rows.map(e => el('tr', {'data-event-id': e.event_id, 'data-seq': e.seq, class: e.error ? 'error' : ''},
    el('td', {class: 'num'}, e.seq), el('td', {}, e.time ? new Date(e.time).toLocaleTimeString() : ''),
    el('td', {}, e.connection_type), el('td', {}, e.direction),
    el('td', {}, [e.script_name, e.function_name].filter(Boolean).join(' / ')),
    el('td', {class: 'num'}, num(e.data_size_bytes)), el('td', {class: 'num'}, num(e.response_time_ms)),
    el('td', {}, e.error ?? ''))));
  shown.textContent = `${rows.length} of ${store.rows.length} shown`;
}

export function renderHealth(dl, store, transport, switcher) {
  const h = store.health ?? {};
  const s = store.sessions ?? {};
  pairs(dl, [
    ['connected dashboards', num(h.connected)],
    ['active / total sessions', `${num(s.active_sessions)} / ${num(s.total_sessions)}`],
    ['ping latency avg / p95', `${num(h.latency?.avg_ms)} / ${num(h.latency?.p95_ms)} ms`],
    ['reconnections (all)', num(h.reconnections)],
    ['timeouts', num(h.timeouts)],
    ['this page: reconnections', num(transport?.reconnects), {'data-field': 'own-reconnects'}],
    ['this page: fallbacks to legacy', num(switcher?.fallbacks), {'data-field': 'own-fallbacks',
      class: switcher?.fallback ? 'errors' : ''}],
    ['this page: round trip', transport?.pingMs == null ? '–' : `${transport.pingMs} ms`],
    ['this page: events / duplicates dropped', `${store.accepted} / ${store.duplicates}`, {'data-field': 'dedup'}],
  ]);
}

export function renderMigration(dl, m) {
  const a = m.answer ?? {};
  const verdict = m.report?.verdict?.result;
  const link = el('a', {href: '/api/validation/latest.html', target: '_blank'}, verdict ?? 'none yet');
  if (verdict) link.className = 'verdict-' + verdict;
  const rows = [
    ['stage', a.stage ?? m.stage?.stage ?? '–', {'data-field': 'stage'}],
    ['on Realtime', m.stage ? `${pct.format(m.stage.realtime_percentage)} %` : '–'],
    ['kill switch', m.stage ? (m.stage.kill_switch ? 'ON' : 'off') : '–'],
    ['this dashboard', m.fallback ? `legacy (rollout: ${a.transport})` : a.transport ?? '–', {'data-field': 'own-transport'}],
    ['why', [a.reason, a.detail].filter(Boolean).join(': ') || '–'],
    ['fallback', m.fallback?.reason ?? 'none', {'data-field': 'fallback', class: m.fallback ? 'errors' : ''}],
    ['latest verdict', link],
  ];
  const cap = m.report?.capacity;
  if (cap) {
    rows.push(['Realtime msg/s projected', num(cap.realtime_messages_per_second)]);
    for (const p of cap.plans ?? []) {
      rows.push([`quota ${p.name}`, `${num(p.messages_per_second_quota)} msg/s: ${p.over ? 'over' : 'within'}`,
        {class: p.over ? 'errors' : ''}]);
    }
  }
  pairs(dl, rows);
}
