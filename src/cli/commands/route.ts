// `agent-affinity route --trace FILE [--strategy S] [--explain]`: replays a routing trace through
// the router the extension uses (default settings; the trace's `history` events are learned as the
// git history would be) and prints one {"task","session"} JSON line per task.

import { readFile } from 'node:fs/promises';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../../core/routing/settings';
import { parseTrace } from '../../core/routing/traceFormat';
import { replayTrace } from '../../core/routing/traceReplay';
import { parseCli } from '../cliArgs';
import type { CliCommand, CliIo } from '../cliCommand';

const USAGE = `usage: agent-affinity route --trace FILE [--strategy ${STRATEGY_NAMES.join('|')}] [--explain]`;

interface RouteArgs {
  trace: string;
  strategy: StrategyName;
  explain: boolean;
}

const OPTIONS = { trace: { type: 'string' }, strategy: { type: 'string' }, explain: { type: 'boolean' } } as const;

function parseRouteArgs(argv: readonly string[]): RouteArgs | string {
  const p = parseCli(argv, OPTIONS);
  if (p.kind === 'help') return '';
  if (p.kind === 'error') return p.message;
  const { trace, strategy = 'affinity', explain = false } = p.values;
  if (!isStrategyName(strategy)) return `unknown strategy "${strategy}" (one of ${STRATEGY_NAMES.join(', ')})`;
  if (trace === undefined) return 'missing --trace FILE';
  return { trace, strategy, explain };
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseRouteArgs(argv);
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
