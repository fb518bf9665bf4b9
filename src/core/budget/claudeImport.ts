// Import of the workspace's existing Claude Code conversations: each transcript under
// `<claude dir>/projects/` for a workspace folder becomes a stopped, resumable session (its
// conversation id set, named from the transcript title) with its usage totals, cost and last fill.
import { existsSync } from 'node:fs';
import { projectDirMatches } from './claudeDirs';
import { importClaudeTranscripts, type ImportedSession } from './transcriptImport';
import type { SessionManager } from '../sessions/sessionManager';
import type { ImportClaudeResult } from './budgetSummary';
import type { BudgetChange, BudgetTracker } from './budgetTracker';

export interface ImportDeps {
  manager: SessionManager;
  tracker: BudgetTracker;
  claudeDirs: readonly string[];
  workspaceFolders: readonly string[];
  publish(change: BudgetChange): void;
}

/** A session name from the transcript: its title, else its date. */
export function importedName(s: Pick<ImportedSession, 'title' | 'firstTimestamp' | 'sessionId'>): string {
  const title = s.title?.replace(/\s+/g, ' ').trim();
  if (title) return title.length > 60 ? `${title.slice(0, 59)}…` : title;
  const day = s.firstTimestamp?.slice(0, 16).replace('T', ' ');
  return `Claude Code ${day ?? s.sessionId.slice(0, 8)}`;
}

function folderOf(s: ImportedSession, workspaceFolders: readonly string[]): string | undefined {
  if (s.projectPath && existsSync(s.projectPath)) return s.projectPath;
  return workspaceFolders.find((f) => projectDirMatches(s.projectDir, f));
}

export async function importClaudeSessions(deps: ImportDeps): Promise<ImportClaudeResult> {
  const { manager, tracker } = deps;
  const result: ImportClaudeResult = { imported: 0, known: 0, skipped: 0, errors: [], skippedPaths: [], sessionIds: [] };
  if (deps.workspaceFolders.length === 0) return result;
  const found = await importClaudeTranscripts({ claudeDirs: deps.claudeDirs, folders: deps.workspaceFolders });
  result.errors.push(...found.errors);
  result.skippedPaths.push(...found.skipped.map((p) => `${p.path}: ${p.detail}`));
  const byConversation = new Map(
    manager
      .list()
      .filter((r) => r.conversationId)
      .map((r) => [r.conversationId, r]),
  );
  // Oldest first, so the tree lists them in the order they happened.
  const sessions = [...found.sessions].sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? ''));
  for (const s of sessions) {
    const folder = folderOf(s, deps.workspaceFolders);
    if (!folder || (s.fill.usedTokens == null && s.totals.inputTokens + s.totals.outputTokens === 0)) {
      result.skipped += 1;
      continue;
    }
    const known = byConversation.get(s.sessionId);
    if (known) {
      result.known += 1;
      // A session this extension runs has live figures; only refresh ones that came from an import.
      const current = tracker.summary(known.id);
      if (!current || current.imported || current.source === 'none' || current.source === 'estimate')
        deps.publish(tracker.setImported(known.id, s));
      continue;
    }
    try {
      const record = manager.createSession({ name: importedName(s), agent: 'claude', folder, conversationId: s.sessionId });
      await manager.stopSession(record.id);
      deps.publish(tracker.setImported(record.id, s));
      result.imported += 1;
      result.sessionIds.push(record.id);
    } catch (e) {
      result.errors.push(`${s.files[0] ?? s.sessionId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return result;
}
