// The routing engine's public surface, for the orchestrator (src/server) and the CLI.

export { AffinityTracker, type TrackerMemoryReport, type TrackedSession } from './tracker';
export { RoutingKnowledge, describeLearned, type KnowledgeStats, type LearnedChange, type KnowledgeOptions } from './routingKnowledge';
export {
  readGitHistory,
  DEFAULT_HISTORY_COMMITS,
  type GitHistory,
  type GitHistoryOptions,
  type GitHistoryStatus,
  type HistoryCommit,
} from './gitHistory';
export { CONFIDENCE_CALIBRATION, closeCallText, rankingConfidence, evidenceQuality } from './confidence';
export { SignalReliability, SIGNAL_NAMES, type SignalName } from './signalReliability';
export { taskTerms, termsOf, type TaskTerms, type Term } from './codeTerms';
export { DEFAULT_LEARNED_WEIGHTS, type LearnedWeights } from './learnedTargets';
export { Router, type RouterOptions } from './router';
export {
  DEFAULT_ROUTING_SETTINGS,
  resolveRoutingSettings,
  isStrategyName,
  STRATEGY_NAMES,
  type RoutingSettings,
  type StrategyName,
} from './settings';
export { createStrategy, type RoutingStrategy, type StrategyInput, type StrategyOutput } from './strategies';
export {
  analyzeTaskText,
  codeLikeIdentifiers,
  MAX_ANALYZED_CHARS,
  type TextAnalysis,
  type FileMention,
  type AreaMention,
} from './textAnalysis';
export { recognizeIndependent, type IndependenceVerdict } from './independence';
export type { SymbolIndex } from './fileIndex';
export { SymbolCache, DEFAULT_SYMBOL_CACHE_OPTIONS, type SymbolCacheOptions } from './symbolCache';
export { applyStickiness, type PreviousAssignment } from './sticky';
export { buildHandoffSummary, handoffSource, type HandoffInput, type HandoffSource } from './handoff';
export {
  planFanOut,
  combineFanOut,
  idleSessionIds,
  type FanOutRequest,
  type FanOutPlan,
  type FanOutSubtask,
  type SubtaskResult,
  type FanOutReport,
} from './fanOut';
export { auditRecord, AUDIT_SCHEMA_VERSION, type RoutingAuditRecord, type AuditCandidate, type DecidedBy } from './audit';
export { parseTrace, parseTraceLine, type TraceEvent, type TraceParseResult } from './traceFormat';
export { replayTrace, type ReplayDecision, type ReplayOptions, type ReplayResult } from './traceReplay';
export { joinReasons } from './reasons';
export { sessionsForFile, activeSession, type FileAffinity } from './activeAffinity';
export { snapshotTracker, restoreTracker, TRACKER_SNAPSHOT_VERSION, type TrackerSnapshot } from './snapshot';
export type { TouchKind, HeldFile } from './workingSet';
export {
  NEW_SESSION,
  type RoutingSession,
  type SessionLoad,
  type RouteTask,
  type RouteDecision,
  type RankedSession,
  type ScoreComponent,
  type ExcludedSession,
  type NewSessionProposal,
  type HeadroomLookup,
  type RouteConfidence,
  type ConfidenceLevel,
  type SessionProbability,
} from './types';
