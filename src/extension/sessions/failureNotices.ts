// When a session's failure notice appears and when it is withdrawn, and what it says. Pure (no
// vscode), so it is unit-tested; sessionNotifications.ts shows and withdraws the notices.
import type { AgentKindName, SessionStateName, SessionSummary } from '../../protocol/sessions';
import { CommandIds } from '../contributions';
import { notStartedNote } from './sessionPresentation';

/** The setting that names each agent's program (what a missing CLI is fixed with). */
export const EXECUTABLE_SETTINGS: Record<AgentKindName, string> = {
  claude: 'agentAffinity.claude.path',
  codex: 'agentAffinity.codex.path',
  gemini: 'agentAffinity.gemini.path',
  command: 'agentAffinity.command.commandLine',
};

/** Where a missing CLI's setting is set in this window, and the command that opens it there. */
export interface SettingsPlace {
  label: 'Remote settings' | 'User settings';
  command: string;
}

export interface FailureChanges {
  /** Sessions that just failed: a notice each. */
  failed: SessionSummary[];
  /** Sessions failed before and not now (retried, resumed, stopped) or gone: their notice is withdrawn. */
  resolved: { sessionId: string; name: string; recovered: boolean }[];
}

const working = new Set<SessionStateName>(['idle', 'starting', 'running', 'waiting']);

/** Follows the sessions' states from one model change to the next. A session first seen failed (the
 *  window just opened) gets no notice: the tree shows it, and the failure is not news. */
export class FailureTracker {
  private readonly last = new Map<string, { state: SessionStateName; name: string }>();

  update(sessions: readonly SessionSummary[]): FailureChanges {
    const changes: FailureChanges = { failed: [], resolved: [] };
    const seen = new Set<string>();
    for (const s of sessions) {
      seen.add(s.id);
      const before = this.last.get(s.id)?.state;
      this.last.set(s.id, { state: s.state, name: s.name });
      if (s.state === 'failed' && before !== undefined && before !== 'failed') changes.failed.push(s);
      else if (s.state !== 'failed' && before === 'failed')
        changes.resolved.push({ sessionId: s.id, name: s.name, recovered: working.has(s.state) });
    }
    for (const [id, { state, name }] of this.last) {
      if (seen.has(id)) continue;
      this.last.delete(id);
      if (state === 'failed') changes.resolved.push({ sessionId: id, name, recovered: false });
    }
    return changes;
  }
}

/** Breaks Markdown links in text the agent or the user wrote, so a notification renders no link
 *  (no `command:` link) from it; a zero-width space between `]` and `(` looks the same. */
export function noLinks(text: string): string {
  return text.replaceAll('](', ']\u200b(');
}

/** An action as a command link (notifications render `[label](command:…)` links). */
function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

/** The notice: what failed and why, with links to retry the failed task, resume, or read the
 *  transcript; when the agent's CLI was not found, a link to the settings where its path applies. */
export function failureNoticeText(s: SessionSummary, place?: SettingsPlace): string {
  const tail = s.lastError?.stderrTail.slice(-3).join(' | ');
  const missing = s.lastError?.kind === 'missing-executable' && place !== undefined;
  const setting = EXECUTABLE_SETTINGS[s.agent];
  const where = missing
    ? place.label === 'Remote settings'
      ? ` In this remote window, set ${setting} in Remote settings: User settings do not apply to it here.`
      : ` Set ${setting} in User settings.`
    : '';
  const reason = `${s.lastError?.reason ?? 'unknown reason'}${tail ? ` (${tail})` : ''}`;
  const why = where && !/[.!?]$/.test(reason) ? `${reason}.` : reason;
  const failedTask = [...s.recent].reverse().find((t) => t.status === 'failed' && t.retryable);
  const links = [
    ...(missing
      ? [
          commandLink(`Open ${place.label === 'Remote settings' ? 'Remote Settings' : 'User Settings'}`, place.command, {
            query: setting,
            revealSetting: { key: setting, edit: false },
          }),
        ]
      : []),
    ...(failedTask
      ? [commandLink('Retry Task', CommandIds.retryTask, { kind: 'task', sessionId: s.id, task: { id: failedTask.id } })]
      : []),
    commandLink('Resume', CommandIds.resumeSession, s.id),
    commandLink('Open Transcript', CommandIds.openSessionTranscript, s.id),
  ];
  // The links first: a collapsed notification shows one line, and the reason may be long.
  return `Agent Affinity: session '${noLinks(s.name)}' failed (${links.join(' · ')}): ${noLinks(why)}${where}${notStartedNote(s)}`;
}

/** The status-bar line once a failed session works again. */
export function recoveredText(name: string): string {
  return `$(check) Agent Affinity: '${name}' works again`;
}
