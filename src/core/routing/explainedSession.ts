// A session ranked by affinity, put into words on first read. A decision scores every eligible
// session but usually only the first few are shown: wording all of them up front allocated more
// than the scoring itself. The score is a snapshot taken at decision time (held files, counts,
// rates), so the words read later are exactly those of the decision, whatever the tracker has
// seen since.

import { explainScore, reasonList } from './reasons';
import type { SessionScore } from './scoring';
import type { RankedSession, ScoreComponent } from './types';

export class ExplainedSession implements RankedSession {
  // Own properties in the order of a plain ranking (spreads and JSON keep it).
  readonly sessionId: string;
  readonly score: number;
  readonly #detail: SessionScore;
  readonly #now: number;
  #components: readonly ScoreComponent[] | undefined;
  #reasons: readonly string[] | undefined;

  constructor(score: number, detail: SessionScore, now: number) {
    this.sessionId = detail.sessionId;
    this.score = score;
    this.#detail = detail;
    this.#now = now;
  }

  get components(): readonly ScoreComponent[] {
    return (this.#components ??= explainScore(this.#detail, this.#now));
  }

  get reasons(): readonly string[] {
    return (this.#reasons ??= reasonList(this.components));
  }

  /** The same JSON as an eagerly worded ranking. */
  toJSON(): RankedSession {
    return { sessionId: this.sessionId, score: this.score, reasons: this.reasons, components: this.components };
  }
}
