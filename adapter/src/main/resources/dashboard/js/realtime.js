// Supabase Realtime through supabase-js: Postgres Changes on monitoring_events, or the broadcast topic the
// database trigger sends to, as GET /api/transport says. Realtime has no replay, so on every (re)subscribe the
// page reads the stats and the newest events from Tandem's HTTP API; the store drops what it already has.
import {api} from './api.js';

export const STATS_EVERY_MS = 3000;
/** How long Realtime may take to (re)reach SUBSCRIBED before the page falls back to legacy; ?realtime_timeout=N. */
export const SUBSCRIBE_TIMEOUT_MS = 15000;
const loading = new Map(); // supabase-js URL -> Promise, so switching back and forth loads it once

/** Loads supabase-js' UMD build (it defines window.supabase) from the configured URL. */
export function loadSupabase(url) {
  if (window.supabase?.createClient) return Promise.resolve(window.supabase);
  if (!loading.has(url)) {
    loading.set(url, new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = () => window.supabase?.createClient ? resolve(window.supabase)
        : reject(new Error(`${url} loaded but defines no window.supabase`));
      s.onerror = () => { loading.delete(url); reject(new Error(`could not load supabase-js from ${url}`)); };
      document.head.appendChild(s);
    }));
  }
  return loading.get(url);
}

/** A monitoring_events row out of a Postgres Changes or broadcast payload. */
export function rowOf(payload) {
  return payload?.new ?? payload?.payload?.record ?? payload?.record ?? null;
}

export class RealtimeTransport {
  /** @param h {{store, onStatus, onUnreachable, supabaseJs, recentLimit, realtimeTimeoutMs}} */
  constructor(answer, clientId, h) {
    this.kind = 'realtime';
    this.rt = answer.realtime;
    this.clientId = clientId;
    this.h = h;
    this.stopped = false;
    this.subscribed = false;
    this.subscribes = 0;
    this.reconnects = 0;
    this.pingMs = null;
    this.timers = [];
    this.timeoutMs = h.realtimeTimeoutMs ?? SUBSCRIBE_TIMEOUT_MS;
    this.problem = null;   // the last status other than SUBSCRIBED, for the fallback's reason
    this.watchdog = null;
    this.gaveUp = false;
  }

  start() {
    this.startedAt = Date.now();
    this.arm();
    // Nothing to wait for when supabase-js cannot even be loaded or no URL is configured: give up at once.
    this.run().catch(e => { this.h.onStatus('realtime: ' + e.message); this.giveUp(e.message); });
    this.timers.push(setInterval(() => this.refreshStats(), STATS_EVERY_MS));
    return this;
  }

  // supabase-js retries on its own, so one CHANNEL_ERROR is not yet a verdict: the page gives Realtime the whole
  // bound to reach SUBSCRIBED (first time or again) and only then tells the switcher it is unreachable.
  arm() {
    if (this.watchdog || this.stopped || this.gaveUp) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (!this.subscribed) this.giveUp(`${this.problem ?? 'no answer'} (not SUBSCRIBED within ${this.timeoutMs / 1000} s)`);
    }, this.timeoutMs);
  }

  giveUp(reason) {
    if (this.gaveUp || this.stopped) return;
    this.gaveUp = true;
    this.h.onUnreachable?.(this, reason);
  }

  async run() {
    if (!this.rt?.url) throw new Error('no Realtime URL is configured (TANDEM_DASHBOARD_REALTIME_URL)');
    this.h.onStatus(`realtime: loading supabase-js`);
    const lib = await loadSupabase(this.h.supabaseJs);
    if (this.stopped) return;
    this.client = lib.createClient(this.rt.url, this.rt.anon_key ?? '', {auth: {persistSession: false}});
    const onRow = (p) => { const row = rowOf(p); if (row) this.h.store.add([row], true); };
    if (this.rt.mode === 'broadcast') {
      this.channel = this.client.channel(this.rt.channel, {config: {private: true}})
        .on('broadcast', {event: 'INSERT'}, onRow);
      await this.client.realtime.setAuth(this.rt.anon_key);
    } else {
      this.channel = this.client.channel('tandem-dashboard-' + this.clientId)
        .on('postgres_changes', {event: this.rt.event ?? 'INSERT', schema: this.rt.schema, table: this.rt.table}, onRow);
    }
    this.channel.subscribe((status, err) => {
      if (this.stopped) return;
      if (status === 'SUBSCRIBED') {
        this.subscribed = true;
        clearTimeout(this.watchdog);
        this.watchdog = null;
        this.subscribes++;
        if (this.subscribes > 1) this.reconnects++;
        this.h.onStatus(`realtime: subscribed to ${this.rt.mode === 'broadcast' ? this.rt.channel : this.rt.table} (${this.rt.url})`);
        this.catchUp();
      } else {
        // CHANNEL_ERROR, TIMED_OUT, CLOSED: not receiving until SUBSCRIBED again, which must come within the bound.
        this.subscribed = false;
        this.problem = status;
        this.h.onStatus(`realtime: ${status}${err ? ' ' + err.message : ''}`);
        this.arm();
      }
    });
  }

  /** State after a (re)subscribe: what happened while the page was not subscribed. */
  async catchUp() {
    const t0 = performance.now();
    try {
      const [stats, recent] = await Promise.all([api.stats(), api.recent(this.h.recentLimit)]);
      this.pingMs = Math.round(performance.now() - t0);
      if (this.stopped) return;
      this.h.store.setStats(stats);
      this.h.store.add(recent.events ?? [], false);
    } catch (e) {
      this.h.onStatus('realtime: catching up failed: ' + e.message);
    }
  }

  // Also while not subscribed: the figures come from Tandem's HTTP API, not from Realtime.
  async refreshStats() {
    try { this.h.store.setStats(await api.stats()); } catch { /* the next tick tries again */ }
  }

  stop() {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    clearTimeout(this.watchdog);
    if (this.client) {
      this.client.removeAllChannels();
      this.client.realtime.disconnect();
    }
  }

  drop() { this.client?.realtime.disconnect(); }
}
