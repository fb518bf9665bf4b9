// How a session and its tasks are described in words and icons; pure, so it is unit-tested.
import type { SessionBudgetSummary } from '../../protocol/budget';
import type { SessionStateName, SessionSummary, TaskSummary } from '../../protocol/sessions';
import { formatAge } from '../../common/format';
import { budgetPercent } from '../budget/budgetPresentation';

export const agentNames: Record<SessionSummary['agent'], string> = {
  claude: 'Claude Code',
  codex: 'Codex',
  gemini: 'Gemini CLI',
  command: 'Command',
};

/** The agent in a few letters, where the width is counted (the tree's description). */
export const agentShortNames: Record<SessionSummary['agent'], string> = {
  claude: 'Claude',
  codex: 'Codex',
  gemini: 'Gemini',
  command: 'Command',
};

/** Codicon id (and optional theme color id) per state. */
export const stateIcons: Record<SessionStateName, { icon: string; color?: string }> = {
  idle: { icon: 'circle-large-outline' },
  starting: { icon: 'loading~spin' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  waiting: { icon: 'bell-dot', color: 'charts.yellow' },
  stopping: { icon: 'loading~spin' },
  stopped: { icon: 'debug-stop' },
  failed: { icon: 'error', color: 'errorForeground' },
};

/** The tree's description beside the name: the state, the context fill and the agent, short enough
 *  for the default sidebar width (the agent's short name; its full name is in the tooltip). The
 *  specialty and worktree branch are in the tooltip (and the screen reader's label): in the
 *  description they pushed the row past the sidebar's edge. */
export function sessionDescription(s: SessionSummary, budget?: SessionBudgetSummary): string {
  return [s.state, ...(budget && budget.fraction != null ? [budgetPercent(budget)] : []), agentShortNames[s.agent]].join(' · ');
}

/** The description where there is room (quick picks): state, fill, agent, specialty and worktree branch. */
export function sessionLongDescription(s: SessionSummary, budget?: SessionBudgetSummary): string {
  const parts = [s.state, ...(budget && budget.fraction != null ? [budgetPercent(budget)] : []), agentNames[s.agent]];
  if (s.specialty) parts.push(s.specialty.label);
  if (s.worktree) parts.push(`⎇ ${s.worktree.branch.replace(/^agent-affinity\//, '')}`);
  return parts.join(' · ');
}

/** What a screen reader says for a session's row: everything the row and its tooltip's first lines show. */
export function sessionAccessibilityLabel(s: SessionSummary, budget?: SessionBudgetSummary, active = false): string {
  const parts = [s.name, sessionLongDescription(s, budget)];
  if (active) parts.push('most affinity with the active editor');
  return parts.join(', ');
}

/** Theme colour of a session's icon at a budget threshold (warn yellow, critical red), else undefined. */
export function budgetLevelColor(budget: SessionBudgetSummary | undefined): string | undefined {
  if (budget?.level === 'critical') return 'charts.red';
  if (budget?.level === 'warn') return 'charts.yellow';
  return undefined;
}

export function firstLine(text: string, max = 80): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Markdown for the session's tooltip. Text from the agent is escaped. */
export function sessionTooltip(s: SessionSummary, now: number = Date.now()): string {
  const esc = (t: string): string => t.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
  const lines = [`**${esc(s.name)}** · ${agentNames[s.agent]} · ${s.state}`, '', `Folder: \`${s.cwd}\``];
  if (s.worktree) lines.push(`Worktree branch: \`${s.worktree.branch}\``);
  if (s.specialty)
    lines.push(`Specialty: ${esc(s.specialty.label)} (${s.specialty.globs.map((g) => `\`${g}\``).join(', ') || 'no globs'})`);
  if (s.model) lines.push(`Model: \`${s.model}\``);
  if (s.permissionMode) lines.push(`Permission mode: \`${s.permissionMode}\``);
  if (s.conversationId) lines.push(`Conversation: \`${s.conversationId}\``);
  lines.push(`Tasks run: ${s.tasksRun}; queued: ${s.queue.length}; last activity ${formatAge(now - s.lastActivityAt)}`);
  if (s.workingSet.length) lines.push(`Working set: ${s.workingSet.length} file(s), latest \`${s.workingSet[0]?.path ?? ''}\``);
  if (s.lastError) lines.push('', `$(error) ${esc(s.lastError.reason)}`);
  return lines.join('  \n');
}

export function taskLabel(t: TaskSummary): string {
  return firstLine(t.text, 60);
}

export function taskDescription(t: TaskSummary): string {
  const bits: string[] = [t.status];
  if (t.priority !== 0) bits.push(`priority ${t.priority}`);
  if (t.dependsOn.length) bits.push(`after ${t.dependsOn.join(', ')}`);
  if (t.error) bits.push(firstLine(t.error, 60));
  return bits.join(' · ');
}

/** After a session failed: a sentence on the tasks that were queued then (failed without a start), or ''. */
export function notStartedNote(s: Pick<SessionSummary, 'recent' | 'lastError'>): string {
  const at = s.lastError?.at ?? 0;
  const n = s.recent.filter((t) => t.status === 'failed' && t.attempts === 0 && (t.finishedAt ?? 0) >= at).length;
  if (n === 0) return '';
  return n === 1 ? ' Its queued task was not started; Resume runs it.' : ' Its queued tasks were not started; Resume runs them.';
}
