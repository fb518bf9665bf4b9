// Every session's budget in the orchestrator, fed with its agent's typed events: Claude Code through
// ClaudeSessionBudget (last main-chain request's input + cache figures), Codex and Gemini through
// their fill functions (per-turn differences of their cumulative readings), estimates (memory files,
// system prompt) before the first figure. Pure of LSP, so it is unit-tested on recorded events.
import type { AgentEvent, AgentKind as AnyAgentKind } from '../agents/agentEvents';
import { CODEX_STREAM_MODEL } from '../agents/codexParser';
import { ClaudeSessionBudget } from './sessionBudget';
import { autoCompactReserve, contextBreakdown } from './breakdown';
import { codexContextFill, geminiContextFill } from './contextMeter';
import { emptyTotals, type ContextFill, type UsageTotals } from './usageTypes';
import { headroomTokens } from './headroom';
import {
  levelFor,
  stepThresholds,
  INITIAL_THRESHOLD_STATE,
  DEFAULT_THRESHOLDS,
  type BudgetLevel,
  type ThresholdConfig,
  type ThresholdState,
} from './thresholds';
import { requestCost } from './pricing';
import { resolveContextWindow } from './modelWindows';
import { type AgentKind } from './memoryFiles';
import { type CodexRolloutBudget } from './codexRollout';
import { type ImportedSession } from './transcriptImport';
import type { BudgetLevelName, SessionBudgetSummary } from './budgetSummary';
import type { PersistedBudget } from './budgetDocument';

const RANK: Record<BudgetLevelName, number> = { unknown: -1, ok: 0, warn: 1, critical: 2 };
const TREND_MAX = 60;

/** What a caller does after feeding an event: publish the summary, and maybe show one notification. */
export interface BudgetChange {
  summary: SessionBudgetSummary;
  notify: 'warn' | 'critical' | null;
}

interface Tracked {
  agent: AnyAgentKind;
  claude?: ClaudeSessionBudget;
  /** Codex/Gemini: the last fill and threshold state. */
  fill?: ContextFill;
  state: ThresholdState;
  /** Totals and cost carried over from before a reload or from an import. */
  baseTotals: UsageTotals;
  baseCost: number;
  /** Codex/Gemini: totals of this process's runs. */
  runTotals: UsageTotals;
  runCost: number;
  lastCumulative?: { input: number; cached: number; output: number };
  model: string | null;
  /** Codex: the window its session log last reported (`model_context_window`). */
  reportedWindow?: number;
  memoryTokens: number;
  attachedTokens: number;
  restored?: SessionBudgetSummary;
  /** The windows the agent reported, by model: kept for the session's life, across tasks and reloads. */
  windows: Record<string, number>;
  imported?: boolean;
  trend: number[];
  notified: BudgetLevelName;
  summary: SessionBudgetSummary;
}

function budgetAgent(agent: AnyAgentKind): AgentKind {
  return agent === 'command' ? 'claude' : agent;
}

export class BudgetTracker {
  private readonly sessions = new Map<string, Tracked>();

