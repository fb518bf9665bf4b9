// `agent-affinity usage [--claude-dir DIR]… [--folder DIR]… [--json]`: every Claude Code session found
// in the transcript folders, with project path, token totals (ccusage-equal), estimated cost, and the
// current context fill and window.

import { homedir } from 'node:os';
import { parseCli } from '../cliArgs';
import type { CliCommand, CliIo } from '../cliCommand';
import { defaultClaudeDirs } from '../../core/budget/claudeDirs';
import { importClaudeTranscripts, type ImportedSession } from '../../core/budget/transcriptImport';
import { addTotals, emptyTotals } from '../../core/budget/usageTypes';
import { formatTokens } from '../../common/format';

const HELP = `Usage: agent-affinity usage [--claude-dir DIR]... [--folder DIR]... [--json]

Lists every Claude Code session found under DIR/projects/ (default: CLAUDE_CONFIG_DIR, else
~/.config/claude and ~/.claude): project path, tokens (input, output, cache creation, cache read),
estimated cost (list prices), current context fill and window. Each folder and file is read once:
links that loop back or lead to something already read are reported (on stderr) and not followed.

  --claude-dir DIR   Claude config dir to scan (repeatable, or comma-separated)
  --folder DIR       only sessions of this workspace folder (repeatable)
  --json             machine-readable output
`;

interface UsageArgs {
  dirs: string[];
  folders: string[];
  json: boolean;
}

const OPTIONS = {
  'claude-dir': { type: 'string', multiple: true },
  folder: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

/** Each --claude-dir and --folder may hold a comma-separated list. */
function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',').map((x) => x.trim())).filter((x) => x !== '');
}

function parseUsageArgs(argv: readonly string[]): UsageArgs | 'help' | string {
  const p = parseCli(argv, OPTIONS);
  if (p.kind === 'help') return 'help';
  if (p.kind === 'error') return p.message;
  return { dirs: splitList(p.values['claude-dir']), folders: splitList(p.values.folder), json: p.values.json ?? false };
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatFill(s: Pick<ImportedSession, 'fill'>): string {
  const f = s.fill;
  if (f.usedTokens == null) return f.source === 'compacted' ? `compacted/${formatTokens(f.window)}` : `—/${formatTokens(f.window)}`;
  return `${formatTokens(f.usedTokens)}/${formatTokens(f.window)} ${Math.round((f.fraction ?? 0) * 100)}%`;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const usageCommand: CliCommand = {
  name: 'usage',
  summary: 'List Claude Code sessions with token totals, estimated cost and context fill',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseUsageArgs(argv);
    if (args === 'help') {
      io.out(HELP);
      return 0;
    }
    if (typeof args === 'string') {
      io.err(`usage: ${args}\n${HELP}`);
      return 2;
    }
    const dirs = args.dirs.length > 0 ? args.dirs : defaultClaudeDirs(process.env, homedir());
    const result = await importClaudeTranscripts(
      args.folders.length > 0 ? { claudeDirs: dirs, folders: args.folders } : { claudeDirs: dirs },
    );
    for (const e of result.errors) io.err(`usage: could not read ${e}`);
    for (const s of result.skipped) io.err(`usage: skipped ${s.path}: ${s.detail}`);
    const totals = emptyTotals();
    let cost = 0;
    for (const s of result.sessions) {
      addTotals(totals, s.totals);
      cost += s.costUsd;
    }
    if (args.json) {
      io.out(
        `${JSON.stringify(
          {
            claudeDirs: dirs,
            sessions: result.sessions.map((s) => ({
              sessionId: s.sessionId,
              projectPath: s.projectPath,
              projectDir: s.projectDir,
              title: s.title,
              firstTimestamp: s.firstTimestamp,
              lastTimestamp: s.lastTimestamp,
              ...s.totals,
              costUsd: s.costUsd,
              costIsEstimate: true,
              model: s.model,
              models: s.models,
              usedTokens: s.fill.usedTokens,
              contextWindow: s.fill.window,
              fillFraction: s.fill.fraction,
              fillSource: s.fill.source,
              files: s.files,
              garbageLines: s.garbageLines,
            })),
            totals: { ...totals, costUsd: cost },
            errors: result.errors,
            skipped: result.skipped,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (result.sessions.length === 0) {
      io.out(`No Claude Code sessions found under ${dirs.map((d) => `${d}/projects`).join(', ')}.\n`);
      return 0;
    }
    const rows: string[][] = [
      ['Session', 'Project', 'Last activity', 'Input', 'Output', 'Cache create', 'Cache read', 'Cost (est.)', 'Context', 'Model'],
    ];
    for (const s of result.sessions) {
      rows.push([
        s.sessionId.slice(0, 8),
        s.projectPath ?? s.projectDir,
        (s.lastTimestamp ?? '').slice(0, 16).replace('T', ' '),
        fmtInt(s.totals.inputTokens),
        fmtInt(s.totals.outputTokens),
        fmtInt(s.totals.cacheCreationTokens),
        fmtInt(s.totals.cacheReadTokens),
        `$${s.costUsd.toFixed(2)}`,
        formatFill(s),
        s.model ?? '',
      ]);
    }
    rows.push([
      'Total',
      `${result.sessions.length} sessions`,
      '',
      fmtInt(totals.inputTokens),
      fmtInt(totals.outputTokens),
      fmtInt(totals.cacheCreationTokens),
      fmtInt(totals.cacheReadTokens),
      `$${cost.toFixed(2)}`,
      '',
      '',
    ]);
    io.out(`${table(rows, new Set([3, 4, 5, 6, 7, 8]))}\n`);
    const garbage = result.sessions.reduce((n, s) => n + s.garbageLines, 0);
    if (garbage > 0) io.out(`(${garbage} unreadable transcript lines skipped)\n`);
    return 0;
  },
};
