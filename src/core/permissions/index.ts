// Public API of the permission engine (issue 4): parse, decide, consolidate, scan, render, apply.
export type {
  CommandPattern,
  Decision,
  ListName,
  MatchContext,
  ParsedRule,
  PathAnchor,
  RuleFlag,
  RuleForm,
  RuleLists,
  ToolCall,
} from './types';
export type {
  Change,
  ChangeKind,
  ConsolidateOptions,
  ConsolidationResult,
  Finding,
  FindingKind,
  Mismatch,
  RiskPolicy,
  RuleScope,
} from './consolidationTypes';
export { parseRule, KNOWN_TOOLS, NEVER_CONSULTED_PATH_TOOLS, NON_CANONICAL_TOOLS } from './ruleParser';
export { compileRuleSet, decide, findMatch, DEFAULT_CONTEXT } from './matcher';
export type { CompiledRuleSet, DecideOptions } from './matcher';
export { splitCommand, matchForms } from './shellSplit';
export { consolidate, applyChanges } from './consolidate';
export { exactTier } from './exactTier';
export { generalizeTier } from './generalizeTier';
export type { GeneralizeOptions } from './generalizeTier';
export { DEFAULT_RISK_POLICY, riskyWidening } from './riskPolicy';
export { findingsFor } from './findings';
export { credentialsIn, maskChange, maskFinding, maskSecrets } from './credentials';
export { probesForRule, describeCall, FIXED_PROBES } from './probes';
export { readSettingsFile, parseSettingsText, renderSettingsFile, DEFAULT_MAX_BYTES } from './settingsFile';
export type { SettingsFileOk, SettingsFileError, SettingsFileResult, SettingsReadOptions } from './settingsFile';
export { renderJsonArrays } from './jsonArrayWriter';
export type { ArrayEdit } from './jsonArrayWriter';
export { applyFileRewrite, restoreBackup } from '../files';
export type { AtomicWriteOptions, AtomicWriteResult } from '../files';
export {
  assertBackupOutsideRepository,
  backupsOf,
  cliBackupRoot,
  readBackupIndex,
  restoreFromIndex,
  rewriteWithBackup,
  BACKUP_INDEX,
} from './backupStore';
export type { BackupEntry, RestoreOptions, RewriteWithBackupResult } from './backupStore';
export { scanFolder, gitRootOf, defaultManagedDir, crossScopeFindings } from './scopes';
export type { AgentKind, ScannedFile, ScanOptions, ScanResult } from './scopes';
export { findCommandLists, consolidateCommandLists, detectListFileKind, listEntryCovers, listFindings } from './commandLists';
export type { FoundList, ListConsolidation, ListFileKind } from './commandLists';
export { parseCodexRules, parseCodexConfig } from './codexPolicy';
export type { CodexReport, CodexRule } from './codexPolicy';
export { planFile } from './planFile';
export type { FilePlan } from './planFile';
export { planFolder } from './planFolder';
export { sessionAllowList } from './sessionAllowList';
export type { SessionAllowList } from './sessionAllowList';
export type { FolderPlan } from './planFolder';
export { scopeOfPath } from './planFile';
export type { PlanOptions } from './planFile';
export { addRuleConsolidated, proposeRuleFor } from './alwaysAllow';
export type { AddRuleResult, RuleProposal } from './alwaysAllow';
export { CONSOLIDATION_LIMITS } from './consolidate';
export { oneOffEvidence } from './oneOffs';
export type { OneOffEvidence, OneOffKind } from './oneOffs';
