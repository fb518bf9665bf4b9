// Brings one session into view when the host asks (the status bar's active session, a tree node's
// "Show Dashboard"): its budget row, or its row in the sessions table when it has no budget yet, is
// scrolled to the middle, highlighted for a few seconds and given focus for screen readers. A request
// that arrives before the session is rendered waits for the next render.
import type { DashboardState } from '../../src/protocol/webviewMessages';

const HIGHLIGHT_MS = 3000;

export interface SessionFocus {
  request(sessionId: string): void;
  /** Re-applies the highlight after a render replaced the rows, or answers a waiting request. */
  afterRender(): void;
}

function rowFor(sessionId: string, state: DashboardState | undefined): HTMLElement | null {
  const budget = document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(`budget-${sessionId}`)}"]`);
  if (budget) return budget;
  const name = state?.sessions.find((s) => s.id === sessionId)?.name;
  return name === undefined ? null : document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(`session-row-${name}`)}"]`);
}

export function sessionFocus(state: () => DashboardState | undefined): SessionFocus {
  let target: { sessionId: string; until: number; scrolled: boolean } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const apply = (): void => {
    if (!target) return;
    if (Date.now() > target.until && target.scrolled) {
      target = undefined;
      return;
    }
    const row = rowFor(target.sessionId, state());
    if (!row) return;
    row.classList.add('focused');
    if (!target.scrolled) {
      target.scrolled = true;
      target.until = Date.now() + HIGHLIGHT_MS;
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      row.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
      if (!row.hasAttribute('tabindex')) row.setAttribute('tabindex', '-1');
      row.focus({ preventScroll: true });
      clearTimeout(timer);
      timer = setTimeout(() => {
        document.querySelectorAll('.focused').forEach((e) => e.classList.remove('focused'));
        target = undefined;
      }, HIGHLIGHT_MS);
    }
  };

  return {
    request(sessionId) {
      document.querySelectorAll('.focused').forEach((e) => e.classList.remove('focused'));
      // A request waits up to a minute for its session to appear (a reload renders the state later).
      target = { sessionId, until: Date.now() + 60_000, scrolled: false };
      apply();
    },
    afterRender: apply,
  };
}
