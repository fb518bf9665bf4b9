// Turns a finished agent task into learned fixes: the diff of every file the agent edited (its
// text before the first edit, snapshotted at tool_use time, against its text now) is paired with
// the errors the agent saw and then no longer saw (captureFromAgentTask decides which).
import { isAbsolute, resolve } from 'node:path';
import type { AgentFileDiff } from './agentCapture';
import { captureFromAgentTask } from './agentCapture';
import type { FixRecord } from './fixRecord';
import { makeUnifiedDiff } from './unifiedDiff';
import type { FinishedActivity, ReadText } from './taskActivity';
import { pathBelow } from '../workspace/paths';

export interface AgentFixInput {
  readonly sessionId: string;
  readonly taskId: string;
  /** The folder the agent ran in; diff paths are relative to it. */
  readonly cwd: string;
  readonly activity: FinishedActivity;
  readonly readText: ReadText;
  readonly now: number;
  /** Whether fixes may be learned from the file at this absolute path (see FixCaptureScope). */
  readonly isSource?: (absolutePath: string) => boolean;
}

/** The file diffs of the agent's edits (files whose text did not change are left out). */
export function agentFileDiffs(activity: FinishedActivity, cwd: string, readText: ReadText): AgentFileDiff[] {
  const diffs: AgentFileDiff[] = [];
  for (const [path, before] of activity.before) {
    const after = readText(path) ?? '';
    if (after === before) continue;
    const name = pathBelow(cwd, path) ?? path;
    const diff = makeUnifiedDiff(before, after, { fromFile: `a/${name}`, toFile: `b/${name}` });
    if (diff !== '') diffs.push({ path: name, diff });
  }
  return diffs;
}

/** The fixes a finished task teaches (none when it failed or saw no error it then cleared). */
export function fixesFromAgentTask(input: AgentFixInput): FixRecord[] {
  const last = input.activity.events.at(-1);
  if (!last || last.kind !== 'outcome' || !last.success || input.activity.before.size === 0) return [];
  if (!input.activity.events.some((e) => e.kind === 'toolResult')) return [];
  const isSource = input.isSource;
  return captureFromAgentTask(
    {
      sessionId: input.sessionId,
      taskId: input.taskId,
      events: input.activity.events,
      fileDiffs: agentFileDiffs(input.activity, input.cwd, input.readText),
      now: input.now,
    },
    isSource ? { isSource: (p) => isSource(isAbsolute(p) ? p : resolve(input.cwd, p)) } : {},
  );
}
