// One live session's budget, composed from the pieces: usage ledger (totals, cost), context meter
// (fill, window) and threshold state. The orchestrator feeds it the agent's usage events as they
// arrive and publishes `snapshot()`; `transition` tells it when to recolour and whether to notify.

import { UsageLedger, type RunReport } from './usageLedger';
import { ClaudeContextMeter, type ModelUsageMap } from './contextMeter';
import {
  DEFAULT_THRESHOLDS,
  INITIAL_THRESHOLD_STATE,
  stepThresholds,
  type BudgetLevel,
  type ThresholdConfig,
  type ThresholdState,
  type ThresholdTransition,
} from './thresholds';
import type { ContextFill, RawUsage, UsageTotals } from './usageTypes';

export interface BudgetSnapshot {
  fill: ContextFill;
  totals: UsageTotals;
  /** Estimated from list prices (see pricing.ts). */
  costUsd: number;
  level: BudgetLevel;
}

/** The result of feeding one event: the new snapshot, and a threshold transition if one happened. */
export interface BudgetUpdate {
  snapshot: BudgetSnapshot;
  transition: ThresholdTransition | null;
}

export class ClaudeSessionBudget {
  private readonly ledger = new UsageLedger();
  private readonly meter = new ClaudeContextMeter();
  private state: ThresholdState = INITIAL_THRESHOLD_STATE;

  constructor(private thresholds: ThresholdConfig = DEFAULT_THRESHOLDS) {}

  /** An `assistant` line's usage (stream or transcript); duplicates are fine. */
  onAssistantUsage(u: RawUsage): BudgetUpdate {
    this.ledger.record(u);
    this.meter.recordUsage(u);
    return this.update();
  }

  /** `message_delta.usage.output_tokens` of a response. */
  onFinalOutput(messageId: string, outputTokens: number): BudgetUpdate {
    this.ledger.recordFinalOutput(messageId, outputTokens);
    return this.update();
  }

  /** The end of a run (`result.usage`, the run's cost): totals made equal to the agent's own figures. */
  onRunReport(report: RunReport): BudgetUpdate {
    this.ledger.reconcileRun(report);
    return this.update();
  }

  /** A `compact_boundary`. */
  onCompaction(preTokens?: number): BudgetUpdate {
    this.meter.recordCompaction(preTokens);
    return this.update();
  }

  /** `result.modelUsage` (windows only; its run totals are never used). */
  onModelUsage(modelUsage: ModelUsageMap): BudgetUpdate {
    this.meter.recordModelUsage(modelUsage);
    return this.update();
  }

  /** New threshold settings; may produce a transition. */
  setThresholds(config: ThresholdConfig): BudgetUpdate {
    this.thresholds = config;
    return this.update();
  }

  snapshot(): BudgetSnapshot {
    return { fill: this.meter.fill(), totals: this.ledger.totals(), costUsd: this.ledger.costUsd(), level: this.state.level };
  }

  private update(): BudgetUpdate {
    const fill = this.meter.fill();
    const step = stepThresholds(this.state, fill.fraction, this.thresholds);
    this.state = step.state;
    return {
      snapshot: { fill, totals: this.ledger.totals(), costUsd: this.ledger.costUsd(), level: this.state.level },
      transition: step.transition,
    };
  }
}
