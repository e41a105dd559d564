// The legacy WebSocket protocol (shared/spec/legacy-protocol.md): initial_stats, event, stats, pong and
// transport_change in; resume, get_stats and ping out. A dropped socket reconnects with exponential backoff and
// resumes after the highest seq the page has, so a network blip loses nothing still in the server's replay buffer.

export const BACKOFF_FIRST_MS = 250;
export const BACKOFF_MAX_MS = 8000;
export const STATS_EVERY_MS = 3000;
export const PING_EVERY_MS = 10000;

export class LegacyTransport {
  /** @param h {{store, onStatus, onTransportChange, onGap}} */
  constructor(answer, clientId, h) {
    this.kind = 'legacy';
    this.url = answer.legacy.url;
    this.clientId = clientId;
    this.h = h;
    this.stopped = false;
    this.attempt = 0;
    this.reconnects = 0;
    this.pingMs = null;
    this.ws = null;
    this.timers = [];
  }

  start() {
    this.open();
    this.timers.push(setInterval(() => this.send({type: 'get_stats'}), STATS_EVERY_MS));
    this.timers.push(setInterval(() => this.send({type: 'ping', ts: Date.now()}), PING_EVERY_MS));
    return this;
  }

  stop() {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    clearTimeout(this.retry);
    if (this.ws) this.ws.close(1000, 'dashboard switched transport');
  }

  /** Drops the socket as a network blip would (the page reconnects); for operators and tests. */
  drop() { if (this.ws) this.ws.close(4000, 'dropped on purpose'); }

  open() {
    const sep = this.url.includes('?') ? '&' : '?';
    // A viewer token, when legacy auth is on, comes from the page's own ?token= (never stored).
    const token = this.h.legacyToken ? '&token=' + encodeURIComponent(this.h.legacyToken) : '';
    const ws = new WebSocket(this.url + sep + 'client_id=' + encodeURIComponent(this.clientId) + token);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.h.onStatus(`legacy socket open (${this.url})`);
      // Everything after the newest event already shown: replayed by the server, then live.
      if (this.h.store.lastSeq > 0) this.send({type: 'resume', last_seq: this.h.store.lastSeq});
      this.send({type: 'ping', ts: Date.now()});
    };
    ws.onmessage = (m) => this.receive(m.data);
    ws.onclose = (ev) => {
      if (this.ws !== ws || this.stopped) return;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt++;
      this.reconnects++;
      this.h.onStatus(`legacy socket closed (${ev.code}); reconnecting in ${Math.round(delay)} ms`);
      this.retry = setTimeout(() => { if (!this.stopped) this.open(); }, delay);
    };
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(obj));
  }

  receive(text) {
    let m;
    try { m = JSON.parse(text); } catch { return; }
    switch (m.type) {
      case 'initial_stats':
        this.h.store.setStats(m);
        this.h.store.add(m.recent_events ?? [], false);
        break;
      case 'stats':
        this.h.store.setStats(m);
        break;
      case 'event':
        this.h.store.add([m], true);
        break;
      case 'pong':
        if (typeof m.ts === 'number') this.pingMs = Date.now() - m.ts;
        break;
      case 'transport_change':
        this.h.onTransportChange(m);
        break;
      case 'error':
        if (m.code === 'gap') this.h.onGap(`the server's replay buffer starts at seq ${m.first_seq}: some events were missed`);
        break;
      default:
        break; // test_event, ack, export_complete: nothing to show
    }
  }
}
