// Replays a routing trace through a tracker and router, giving one decision per task. Each
// decision only sees the events at or before the task's line.

import { Router } from './router';
import type { ScoringWeights } from './scoring';
import type { LearnedWeights } from './learnedTargets';
import type { TargetWeights } from './targets';
import type { StrategyName, RoutingSettings } from './settings';
import type { TraceEvent } from './traceFormat';
import { AffinityTracker } from './tracker';
import type { RouteDecision } from './types';

export interface ReplayDecision {
  readonly task: string;
  readonly session: string;
}

export interface ReplayOptions {
  readonly strategy?: StrategyName;
  readonly settings?: Partial<RoutingSettings>;
  /** Signal weights (tuning experiments); the defaults are the router's. */
  readonly targetWeights?: TargetWeights;
  readonly scoringWeights?: ScoringWeights;
  readonly learnedWeights?: LearnedWeights;
  /** Called with every full decision (for explanations and tests), and the tracker as it was when deciding. */
  readonly onDecision?: (d: RouteDecision, tracker: AffinityTracker) => void;
}

export interface ReplayResult {
  readonly decisions: readonly ReplayDecision[];
  readonly tracker: AffinityTracker;
  readonly router: Router;
}

/** Trace times are seconds; the tracker works in ms. */
const MS = 1000;

export function replayTrace(events: readonly TraceEvent[], options: ReplayOptions = {}): ReplayResult {
  const tracker = new AffinityTracker({ ...options.settings, ...(options.strategy ? { strategy: options.strategy } : {}) });
  const router = new Router(tracker, {
    ...(options.targetWeights ? { targetWeights: options.targetWeights } : {}),
    ...(options.scoringWeights ? { scoringWeights: options.scoringWeights } : {}),
    ...(options.learnedWeights ? { learnedWeights: options.learnedWeights } : {}),
  });
  const decisions: ReplayDecision[] = [];
  for (const e of events) {
    const at = e.t * MS;
    switch (e.type) {
      case 'session':
        tracker.addSession({ id: e.id, folder: e.folder, specialty: e.specialty, globs: e.globs }, at);
        break;
      case 'open':
        tracker.didOpen(e.file, at);
        break;
      case 'close':
        tracker.didClose(e.file, at);
        break;
      case 'edit':
        tracker.didEdit(e.file, e.by, at);
        break;
      case 'touch':
        tracker.touch(e.session, e.file, e.kind, at);
        break;
      case 'task': {
        for (const s of tracker.sessions()) tracker.setLoad(s.session.id, { running: e.load[s.session.id] ?? 0, queued: 0 });
        const d = router.route({ id: e.id, text: e.text }, at);
        options.onDecision?.(d, tracker);
        decisions.push({ task: e.id, session: d.chosen });
        break;
      }
      case 'done':
        router.dispatched(e.task, e.session);
        tracker.taskDone(e.task, e.session, e.ok, at);
        break;
      case 'history':
        tracker.learnChange({ text: e.text, files: e.files });
        break;
    }
  }
  return { decisions, tracker, router };
}
