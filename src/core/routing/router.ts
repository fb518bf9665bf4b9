// The router: from a task's text and everything the tracker knows, the ranked eligible sessions
// with their reasons and a choice (or a new-session proposal). One instance per window; the CLI
// replay uses the same class with the default settings.

import { GlobMatcher } from './globMatcher';
import { recognizeIndependent } from './independence';
import { dirOf } from './paths';
import { DEFAULT_SCORING_WEIGHTS, type ScoringWeights } from './scoring';
import type { StrategyName } from './settings';
import { applyStickiness, StickyMemory } from './sticky';
import { createStrategy, type RoutingStrategy, type StrategyInput } from './strategies';
import { reliabilityFactor, type SignalDirs } from './signalReliability';
import { DEFAULT_TARGET_WEIGHTS, estimateTargets, namesFiles, type SignalTrust, type TargetWeights } from './targets';
import type { FocusEntry } from './editorState';
import type { LearnedTarget } from './learnedTargets';
import type { TextAnalysis } from './textAnalysis';
import { taskTerms } from './codeTerms';
import { evidenceQuality, rankingConfidence } from './confidence';
import { DEFAULT_LEARNED_WEIGHTS, learnedTargets, type LearnedWeights } from './learnedTargets';
import { analyzeTaskText } from './textAnalysis';
import type { AffinityTracker, TrackedSession } from './tracker';
import { NEW_SESSION, type ExcludedSession, type HeadroomLookup, type RankedSession, type RouteDecision, type RouteTask } from './types';

export interface RouterOptions {
  /** Overrides the tracker's `settings.strategy`. */
  readonly strategy?: StrategyName | RoutingStrategy;
  /** Context headroom per session (tokens); a session the task would overflow is not chosen. */
  readonly headroom?: HeadroomLookup;
  readonly targetWeights?: TargetWeights;
  readonly scoringWeights?: ScoringWeights;
  readonly learnedWeights?: LearnedWeights;
  /** The time of a decision when none is given (ms). Default: the wall clock. */
  readonly clock?: () => number;
}

const MAX_ROUTED = 1_000;
/** Characters of a task's text read for its words (a task is said in its first lines). */
const MAX_TERM_CHARS = 2_000;

/** Target files at or above this weight are "the task's files" (stickiness, audit, handoff). */
const TARGET_FILE_MIN = 0.3;

export class Router {
  private strategy: RoutingStrategy;
  private readonly globs = new GlobMatcher();
  private readonly sticky = new StickyMemory();
  private readonly headroom: HeadroomLookup | undefined;
  private readonly targetWeights: TargetWeights;
  private readonly scoringWeights: ScoringWeights;
  private readonly learnedWeights: LearnedWeights;
  private readonly clock: () => number;
  private trustCache: { readonly revision: number; readonly trust: SignalTrust } | undefined;
  /** Files of recently routed tasks, until they are dispatched (bounded). */
  private readonly routedFiles = new Map<string, readonly string[]>();

  constructor(
    readonly tracker: AffinityTracker,
    options: RouterOptions = {},
  ) {
    this.targetWeights = options.targetWeights ?? DEFAULT_TARGET_WEIGHTS;
    this.scoringWeights = options.scoringWeights ?? DEFAULT_SCORING_WEIGHTS;
    this.learnedWeights = options.learnedWeights ?? DEFAULT_LEARNED_WEIGHTS;
    this.headroom = options.headroom;
    this.clock = options.clock ?? Date.now;
    const s = options.strategy ?? tracker.settings.strategy;
    this.strategy = typeof s === 'string' ? createStrategy(s, this.scoringWeights) : s;
  }

  get strategyName(): StrategyName {
    return this.strategy.name;
  }

  setStrategy(s: StrategyName | RoutingStrategy): void {
    this.strategy = typeof s === 'string' ? createStrategy(s, this.scoringWeights) : s;
  }

