// Stickiness: a follow-up task on the same files stays with the session that took the previous
// one, unless another session is clearly better.

import type { RankedSession } from './types';

export interface PreviousAssignment {
  readonly taskId: string;
  readonly sessionId: string;
  readonly files: readonly string[];
}

/**
 * The ranking with the previous session moved first when the task is a follow-up (shares a
 * target file with the previous task) and its score is within `margin` of the best.
 */
export function applyStickiness(
  ranked: readonly RankedSession[],
  previous: PreviousAssignment | undefined,
  targetFiles: readonly string[],
  margin: number,
): { ranked: readonly RankedSession[]; sticky: boolean } {
  const best = ranked[0];
  if (!previous || !best || best.sessionId === previous.sessionId) return { ranked, sticky: false };
  const shared = targetFiles.filter((f) => previous.files.includes(f));
  if (shared.length === 0) return { ranked, sticky: false };
  const prevIndex = ranked.findIndex((r) => r.sessionId === previous.sessionId);
  const prev = ranked[prevIndex];
  if (!prev || best.score - prev.score > margin) return { ranked, sticky: false };
  const reason = `follow-up on ${shared[0]} (task ${previous.taskId} went here)`;
  const moved: RankedSession = {
    ...prev,
    reasons: [reason, ...prev.reasons],
    components: [{ kind: 'sticky', value: 0, reason }, ...prev.components],
  };
  return { ranked: [moved, ...ranked.filter((_, i) => i !== prevIndex)], sticky: true };
}

/** Remembers the latest assignment per file, bounded, for follow-ups. */
export class StickyMemory {
  private readonly byFile = new Map<string, PreviousAssignment>();

  constructor(private readonly maxFiles = 5_000) {}

  remember(a: PreviousAssignment): void {
    for (const f of a.files) {
      this.byFile.delete(f);
      this.byFile.set(f, a);
    }
    while (this.byFile.size > this.maxFiles) {
      const oldest = this.byFile.keys().next();
      if (oldest.done) break;
      this.byFile.delete(oldest.value);
    }
  }

  /** The most recent assignment touching any of `files`. */
  lookup(files: readonly string[]): PreviousAssignment | undefined {
    for (const f of files) {
      const a = this.byFile.get(f);
      if (a) return a;
    }
    return undefined;
  }

  /** Follow-ups that went to `from` now go to `to` (a rollover). */
  moveSession(from: string, to: string): void {
    for (const [f, a] of this.byFile) if (a.sessionId === from) this.byFile.set(f, { ...a, sessionId: to });
  }

  forgetSession(sessionId: string): void {
    for (const [f, a] of this.byFile) if (a.sessionId === sessionId) this.byFile.delete(f);
  }
}
