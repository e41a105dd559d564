// Keeps the page on the transport the rollout gives it. A change comes as a transport_change message on the
// legacy socket or from the periodic GET /api/transport re-check. The new transport is started before the old one
// stops (make before break): the overlap can only bring duplicates, which the store drops by event_id, never a gap.
import {api} from './api.js';
import {LegacyTransport} from './legacy.js';
import {RealtimeTransport} from './realtime.js';

export class TransportSwitcher {
  /** @param h {{store, onStatus, onGap, onAnswer, supabaseJs, recentLimit, recheckMs, legacyToken}} */
  constructor(clientId, h) {
    this.clientId = clientId;
    this.h = h;
    this.current = null;
    this.answer = null;
    this.switches = 0;
    this.asked = 0;
  }

  async start() {
    await this.apply(await api.transport(this.clientId));
    this.timer = setInterval(() => this.recheck(), this.h.recheckMs);
  }

  async recheck() {
    const asked = ++this.asked; // only the newest answer counts: an older one arriving late must not flip us back
    try {
      const answer = await api.transport(this.clientId);
      if (asked === this.asked) await this.apply(answer);
    } catch (e) {
      this.h.onStatus('transport re-check failed: ' + e.message);
    }
  }

  /** Moves to the answer's transport when it is not the one in use; a same-transport answer only updates the panel. */
  async apply(answer) {
    this.answer = answer;
    this.h.onAnswer(answer);
    if (this.current?.kind === answer.transport) return;
    const previous = this.current;
    const next = this.make(answer);
    this.current = next;
    next.start();
    if (previous) {
      this.switches++;
      previous.stop();
    }
  }

  make(answer) {
    const hooks = {
      store: this.h.store,
      onStatus: this.h.onStatus,
      onGap: this.h.onGap,
      // The message may be stale (kept while the page was away): ask again rather than trust it.
      onTransportChange: () => this.recheck(),
      supabaseJs: this.h.supabaseJs,
      recentLimit: this.h.recentLimit,
      legacyToken: this.h.legacyToken,
    };
    return answer.transport === 'realtime'
      ? new RealtimeTransport(answer, this.clientId, hooks)
      : new LegacyTransport(answer, this.clientId, hooks);
  }
}