  constructor(
    private thresholds: ThresholdConfig = { ...DEFAULT_THRESHOLDS },
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows persisted summaries until new figures arrive (after a reload). */
  restore(persisted: readonly PersistedBudget[]): void {
    for (const p of persisted) {
      const t = this.ensure(p.summary.sessionId, p.summary.agent);
      t.restored = p.summary;
      t.baseTotals = { ...p.summary.totals };
      t.baseCost = p.summary.costUsd;
      t.trend = [...p.summary.trend];
      t.model = p.summary.model;
      t.notified = p.notified;
      t.windows = { ...(p.windows ?? {}) };
      t.state = { level: p.summary.level };
      if (p.summary.imported) t.imported = true;
      t.summary = p.summary;
    }
  }

  /** Starts tracking a session (idempotent). */
  track(sessionId: string, agent: AnyAgentKind): SessionBudgetSummary {
    const t = this.ensure(sessionId, agent);
    return t.summary;
  }

  remove(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  summary(sessionId: string): SessionBudgetSummary | undefined {
    return this.sessions.get(sessionId)?.summary;
  }

  all(): SessionBudgetSummary[] {
    return [...this.sessions.values()].map((t) => t.summary);
  }

  persisted(sessionId: string): PersistedBudget | undefined {
    const t = this.sessions.get(sessionId);
    if (!t) return undefined;
    return Object.keys(t.windows).length > 0
      ? { summary: t.summary, notified: t.notified, windows: { ...t.windows } }
      : { summary: t.summary, notified: t.notified };
  }

  /** Tokens the session can still take before its auto-compact reserve; undefined for an unknown session. */
  headroom(sessionId: string): number | undefined {
    return this.sessions.get(sessionId)?.summary.headroomTokens;
  }

  /** New estimates of what the session loads besides the conversation (memory files, files read). */
  setEstimates(sessionId: string, agent: AnyAgentKind, est: { memoryTokens?: number; attachedTokens?: number }): BudgetChange {
    const t = this.ensure(sessionId, agent);
    if (est.memoryTokens !== undefined) t.memoryTokens = est.memoryTokens;
    if (est.attachedTokens !== undefined) t.attachedTokens = est.attachedTokens;
    return this.refresh(sessionId, t, null);
  }

  /** Figures of an imported Claude Code conversation: its totals, cost and last fill. */
  setImported(sessionId: string, imported: ImportedSession): BudgetChange {
    const t = this.ensure(sessionId, 'claude');
    t.imported = true;
    t.baseTotals = { ...imported.totals };
    t.baseCost = imported.costUsd;
    t.model = imported.model;
    t.fill = imported.fill;
    delete t.claude;
    delete t.restored;
    if (imported.fill.usedTokens != null && t.trend.length === 0) t.trend.push(imported.fill.usedTokens);
    const step = stepThresholds(t.state, imported.fill.fraction, this.thresholds);
    t.state = step.state;
    // An old conversation at 95 % is shown red, but nobody is notified about history.
    t.notified = RANK[t.state.level] > RANK[t.notified] ? t.state.level : t.notified;
    return this.refresh(sessionId, t, null);
  }

  setThresholds(config: ThresholdConfig): BudgetChange[] {
    this.thresholds = config;
    const out: BudgetChange[] = [];
    for (const [id, t] of this.sessions) {
      const update = t.claude?.setThresholds(config);
      let notify: 'warn' | 'critical' | null = null;
      if (update) {
        t.state = { level: update.snapshot.level };
        notify = update.transition?.notify ?? null;
      } else {
        const step = stepThresholds(t.state, this.currentFill(t).fraction, config);
        t.state = step.state;
        notify = step.transition?.notify ?? null;
      }
      out.push(this.refresh(id, t, notify));
    }
    return out;
  }

  /** Feeds one agent event; returns the change when the budget moved. */
  onAgentEvent(sessionId: string, agent: AnyAgentKind, ev: AgentEvent): BudgetChange | undefined {
    if (ev.type !== 'usage' && ev.type !== 'compaction' && ev.type !== 'done') return undefined;
    const t = this.ensure(sessionId, agent);
    if (agent === 'claude' || agent === 'command') return this.onClaudeEvent(sessionId, t, ev);
    return this.onCumulativeEvent(sessionId, t, ev);
  }

  private onClaudeEvent(sessionId: string, t: Tracked, ev: AgentEvent): BudgetChange | undefined {
    if (!t.claude) {
      t.claude = new ClaudeSessionBudget(this.thresholds);
      // A window the agent reported before (an earlier task, before a reload) holds from the first answer on.
      if (Object.keys(t.windows).length > 0)
        t.claude.onModelUsage(Object.fromEntries(Object.entries(t.windows).map(([m, w]) => [m, { contextWindow: w }])));
      delete t.restored;
      delete t.fill;
    }
    let update;
    if (ev.type === 'usage') {
      if (ev.cumulative) return undefined;
      update = t.claude.onAssistantUsage({
        messageId: ev.messageId,
        model: ev.model,
        input_tokens: ev.input_tokens,
        output_tokens: ev.output_tokens,
        cache_creation_input_tokens: ev.cache_creation_input_tokens,
        cache_read_input_tokens: ev.cache_read_input_tokens,
        isSidechain: ev.isSidechain,
      });
      if (!ev.isSidechain && ev.model !== '<synthetic>') t.model = ev.model;
    } else if (ev.type === 'compaction') {
      update = t.claude.onCompaction(ev.preTokens);
    } else if (ev.type === 'done') {
      // The stream's output counts are placeholders until the run ends; its report settles the totals.
      if (ev.runUsage)
        t.claude.onRunReport({
          usage: ev.runUsage,
          model: t.model ?? 'unknown',
          ...(ev.costUsd !== undefined ? { costUsd: ev.costUsd } : {}),
        });
      if (ev.contextWindow && t.model) t.windows[t.model] = ev.contextWindow;
      update =
        ev.contextWindow && t.model
          ? t.claude.onModelUsage({ [t.model]: { contextWindow: ev.contextWindow } })
          : { snapshot: t.claude.snapshot(), transition: null };
      if (update.snapshot.fill.usedTokens != null) this.pushTrend(t, update.snapshot.fill.usedTokens);
    } else {
      return undefined;
    }
    t.state = { level: update.snapshot.level };
    return this.refresh(sessionId, t, update.transition?.notify ?? null);
  }

  private onCumulativeEvent(sessionId: string, t: Tracked, ev: AgentEvent): BudgetChange | undefined {
    if (ev.type === 'done') {
      const used = t.fill?.usedTokens;
      if (used != null) this.pushTrend(t, used);
      return this.refresh(sessionId, t, null);
    }
    if (ev.type !== 'usage') return undefined;
    delete t.restored;
    // Codex's stream names no model: keep the one its session log named after an earlier turn.
    const named = !(t.agent === 'codex' && ev.model === CODEX_STREAM_MODEL);
    if (named || t.model == null) t.model = ev.model;
    const model = named ? ev.model : t.model;
    const reading = { input: ev.input_tokens, cached: ev.cache_read_input_tokens, output: ev.output_tokens };
    // Codex reports the thread's running total per turn: the turn is the difference (a new process starts over).
    const prev =
      t.agent === 'codex' && t.lastCumulative && reading.input + reading.cached >= t.lastCumulative.input + t.lastCumulative.cached
        ? t.lastCumulative
        : { input: 0, cached: 0, output: 0 };
    t.lastCumulative = reading;
    const turn = {
      input: reading.input - prev.input,
      cached: reading.cached - prev.cached,
      output: Math.max(0, reading.output - prev.output),
    };
    const add: UsageTotals = {
      inputTokens: Math.max(0, turn.input),
      outputTokens: turn.output,
      cacheCreationTokens: 0,
      cacheReadTokens: Math.max(0, turn.cached),
    };
    t.runTotals.inputTokens += add.inputTokens;
    t.runTotals.outputTokens += add.outputTokens;
    t.runTotals.cacheReadTokens += add.cacheReadTokens;
    t.runCost += requestCost(model, {
      input_tokens: add.inputTokens,
      output_tokens: add.outputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: add.cacheReadTokens,
    });
    const inTurn = Math.max(0, turn.input) + Math.max(0, turn.cached);
    t.fill =
      t.agent === 'codex'
        ? // A turn's sum over its requests: an upper bound of the last request, so labelled aggregate.
          {
            ...codexContextFill(
              {
                last_token_usage: { input_tokens: inTurn, output_tokens: turn.output, total_tokens: inTurn + turn.output },
                model_context_window: t.reportedWindow ?? null,
              },
              model === CODEX_STREAM_MODEL ? null : model,
            ),
            source: 'aggregate',
          }
        : geminiContextFill({ input_tokens: inTurn }, ev.model);
    const step = stepThresholds(t.state, t.fill.fraction, this.thresholds);
    t.state = step.state;
    return this.refresh(sessionId, t, step.transition?.notify ?? null);
  }

  /**
   * Codex's own figure from its session log: the last request's `last_token_usage` against
   * `model_context_window`, replacing the turn aggregate the event stream gives (an upper bound).
   */
  onCodexRollout(sessionId: string, rollout: CodexRolloutBudget): BudgetChange | undefined {
    const t = this.sessions.get(sessionId);
    if (!t || t.agent !== 'codex' || rollout.fill.usedTokens == null) return undefined;
    delete t.restored;
    if (rollout.model) t.model = rollout.model;
    if (rollout.fill.windowSource === 'agent') t.reportedWindow = rollout.fill.window;
    t.fill = rollout.fill;
    // The turn's end already added the aggregate to the trend: the exact figure takes its place.
    if (t.trend.length > 0) t.trend[t.trend.length - 1] = rollout.fill.usedTokens;
    else this.pushTrend(t, rollout.fill.usedTokens);
    const step = stepThresholds(t.state, t.fill.fraction, this.thresholds);
    t.state = step.state;
    return this.refresh(sessionId, t, step.transition?.notify ?? null);
  }

  private pushTrend(t: Tracked, used: number): void {
    t.trend.push(used);
    if (t.trend.length > TREND_MAX) t.trend.splice(0, t.trend.length - TREND_MAX);
  }

  private ensure(sessionId: string, agent: AnyAgentKind): Tracked {
    let t = this.sessions.get(sessionId);
    if (!t) {
      t = {
        agent,
        state: INITIAL_THRESHOLD_STATE,
        baseTotals: emptyTotals(),
        baseCost: 0,
        runTotals: emptyTotals(),
        runCost: 0,
        model: null,
        memoryTokens: 0,
        attachedTokens: 0,
        trend: [],
        notified: 'unknown',
        windows: {},
        summary: undefined as unknown as SessionBudgetSummary,
      };
      this.sessions.set(sessionId, t);
      t.summary = this.build(sessionId, t);
    }
    return t;
  }

  private currentFill(t: Tracked): ContextFill {
    if (t.claude) return t.claude.snapshot().fill;
    if (t.fill) return t.fill;
    const { window, source } = resolveContextWindow(t.model, (t.model != null ? t.windows[t.model] : undefined) ?? null);
    return { usedTokens: null, window, windowSource: source, fraction: null, source: 'none', model: t.model };
  }

  private refresh(sessionId: string, t: Tracked, transitionNotify: 'warn' | 'critical' | null): BudgetChange {
    t.summary = this.build(sessionId, t);
    let notify: 'warn' | 'critical' | null = null;
    const level = t.summary.level;
    if (transitionNotify && RANK[transitionNotify] > RANK[t.notified]) {
      notify = transitionNotify;
      t.notified = transitionNotify;
    } else if (level === 'ok' || (level === 'warn' && t.notified === 'critical' && !transitionNotify)) {
      // Back below a threshold: the next crossing notifies again.
      if (RANK[level] < RANK[t.notified]) t.notified = level;
    }
    return { summary: t.summary, notify };
  }

  private build(sessionId: string, t: Tracked): SessionBudgetSummary {
    if (t.restored && !t.claude && !t.fill) return { ...t.restored, trend: [...t.trend] };
    const agent = budgetAgent(t.agent);
    const fill = this.currentFill(t);
    const breakdown = contextBreakdown({ fill, agent, memoryTokens: t.memoryTokens, attachedFileTokens: t.attachedTokens });
    const reserve = autoCompactReserve(agent, fill.window);
    const estimated = fill.usedTokens == null && fill.source !== 'compacted';
    const used = estimated ? breakdown.usedTokens : fill.usedTokens;
    const fraction = used == null ? null : used / fill.window;
    const totals = { ...t.baseTotals };
    let cost = t.baseCost;
    if (t.claude) {
      const s = t.claude.snapshot();
      totals.inputTokens += s.totals.inputTokens;
      totals.outputTokens += s.totals.outputTokens;
      totals.cacheCreationTokens += s.totals.cacheCreationTokens;
      totals.cacheReadTokens += s.totals.cacheReadTokens;
      cost += s.costUsd;
    } else {
      totals.inputTokens += t.runTotals.inputTokens;
      totals.outputTokens += t.runTotals.outputTokens;
      totals.cacheReadTokens += t.runTotals.cacheReadTokens;
      cost += t.runCost;
    }
    // An estimate is shown as one, and never counts toward the thresholds: only the agent's figures colour.
    const level: BudgetLevel = t.state.level;
    const summary: SessionBudgetSummary = {
      sessionId,
      agent: t.agent,
      usedTokens: used,
      window: fill.window,
      fraction,
      source: estimated ? 'estimate' : fill.source,
      model: fill.model ?? t.model,
      level: level === 'unknown' && fraction != null && !estimated ? levelFor(fraction, this.thresholds) : level,
      totals,
      costUsd: cost,
      breakdown: breakdown.categories.map((c) => ({ name: c.name, tokens: c.tokens, estimate: c.estimate })),
      // Right after a compaction the agent's figure is unknown until its next answer; the fixed parts
      // (system, memory, files) are what is sure to be there, so headroom assumes those.
      headroomTokens: headroomTokens({
        fill: fill.source === 'compacted' ? { ...fill, compactedFromTokens: breakdown.usedTokens } : fill,
        reserveTokens: reserve,
        estimatedUsedTokens: used ?? breakdown.usedTokens,
      }),
      trend: [...t.trend],
      updatedAt: this.now(),
    };
    if (t.imported) summary.imported = true;
    return summary;
  }
}
