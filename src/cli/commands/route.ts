// `agent-affinity route --trace FILE [--strategy S] [--explain]`: replays a routing trace through
// the router the extension uses (default settings; the trace's `history` events are learned as the
// git history would be) and prints one {"task","session"} JSON line per task.

import { readFile } from 'node:fs/promises';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../../core/routing/settings';
import { parseTrace } from '../../core/routing/traceFormat';
import { replayTrace } from '../../core/routing/traceReplay';
import type { CliCommand, CliIo } from '../cliCommand';

const USAGE = `usage: agent-affinity route --trace FILE [--strategy ${STRATEGY_NAMES.join('|')}] [--explain]`;

interface RouteArgs {
  trace: string;
  strategy: StrategyName;
  explain: boolean;
}

function parseArgs(argv: readonly string[]): RouteArgs | string {
  let trace: string | undefined;
  let strategy: StrategyName = 'affinity';
  let explain = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--trace') trace = value();
    else if (flag === '--strategy') {
      const s = value();
      if (s === undefined || !isStrategyName(s)) return `unknown strategy "${s ?? ''}" (one of ${STRATEGY_NAMES.join(', ')})`;
      strategy = s;
    } else if (flag === '--explain') explain = true;
    else if (flag === '--help' || flag === '-h') return '';
    else return `unknown argument "${a}"`;
  }
  if (trace === undefined || trace.length === 0) return 'missing --trace FILE';
  return { trace, strategy, explain };
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args.length > 0) io.err(`route: ${args}`);
    io.err(USAGE);
    return args.length > 0 ? 2 : 0;
  }
  let content: string;
  try {
    content = await readFile(args.trace, 'utf8');
  } catch (e) {
    io.err(`route: cannot read trace ${args.trace}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const { events, errors } = parseTrace(content);
  for (const err of errors.slice(0, 20)) io.err(`route: ${args.trace} ${err} (skipped)`);
  if (errors.length > 20) io.err(`route: ${args.trace}: ${errors.length - 20} more bad lines skipped`);
  replayTrace(events, {
    strategy: args.strategy,
    onDecision: (d) => {
      if (args.explain)
        io.out(
          JSON.stringify({
            task: d.taskId,
            session: d.chosen,
            ranked: d.ranked.slice(0, 3).map((r) => ({ session: r.sessionId, score: r.score, reasons: r.reasons })),
            ...(d.confidence ? { confidence: d.confidence } : {}),
            ...(d.newSession ? { newSession: d.newSession } : {}),
          }),
        );
      else io.out(JSON.stringify({ task: d.taskId, session: d.chosen }));
    },
  });
  return errors.length > 0 && events.length === 0 ? 1 : 0;
}

export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'Replay a routing trace and print one {"task","session"} decision per task (JSON Lines).',
  run,
};
