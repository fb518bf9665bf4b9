// Learns fixes from agent tasks: an error seen in a tool result (failing command, test or compiler
// run) that a later successful tool result no longer shows, in a task that finished successfully,
// is paired with the diffs of the files the agent edited. The integrator maps its adapter's
// events onto the small input types below. Files `isSource` refuses (the editor's settings, excluded
// globs) teach nothing: neither their diffs nor the errors reported in them.
import { extractErrors } from './errorExtraction';
import type { ExtractedError } from './errorExtraction';
import type { FixRecord } from './fixRecord';
import { createFixRecord } from './fixRecord';
import { signError } from './signature';
import { changedLineCount, parseUnifiedDiff } from './unifiedDiff';

export type AgentTaskEvent =
  /** What a tool (shell command, test run, compiler…) returned to the agent. */
  | { readonly kind: 'toolResult'; readonly text: string; readonly isError: boolean; readonly toolName?: string }
  /** How the task ended. */
  | { readonly kind: 'outcome'; readonly success: boolean };

export interface AgentFileDiff {
  /** The edited file (workspace-relative or absolute). */
  readonly path: string;
  /** Unified diff of the agent's change to it. */
  readonly diff: string;
}

export interface AgentTaskCapture {
  readonly sessionId: string;
  readonly taskId: string;
  readonly events: readonly AgentTaskEvent[];
  readonly fileDiffs: readonly AgentFileDiff[];
  readonly now: number;
}

export interface AgentCaptureOptions {
  /** At most this many fixes from one task (default 5): more errors means a broad change, not a fix. */
  readonly maxFixes?: number;
  /** Diffs changing more lines than this are not learned (default 80). */
  readonly maxChangedLines?: number;
  /** Whether fixes may be learned from this file (a diff's path or an error's file, as given); default: every file. */
  readonly isSource?: (path: string) => boolean;
}

interface SeenError {
  readonly error: ExtractedError;
  readonly key: string;
  lastSeen: number;
}

/** The fixes a finished task teaches; empty when it failed, saw no error, or changed nothing usable. */
export function captureFromAgentTask(input: AgentTaskCapture, options: AgentCaptureOptions = {}): FixRecord[] {
  const outcome = [...input.events].reverse().find((e) => e.kind === 'outcome');
  if (!outcome || outcome.kind !== 'outcome' || !outcome.success) return [];
  const seen = new Map<string, SeenError>();
  const okAt: number[] = [];
  input.events.forEach((event, index) => {
    if (event.kind !== 'toolResult') return;
    const errors = extractErrors(event.text);
    if (!event.isError && errors.length === 0) okAt.push(index);
    for (const error of errors) {
      const key = signError(error).signature.key;
      const s = seen.get(key);
      if (s) s.lastSeen = index;
      else seen.set(key, { error, key, lastSeen: index });
    }
  });
  const isSource = options.isSource ?? ((): boolean => true);
  const fixed = [...seen.values()].filter(
    (s) => okAt.some((i) => i > s.lastSeen) && (s.error.file === undefined || isSource(s.error.file)),
  );
  if (fixed.length === 0 || fixed.length > (options.maxFixes ?? 5)) return [];
  const usable = input.fileDiffs.filter((d) => isSource(d.path) && parseUnifiedDiff(d.diff).ok);
  const records: FixRecord[] = [];
  for (const s of fixed) {
    const diff = diffFor(s.error, usable, options.maxChangedLines ?? 80);
    if (!diff) continue;
    const file = s.error.file ?? diff.path;
    records.push(
      createFixRecord({
        error: { ...s.error, file },
        diff: diff.text,
        origin: 'agent',
        file,
        sessionId: input.sessionId,
        taskId: input.taskId,
        now: input.now,
      }),
    );
  }
  return records;
}

/** The diffs to learn for one error: those of its own file when it names one the agent edited, else all of them. */
function diffFor(error: ExtractedError, diffs: readonly AgentFileDiff[], maxChanged: number): { text: string; path: string } | undefined {
  const own = error.file ? diffs.filter((d) => samePath(d.path, error.file ?? '')) : [];
  const chosen = own.length > 0 ? own : diffs;
  if (chosen.length === 0) return undefined;
  const changed = chosen.reduce((n, d) => {
    const p = parseUnifiedDiff(d.diff);
    return n + (p.ok ? changedLineCount(p.hunks) : 0);
  }, 0);
  if (changed === 0 || changed > maxChanged) return undefined;
  const text = chosen
    .map((d) => (/^--- /m.test(d.diff) ? d.diff : `--- a/${d.path}\n+++ b/${d.path}\n${d.diff}`))
    .join('\n')
    .replace(/\n{2,}$/, '\n');
  return { text, path: chosen[0]?.path ?? '' };
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');
  const x = norm(a);
  const y = norm(b);
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}
