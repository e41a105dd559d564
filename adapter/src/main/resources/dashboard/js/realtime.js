// Supabase Realtime through supabase-js: Postgres Changes on monitoring_events, or the broadcast topic the
// database trigger sends to, as GET /api/transport says. Realtime has no replay, so on every (re)subscribe the
// page reads the stats and the newest events from Tandem's HTTP API; the store drops what it already has.
import {api} from './api.js';

export const STATS_EVERY_MS = 3000;
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
  /** @param h {{store, onStatus, supabaseJs, recentLimit}} */
  constructor(answer, clientId, h) {
    this.kind = 'realtime';
    this.rt = answer.realtime;
    this.clientId = clientId;
    this.h = h;
    this.stopped = false;
    this.subscribes = 0;
    this.reconnects = 0;
    this.pingMs = null;
    this.timers = [];
  }

  start() {
    this.run().catch(e => this.h.onStatus('realtime: ' + e.message));
    this.timers.push(setInterval(() => this.refreshStats(), STATS_EVERY_MS));
    return this;
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
        this.subscribes++;
        if (this.subscribes > 1) this.reconnects++;
        this.h.onStatus(`realtime: subscribed to ${this.rt.mode === 'broadcast' ? this.rt.channel : this.rt.table} (${this.rt.url})`);
        this.catchUp();
      } else {
        this.h.onStatus(`realtime: ${status}${err ? ' ' + err.message : ''}`);
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
    if (this.client) {
      this.client.removeAllChannels();
      this.client.realtime.disconnect();
    }
  }

  drop() { this.client?.realtime.disconnect(); }
}