  /** Decides for a task and remembers the decision (round-robin cursor, stickiness, outcome areas). */
  route(task: RouteTask, now: number = this.clock()): RouteDecision {
    const { decision, signals } = this.decide(task, now, true);
    if (decision.chosen !== NEW_SESSION && decision.targetFiles.length > 0) {
      this.sticky.remember({ taskId: task.id, sessionId: decision.chosen, files: decision.targetFiles });
    }
    this.routedFiles.set(task.id, decision.targetFiles);
    if (this.routedFiles.size > MAX_ROUTED) {
      const oldest = this.routedFiles.keys().next();
      if (!oldest.done) this.routedFiles.delete(oldest.value);
    }
    this.tracker.taskRouted(task.id, [...new Set(decision.targetFiles.map(dirOf))], now, task.text, signals);
    return decision;
  }

  /** The full scoring for a task, without sending it or changing any state. */
  explain(task: RouteTask, now: number = this.clock()): RouteDecision {
    return this.decide(task, now, false).decision;
  }

  /** Records that a task went to `sessionId` (e.g. chosen by hand), for follow-ups. */
  assigned(taskId: string, sessionId: string, files: readonly string[]): void {
    if (files.length > 0) this.sticky.remember({ taskId, sessionId, files });
  }

  /**
   * The task was dispatched to `sessionId` (the router's choice, the user's, or a new session's
   * id): follow-ups on its files stick there. `routedAs` is the id it was routed under when the
   * session manager gave it another one; its outcome is then recorded under `taskId`.
   */
  dispatched(taskId: string, sessionId: string, routedAs: string = taskId): void {
    const files = this.routedFiles.get(routedAs);
    this.routedFiles.delete(routedAs);
    this.tracker.taskDispatched(routedAs, taskId);
    if (files) this.assigned(taskId, sessionId, files);
  }

  /** `from` was rolled over into `to`: `to` takes its context and its follow-ups. */
  sessionRolledOver(from: string, to: string, at: number = this.clock()): void {
    this.tracker.sessionRolledOver(from, to, at);
    if (this.tracker.session(from)?.rolledOverTo === to) this.sticky.moveSession(from, to);
  }

  /** A session is gone: forget it for follow-ups. */
  sessionRemoved(sessionId: string): void {
    this.sticky.forgetSession(sessionId);
  }

  private decide(task: RouteTask, now: number, commit: boolean): { decision: RouteDecision; signals: SignalDirs | undefined } {
    const tracker = this.tracker;
    const verdict = recognizeIndependent(task.text, task.independent);
    const analysis = analyzeTaskText(task.text, tracker.files, tracker.symbols);
    const focus = tracker.editors.focus(now, tracker.lastRoutedAt, tracker.settings.staleFocusFactor);
    const terms = taskTerms(task.text, MAX_TERM_CHARS);
    const trust = this.trust();
    const learned = learnedTargets(tracker.knowledge, terms, focus, namesFiles(analysis, trust), this.learnedWeights);
    const estimate = estimateTargets(analysis, focus, this.targetWeights, learned, trust);
    const { eligible, excluded } = this.eligibility(task);
    const input: StrategyInput = {
      task,
      tracker,
      eligible,
      estimate,
      independent: verdict.independent,
      ...(verdict.why !== undefined ? { independentWhy: verdict.why } : {}),
      now,
      globs: this.globs,
      terms,
    };
    const out = this.strategy.rank(input, commit);
    const targetFiles = estimate.files.filter((f) => f.source !== 'opened' && f.weight >= TARGET_FILE_MIN).map((f) => f.path);
    let ranked = out.ranked;
    let chosen = out.chosen;
    if (this.strategy.name === 'affinity' && !verdict.independent && chosen !== NEW_SESSION) {
      const stuck = applyStickiness(ranked, this.sticky.lookup(targetFiles), targetFiles, tracker.settings.stickyMargin);
      ranked = stuck.ranked;
      chosen = ranked[0]?.sessionId ?? chosen;
    }
    const notes: string[] = [];
    if (analysis.read < task.text.length) {
      const note = `only the first ${formatSize(analysis.read)} of the task's ${formatSize(task.text.length)} of text were read`;
      notes.push(note);
      ranked = withNote(ranked, note);
    }
    const scored = this.strategy.name === 'affinity' || this.strategy.name === 'manual';
    const confidence =
      scored && !verdict.independent && chosen !== NEW_SESSION && ranked[0]?.sessionId === chosen
        ? rankingConfidence(ranked, evidenceQuality(tracker.reliability))
        : undefined;
    const decision: RouteDecision = {
      taskId: task.id,
      strategy: this.strategy.name,
      chosen,
      ranked,
      excluded,
      ...(chosen === NEW_SESSION && out.newSession ? { newSession: out.newSession } : {}),
      independent: verdict.independent,
      targetFiles,
      ...(confidence !== undefined ? { confidence } : {}),
      notes,
    };
    return { decision, signals: commit && !verdict.independent ? signalDirs(focus, analysis, learned) : undefined };
  }

