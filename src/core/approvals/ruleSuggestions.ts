// The person's Allow and Deny answers, kept per folder and per kind of call (the rule "Always
// Allow…" would propose for it, e.g. `Bash(npm run lint *)`), and the rules they suggest: once the
// same kind has been allowed SUGGEST_AFTER times within a week, with no Deny since, it is
// suggested, once. Nothing is applied here: the person adds the rule (Add Rule), puts it off (Not
// Now: it stays in the dashboard's list) or refuses it for good (Never). A Deny of the same kind
// withdraws a suggestion. Bounded: at most MAX_KINDS kinds, the least recently answered dropped.
import { createHash } from 'node:crypto';
import { TypedEmitter } from '../sessions/typedEmitter';

/** Allows within WINDOW_MS that make a suggestion. */
export const SUGGEST_AFTER = 3;
const WINDOW_MS = 7 * 24 * 3600_000;
const MAX_KINDS = 500;
const KEEP_TIMES = 20;
const KEEP_EXAMPLES = 3;

export type SuggestionState = 'open' | 'suggested' | 'notNow' | 'never' | 'added';

/** One kind of call in one folder, with its answers. */
export interface AnswerRecord {
  id: string;
  folder: string;
  /** The allow rules the kind maps to (one per simple command of a compound Bash call). */
  rules: string[];
  /** What the rules allow beyond the calls answered, in words. */
  extraCoverage: string;
  /** When it was allowed (ms since the epoch), the last KEEP_TIMES. */
  allows: number[];
  denies: number[];
  /** The last calls answered, as shown to the person. */
  examples: string[];
  state: SuggestionState;
  /** When it was suggested. */
  suggestedAt?: number;
}

export interface AnswersDocument {
  answers: Record<string, AnswerRecord>;
}

/** A suggested rule, as the host shows it. */
export interface RuleSuggestionView {
  id: string;
  folder: string;
  rules: string[];
  extraCoverage: string;
  /** Allows within the last week. */
  allowsThisWeek: number;
  examples: string[];
  state: 'suggested' | 'notNow';
  suggestedAt: number;
}

/** Where the records are kept (the workspace store, or memory in tests). */
export interface AnswersRepository {
  read(): AnswersDocument;
  update(change: (d: AnswersDocument) => void): void;
}

export function memoryAnswers(): AnswersRepository {
  const doc: AnswersDocument = { answers: {} };
  return { read: () => doc, update: (change) => change(doc) };
}

export function suggestionId(folder: string, rules: readonly string[]): string {
  return createHash('sha256')
    .update(`${folder}\0${rules.join('\n')}`)
    .digest('hex')
    .slice(0, 16);
}

type Events = { changed: undefined; suggested: RuleSuggestionView };

export class RuleSuggestions {
  private readonly events = new TypedEmitter<Events>();

  constructor(
    private readonly repo: AnswersRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** The list changed (a suggestion appeared, was resolved or withdrawn). */
  onChanged(listener: () => void): () => void {
    return this.events.on('changed', listener);
  }

  /** A rule is suggested for the first time: tell the person, once. */
  onSuggested(listener: (s: RuleSuggestionView) => void): () => void {
    return this.events.on('suggested', listener);
  }

  /** Records an answer to a call of the kind `rules` stands for, in `folder`. */
  recordAnswer(folder: string, proposal: { rules: readonly string[]; extraCoverage: string }, allow: boolean, example: string): void {
    if (proposal.rules.length === 0) return;
    const id = suggestionId(folder, proposal.rules);
    const at = this.now();
    let suggested: RuleSuggestionView | undefined;
    let changed = false;
    this.repo.update((d) => {
      const r: AnswerRecord = d.answers[id] ?? {
        id,
        folder,
        rules: [...proposal.rules],
        extraCoverage: proposal.extraCoverage,
        allows: [],
        denies: [],
        examples: [],
        state: 'open',
      };
      delete d.answers[id]; // re-inserted last: the most recently answered kinds are kept
      d.answers[id] = r;
      // Allows before a Deny no longer count toward a suggestion.
      if (allow) r.allows.push(at);
      else {
        r.denies.push(at);
        r.allows = [];
      }
      r.allows = r.allows.slice(-KEEP_TIMES);
      r.denies = r.denies.slice(-KEEP_TIMES);
      r.examples = [...r.examples.filter((e) => e !== example), example].slice(-KEEP_EXAMPLES);
      if (!allow && (r.state === 'suggested' || r.state === 'notNow')) {
        r.state = 'open';
        delete r.suggestedAt;
        changed = true;
      }
      if (allow && r.state === 'open' && this.allowsThisWeek(r, at) >= SUGGEST_AFTER) {
        r.state = 'suggested';
        r.suggestedAt = at;
        suggested = this.view(r, at);
        changed = true;
      }
      this.trim(d);
    });
    if (suggested) this.events.emit('suggested', suggested);
    if (changed) this.events.emit('changed', undefined);
  }

  /** Suggestions waiting for the person (suggested or put off), newest first. */
  list(): RuleSuggestionView[] {
    const at = this.now();
    return Object.values(this.repo.read().answers)
      .filter((r) => r.state === 'suggested' || r.state === 'notNow')
      .map((r) => this.view(r, at))
      .sort((a, b) => b.suggestedAt - a.suggestedAt);
  }

  get(id: string): RuleSuggestionView | undefined {
    const r = this.repo.read().answers[id];
    return r && (r.state === 'suggested' || r.state === 'notNow') ? this.view(r, this.now()) : undefined;
  }

  /** The person's answer to a suggestion: added (the rules are in the file now), not now, or never. */
  resolve(id: string, how: 'added' | 'notNow' | 'never'): void {
    let changed = false;
    this.repo.update((d) => {
      const r = d.answers[id];
      if (!r || r.state === how) return;
      r.state = how;
      changed = true;
    });
    if (changed) this.events.emit('changed', undefined);
  }

  /** Rules were added to `folder` (Always Allow…): that kind is settled, never suggested. */
  rulesAdded(folder: string, rules: readonly string[]): void {
    const id = suggestionId(folder, rules);
    let changed = false;
    this.repo.update((d) => {
      const r = d.answers[id];
      if (!r) {
        return;
      }
      changed = r.state === 'suggested' || r.state === 'notNow';
      r.state = 'added';
    });
    if (changed) this.events.emit('changed', undefined);
  }

  private allowsThisWeek(r: AnswerRecord, at: number): number {
    return r.allows.filter((t) => at - t <= WINDOW_MS).length;
  }

  private view(r: AnswerRecord, at: number): RuleSuggestionView {
    return {
      id: r.id,
      folder: r.folder,
      rules: [...r.rules],
      extraCoverage: r.extraCoverage,
      allowsThisWeek: this.allowsThisWeek(r, at),
      examples: [...r.examples],
      state: r.state === 'notNow' ? 'notNow' : 'suggested',
      suggestedAt: r.suggestedAt ?? at,
    };
  }

  private trim(d: AnswersDocument): void {
    const ids = Object.keys(d.answers);
    // Settled kinds ('never', 'added') go last: a flood of new kinds must not bring a refused one back.
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_KINDS))) {
      const state = d.answers[id]?.state;
      if (state === 'open' || state === 'suggested' || state === 'notNow') delete d.answers[id];
    }
  }
}
