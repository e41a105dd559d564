// What the page knows: the events it has shown (deduplicated by event_id, newest first, bounded), the highest
// seq seen (where a legacy resume starts), the server's figures per connection type, and an event-rate history
// per connection type for the sparklines. Both transports feed the same store, so a switch cannot duplicate rows.

/** Rows kept for the table; older ones are dropped (policy: drop oldest). */
export const MAX_ROWS = 500;
/** Event ids remembered for dedup; more than MAX_ROWS so a late duplicate of a dropped row is still caught. */
export const MAX_SEEN_IDS = 5000;
/** Sparkline buckets (seconds each) kept per connection type. */
export const RATE_BUCKETS = 60;
export const RATE_BUCKET_SECONDS = 2;

/** One event, whichever transport brought it: a legacy `event` message or a monitoring_events row. */
export function normalize(e) {
  return {
    event_id: String(e.event_id),
    seq: Number(e.seq ?? 0),
    source: e.source ?? null,
    connection_type: e.connection_type ?? 'unknown',
    direction: e.direction ?? '',
    script_name: e.script_name ?? null,
    function_name: e.function_name ?? null,
    data_size_bytes: e.data_size_bytes == null ? null : Number(e.data_size_bytes),
    response_time_ms: e.response_time_ms == null ? null : Number(e.response_time_ms),
    error: e.error ?? null,
    time: e.occurred_at ?? e.ingested_at ?? e.broadcast_time ?? null,
  };
}

export class EventStore {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.rows = [];            // newest first (by seq)
    this.seen = new Set();
    this.seenOrder = [];       // FIFO for bounding `seen`
    this.lastSeq = 0;
    this.accepted = 0;
    this.duplicates = 0;
    this.stats = {};           // connection type -> figures from the server, plus local increments
    this.rates = new Map();    // connection type -> {start, counts[]}
    this.listeners = [];
  }

  onChange(fn) { this.listeners.push(fn); }

  /** Adds events not seen before; returns how many were new. `live` ones also count in the rate and cards. */
  add(events, live) {
    let added = 0;
    for (const raw of events) {
      if (raw == null || raw.event_id == null) continue;
      const e = normalize(raw);
      if (this.seen.has(e.event_id)) { this.duplicates++; continue; }
      this.remember(e.event_id);
      this.insert(e);
      this.lastSeq = Math.max(this.lastSeq, e.seq);
      this.accepted++;
      added++;
      if (live) { this.countLocally(e); this.tick(e.connection_type); }
    }
    if (added > 0) this.changed();
    return added;
  }

  /** Replaces the figures with the server's (initial_stats, stats, GET /api/stats). */
  setStats(snapshot) {
    if (!snapshot || typeof snapshot !== 'object') return;
    this.stats = structuredClone(snapshot.stats ?? {});
    this.sessions = snapshot.session_metrics ?? this.sessions;
    this.health = snapshot.websocket_health ?? this.health;
    this.changed();
  }

  /** The rate history of one connection type, oldest bucket first, ending at now. */
  rate(type) {
    const r = this.rates.get(type);
    const out = new Array(RATE_BUCKETS).fill(0);
    if (!r) return out;
    const nowBucket = Math.floor(this.now() / 1000 / RATE_BUCKET_SECONDS);
    for (let i = 0; i < RATE_BUCKETS; i++) {
      const b = nowBucket - (RATE_BUCKETS - 1 - i);
      out[i] = (r.get(b) ?? 0) / RATE_BUCKET_SECONDS;
    }
    return out;
  }

  remember(id) {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > MAX_SEEN_IDS) this.seen.delete(this.seenOrder.shift());
  }

  insert(e) {
    // Mostly at the top; a replayed or fetched older event goes to its place by seq.
    let i = 0;
    while (i < this.rows.length && this.rows[i].seq > e.seq) i++;
    this.rows.splice(i, 0, e);
    if (this.rows.length > MAX_ROWS) this.rows.length = MAX_ROWS;
  }

  // Until the next figures from the server arrive, a new event moves its card at once.
  countLocally(e) {
    const s = this.stats[e.connection_type] ?? (this.stats[e.connection_type] = {events: 0, inbound: 0, outbound: 0, errors: 0, bytes: 0});
    s.events = (s.events ?? 0) + 1;
    if (e.direction === 'inbound' || e.direction === 'outbound') s[e.direction] = (s[e.direction] ?? 0) + 1;
    if (e.error) s.errors = (s.errors ?? 0) + 1;
    if (e.data_size_bytes) s.bytes = (s.bytes ?? 0) + e.data_size_bytes;
  }

  tick(type) {
    let r = this.rates.get(type);
    if (!r) { r = new Map(); this.rates.set(type, r); }
    const b = Math.floor(this.now() / 1000 / RATE_BUCKET_SECONDS);
    r.set(b, (r.get(b) ?? 0) + 1);
    for (const k of r.keys()) if (k <= b - RATE_BUCKETS) r.delete(k); // bounded: only the window is kept
  }

  changed() { for (const fn of this.listeners) fn(); }
}