  /** The signals' weights as measured on finished tasks (recomputed when a measure changed). */
  private trust(): SignalTrust {
    const r = this.tracker.reliability;
    if (this.trustCache?.revision === r.revision) return this.trustCache.trust;
    const trust: SignalTrust = {
      editors: reliabilityFactor(r.precision('editors')),
      edits: reliabilityFactor(r.precision('edits')),
      words: reliabilityFactor(r.precision('words')),
      names: reliabilityFactor(r.precision('names')),
      learned: reliabilityFactor(r.precision('learned')),
    };
    this.trustCache = { revision: r.revision, trust };
    return trust;
  }

  private eligibility(task: RouteTask): { eligible: TrackedSession[]; excluded: ExcludedSession[] } {
    const eligible: TrackedSession[] = [];
    const excluded: ExcludedSession[] = [];
    const max = this.tracker.settings.maxInFlight;
    for (const s of this.tracker.sessions()) {
      if (s.rolledOverTo !== undefined) {
        excluded.push({ sessionId: s.session.id, why: 'rolled over: a new session took over its context' });
        continue;
      }
      const n = s.load.running + s.load.queued;
      if (n >= max) {
        excluded.push({ sessionId: s.session.id, why: `${n} tasks in flight (limit ${max})` });
        continue;
      }
      const room = this.headroom?.(s.session.id);
      if (room !== undefined && task.estimatedTokens !== undefined && task.estimatedTokens > room) {
        excluded.push({
          sessionId: s.session.id,
          why: `the task (~${task.estimatedTokens} tokens) would overflow its context headroom (${room})`,
        });
        continue;
      }
      eligible.push(s);
    }
    return { eligible, excluded };
  }
}

/** Learned files whose directories are scored (the likeliest). */
const SCORED_LEARNED = 5;

/** Where each signal pointed for a routed task, to be scored when it finishes. */
function signalDirs(focus: readonly FocusEntry[], analysis: TextAnalysis, learned: readonly LearnedTarget[]): SignalDirs {
  const editors: [string, number][] = [];
  const edits: [string, number][] = [];
  for (const f of focus) (f.why === 'edited' ? edits : editors).push([dirOf(f.path), f.weight]);
  const words: [string, number][] = analysis.areas.map((a) => [a.dir, a.weight]);
  const names: [string, number][] = [];
  for (const m of analysis.files) if (m.guessed) names.push([dirOf(m.path), m.weight]);
  const fromLearned: [string, number][] = [];
  for (const l of learned) {
    if (l.via !== 'words') continue;
    fromLearned.push([l.dir, l.weight]);
    if (fromLearned.length >= SCORED_LEARNED) break;
  }
  return { editors, edits, words, names, learned: fromLearned };
}

/** "64 KB", "5.0 MB": a text size in words (characters counted as bytes). */
function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${Math.round(chars / 1024)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

/** The ranking with a note added to the first session's reasons (copied by name: rankings may be getters). */
function withNote(ranked: readonly RankedSession[], note: string): readonly RankedSession[] {
  const first = ranked[0];
  if (first === undefined) return ranked;
  const noted: RankedSession = {
    sessionId: first.sessionId,
    score: first.score,
    reasons: [...first.reasons, note],
    components: [...first.components, { kind: 'note', value: 0, reason: note }],
  };
  return [noted, ...ranked.slice(1)];
}
