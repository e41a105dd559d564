// The dashboard: keeps a client_id in localStorage (or takes ?client_id= for a pinned screen), asks Tandem which
// transport to use, and renders what either transport brings. window.tandemDashboard exposes its state read-only
// for operators' consoles and the browser tests.
import {api} from './api.js';
import {EventStore} from './store.js';
import {TransportSwitcher} from './switcher.js';
import {renderCards, renderHealth, renderMigration, renderTable} from './view.js';

const CLIENT_ID_KEY = 'tandem.client_id';
const PANELS_EVERY_MS = 10000;
const params = new URLSearchParams(location.search);

function clientId() {
  const pinned = params.get('client_id');
  if (pinned) return pinned;
  let id = localStorage.getItem(CLIENT_ID_KEY);
  if (!id) {
    id = 'dash-' + crypto.randomUUID();
    localStorage.setItem(CLIENT_ID_KEY, id);
  }
  return id;
}

/** A positive ?name=N in seconds as milliseconds; undefined (the default applies) when absent or not a number. */
function seconds(name) {
  const n = Number(params.get(name));
  return params.has(name) && Number.isFinite(n) && n > 0 ? 1000 * n : undefined;
}

async function main() {
  const config = await api.config();
  const store = new EventStore();
  const migration = {answer: null, fallback: null, stage: null, report: null};
  const $ = (s) => document.querySelector(s);
  const filter = {type: '', direction: '', errors: false};
  let pending = false;
  const statusEl = $('#status');
  const onStatus = (text) => { statusEl.textContent = text; };

  const switcher = new TransportSwitcher(clientId(), {
    store,
    onStatus,
    onGap: (text) => { onStatus(text); document.body.dataset.gap = 'true'; },
    onAnswer: (answer) => { migration.answer = answer; render(); },
    onFallback: (f) => { migration.fallback = f; if (f) onStatus(f.reason); render(); },
    supabaseJs: config.supabase_js,
    recentLimit: config.recent_limit,
    legacyToken: params.get('token'),
    // ?recheck=N (seconds) shortens the re-check for demos and tests.
    recheckMs: 1000 * Number(params.get('recheck') ?? config.recheck_seconds),
    // ?realtime_timeout=N (seconds): how long Realtime may take to reach SUBSCRIBED before falling back to legacy.
    realtimeTimeoutMs: seconds('realtime_timeout'),
  });

  function render() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const t = switcher.current;
      const badge = $('#transport');
      const fallback = switcher.fallback;
      badge.dataset.transport = t?.kind ?? '';
      badge.dataset.fallback = fallback ? 'true' : 'false';
      badge.textContent = t ? t.kind + (fallback ? ' (fallback)' : '') : 'connecting…';
      badge.title = fallback?.reason ?? '';
      const notice = $('#fallback');
      notice.hidden = !fallback;
      notice.textContent = fallback?.reason ?? '';
      renderCards($('#cards'), store);
      const select = $('#filter-type');
      const types = Object.keys(store.stats).sort();
      if (select.options.length - 1 !== types.length) {
        select.replaceChildren(new Option('all', ''), ...types.map(k => new Option(k, k)));
        select.value = filter.type;
      }
      renderTable($('#events tbody'), store, filter, $('#shown'));
      renderHealth($('#health dl'), store, t, switcher);
      renderMigration($('#migration dl'), migration);
      document.body.dataset.state = 'ready';
    });
  }

  $('#filter-type').onchange = (e) => { filter.type = e.target.value; render(); };
  $('#filter-direction').onchange = (e) => { filter.direction = e.target.value; render(); };
  $('#filter-errors').onchange = (e) => { filter.errors = e.target.checked; render(); };
  store.onChange(render);

  async function panels() {
    migration.stage = await api.stage().catch(() => migration.stage);
    migration.report = await api.latestReport().catch(() => null); // 404 until a run has closed
    render();
  }
  setInterval(panels, PANELS_EVERY_MS);
  setInterval(render, 2000); // sparklines move on even when nothing arrives

  window.tandemDashboard = {
    clientId: switcher.clientId,
    transport: () => switcher.current?.kind ?? null,
    switches: () => switcher.switches,
    fallbacks: () => switcher.fallbacks,
    /** {reason, afterMs} while the page is on legacy because Realtime was unreachable, else null. */
    fallback: () => switcher.fallback,
    reconnects: () => switcher.current?.reconnects ?? 0,
    eventIds: () => store.rows.map(e => e.event_id),
    accepted: () => store.accepted,
    duplicates: () => store.duplicates,
    lastSeq: () => store.lastSeq,
    /** Asks GET /api/transport now, as the periodic re-check does. */
    recheck: () => switcher.recheck(),
    /** Drops the current socket as a network blip would. */
    drop: () => switcher.current?.drop(),
  };
  await Promise.all([switcher.start(), panels()]);
}

main().catch((e) => {
  document.body.dataset.state = 'error';
  document.querySelector('#status').textContent = 'dashboard failed to start: ' + e.message;
});
