// Public surface of the budget domain (usage arithmetic, estimates, import, thresholds, planning),
// for the orchestrator, the router and the CLI.

export type { RawUsage, UsageTotals, ContextFill, FillSource } from './usageTypes';
export { emptyTotals, addTotals, totalTokens, requestInputTokens } from './usageTypes';
export { DEFAULT_CONTEXT_WINDOW, knownContextWindow, resolveContextWindow } from './modelWindows';
export type { ModelPrice, PricedUsage } from './pricing';
export { priceFor, requestCost, normalizeModelId } from './pricing';
export { UsageLedger } from './usageLedger';
export type { ModelUsageMap, CodexTokenInfo, GeminiStats } from './contextMeter';
export { ClaudeContextMeter, codexContextFill, geminiContextFill } from './contextMeter';
export type { CodexTokenTotals } from './agentTotals';
export { codexTotals, geminiRunTotals } from './agentTotals';
export type { BudgetSnapshot, BudgetUpdate } from './sessionBudget';
export { ClaudeSessionBudget } from './sessionBudget';
export type { BudgetLevel, ThresholdConfig, ThresholdState, ThresholdTransition } from './thresholds';
export { DEFAULT_THRESHOLDS, INITIAL_THRESHOLD_STATE, levelFor, normalizeThresholds, stepThresholds } from './thresholds';
export type { BudgetView, PackCandidate, ContextPack, PackOptions } from './headroom';
export { headroomTokens, wouldOverflow, selectContextPack } from './headroom';
export type { BreakdownCategory, ContextBreakdown, BreakdownInput } from './breakdown';
export { contextBreakdown, autoCompactReserve, defaultSystemTokens } from './breakdown';
export type { EncodingName, TokenEncoder, TokenCounterOptions } from './tokenCounter';
export { TokenCounter, loadTiktokenEncoder, modelTokenFactor, contentHash } from './tokenCounter';
export type { CountFn, TextEdit } from './incrementalDocument';
export { IncrementalTokenDocument, chunkedTokenCount } from './incrementalDocument';
export type { AgentKind, MemoryFile, MemoryFileOptions } from './memoryFiles';
export { findMemoryFiles, memoryTokens, MEMORY_FILE_NAMES } from './memoryFiles';
export type { TaskEstimate, TaskEstimateInput } from './taskEstimate';
export { estimateTaskTokens } from './taskEstimate';
export type { TranscriptFile, ListOptions } from './claudeDirs';
export { defaultClaudeDirs, encodeProjectDir, projectDirMatches, listTranscriptFiles } from './claudeDirs';
export type { ImportOptions, ImportResult, ImportedSession, TranscriptFileUsage } from './transcriptImport';
export { importClaudeTranscripts } from './transcriptImport';
export type { FileScan } from './transcriptScan';
export { scanTranscriptFile } from './transcriptScan';
export type { HandoffSummary } from './handoffSummary';
export { HandoffExtractor, extractHandoffSummary, extractHandoffSummaryFromFile, formatHandoffSummary } from './handoffSummary';
export { forEachLine } from './lineReader';
