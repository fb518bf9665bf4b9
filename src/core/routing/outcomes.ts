// Success history: an exponential moving average of task outcomes per session and per area.

export interface SuccessRate {
  /** EMA of outcomes in 0..1 (1 = every task succeeded); 0.5 before any outcome. */
  readonly rate: number;
  readonly samples: number;
}

const NEUTRAL: SuccessRate = { rate: 0.5, samples: 0 };

export class OutcomeHistory {
  private readonly bySession = new Map<string, SuccessRate>();
  private readonly byArea = new Map<string, SuccessRate>();
  /**
   * Sessions that may have entries in `byArea` (a superset: evictions do not update it). A
   * decision asks about every session: the others are answered without building a key.
   */
  private readonly withAreas = new Set<string>();

  constructor(
    private readonly alpha: number,
    private readonly maxAreas = 5_000,
  ) {}

  record(sessionId: string, areas: readonly string[], ok: boolean): void {
    this.bySession.set(sessionId, this.next(this.bySession.get(sessionId), ok));
    if (areas.length > 0) this.withAreas.add(sessionId);
    for (const area of areas) {
      const key = areaKey(sessionId, area);
      const prev = this.byArea.get(key);
      this.byArea.delete(key);
      this.byArea.set(key, this.next(prev, ok));
      if (this.byArea.size > this.maxAreas) {
        const oldest = this.byArea.keys().next();
        if (!oldest.done) this.byArea.delete(oldest.value);
      }
    }
  }

  session(sessionId: string): SuccessRate {
    return this.bySession.get(sessionId) ?? NEUTRAL;
  }

  area(sessionId: string, area: string): SuccessRate {
    if (!this.withAreas.has(sessionId)) return NEUTRAL;
    return this.byArea.get(areaKey(sessionId, area)) ?? NEUTRAL;
  }

  /** `to` continues `from`'s work (a rollover): it starts from `from`'s rates unless it has its own. */
  inherit(from: string, to: string): void {
    if (this.bySession.has(to)) return;
    const own = this.bySession.get(from);
    if (own) this.bySession.set(to, own);
    const prefix = from + '\u0000';
    if (this.withAreas.has(from)) this.withAreas.add(to);
    for (const [key, r] of [...this.byArea]) if (key.startsWith(prefix)) this.byArea.set(areaKey(to, key.slice(prefix.length)), r);
    while (this.byArea.size > this.maxAreas) {
      const oldest = this.byArea.keys().next();
      if (oldest.done) break;
      this.byArea.delete(oldest.value);
    }
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
    this.withAreas.delete(sessionId);
    for (const key of [...this.byArea.keys()]) if (key.startsWith(sessionId + '\u0000')) this.byArea.delete(key);
  }

  /** Everything, for persistence: [session, area | '', rate, samples]. */
  exportRates(): [string, string, number, number][] {
    const out: [string, string, number, number][] = [];
    for (const [id, r] of this.bySession) out.push([id, '', r.rate, r.samples]);
    for (const [key, r] of this.byArea) {
      const i = key.indexOf('\u0000');
      out.push([key.slice(0, i), key.slice(i + 1), r.rate, r.samples]);
    }
    return out;
  }

  importRate(sessionId: string, area: string, rate: number, samples: number): void {
    const r = { rate: Math.min(1, Math.max(0, rate)), samples: Math.max(0, Math.floor(samples)) };
    if (area === '') this.bySession.set(sessionId, r);
    else {
      this.byArea.set(areaKey(sessionId, area), r);
      this.withAreas.add(sessionId);
    }
  }

  entries(): number {
    return this.bySession.size + this.byArea.size;
  }

  private next(prev: SuccessRate | undefined, ok: boolean): SuccessRate {
    const x = ok ? 1 : 0;
    if (!prev || prev.samples === 0) return { rate: 0.5 + (x - 0.5) * this.alpha * 2, samples: 1 };
    return { rate: prev.rate + this.alpha * (x - prev.rate), samples: prev.samples + 1 };
  }
}

function areaKey(sessionId: string, area: string): string {
  return sessionId + '\u0000' + area;
}
