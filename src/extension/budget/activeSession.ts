// Which session the status bar shows: until the routing tracker says which session the active
// editor belongs to, the most recently active one (running first). The integrator swaps this.
import type { SessionSummary } from '../../protocol/sessions';

const busy = new Set<SessionSummary['state']>(['starting', 'running', 'waiting']);

export function mostRecentlyActive(sessions: readonly SessionSummary[]): SessionSummary | undefined {
  let best: SessionSummary | undefined;
  for (const s of sessions) {
    if (!best) {
      best = s;
      continue;
    }
    const a = busy.has(s.state) ? 1 : 0;
    const b = busy.has(best.state) ? 1 : 0;
    if (a > b || (a === b && s.lastActivityAt > best.lastActivityAt)) best = s;
  }
  return best;
}
