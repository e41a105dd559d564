// Keeps the page on the transport the rollout gives it. A change comes as a transport_change message on the
// legacy socket or from the periodic GET /api/transport re-check. The new transport is started before the old one
// stops (make before break): the overlap can only bring duplicates, which the store drops by event_id, never a gap.
// When Realtime does not reach SUBSCRIBED within its bound, the page falls back to legacy on its own, the same
// way (legacy resumes after the newest seq shown, then Realtime stops), and says so; the next re-check or
// transport_change tries Realtime again, so the server stays the authority on where the page should be.
import {api} from './api.js';
import {LegacyTransport} from './legacy.js';
import {RealtimeTransport} from './realtime.js';

export class TransportSwitcher {
  /** @param h {{store, onStatus, onGap, onAnswer, onFallback, supabaseJs, recentLimit, recheckMs, realtimeTimeoutMs, legacyToken}} */
  constructor(clientId, h) {
    this.clientId = clientId;
    this.h = h;
    this.current = null;
    this.answer = null;
    this.switches = 0;
    this.fallbacks = 0;
    this.fallback = null; // {reason, afterMs} while on legacy against the rollout's answer
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
    // Either the rollout now says legacy, or Realtime gets another try below: no longer a fallback.
    this.setFallback(null);
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

  /** Realtime could not be reached: on to legacy until the next answer, loudly. */
  fallBack(realtime, reason) {
    if (this.current !== realtime) return; // already switched away
    const url = this.answer?.legacy?.url;
    if (!url) {
      this.h.onStatus(`realtime unreachable: ${reason}; and no legacy URL to fall back to`);
      return;
    }
    const next = this.make({...this.answer, transport: 'legacy'});
    this.current = next;
    next.start();
    this.switches++;
    this.fallbacks++;
    this.setFallback({reason: `realtime unreachable: ${reason}; on legacy until the next transport check`,
      afterMs: Date.now() - realtime.startedAt});
    realtime.stop();
  }

  setFallback(f) {
    if (this.fallback === f) return;
    this.fallback = f;
    this.h.onFallback(f);
  }

  make(answer) {
    const hooks = {
      store: this.h.store,
      onStatus: this.h.onStatus,
      onGap: this.h.onGap,
      // The message may be stale (kept while the page was away): ask again rather than trust it.
      onTransportChange: () => this.recheck(),
      onUnreachable: (t, reason) => this.fallBack(t, reason),
      realtimeTimeoutMs: this.h.realtimeTimeoutMs,
      supabaseJs: this.h.supabaseJs,
      recentLimit: this.h.recentLimit,
      legacyToken: this.h.legacyToken,
    };
    return answer.transport === 'realtime'
      ? new RealtimeTransport(answer, this.clientId, hooks)
      : new LegacyTransport(answer, this.clientId, hooks);
  }
}
