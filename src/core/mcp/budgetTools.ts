// The budget tools: `context_budget` (the caller's own session, identified by its token, never
// guessed: its fill, window, breakdown and headroom) and `context_pack` (the files most relevant to
// a task that fit a budget, from the caller's session's point of view).
import { isAbsolute, relative } from 'node:path';
import { formatFill, formatTokens } from '../../common/format';
import type { SessionBudgetSummary } from '../budget/budgetSummary';
import { ANSWER_MAX_CHARS, answer, pageItems, refusal, type ToolAnswer } from './toolAnswer';
import type { Caller, ContextPackInput, ToolPorts } from './toolPorts';

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  usage: "the agent's own usage figures",
  aggregate: "the last run's aggregate figures (the agent reports no per-request usage)",
  compacted: 'unknown: the context was just compacted, the next answer tells',
  estimate: 'a tiktoken estimate: the agent has not answered yet',
  none: 'no figure yet',
};

export function contextBudget(ports: ToolPorts, caller: Caller): ToolAnswer {
  if (!ports.budget)
    return refusal('Context budgets are not available in this window (they could not start; see the Agent Affinity logs).');
  if (caller.sessionId === undefined) {
    const others = ports.sessions
      .list()
      .slice(0, 20)
      .map((s) => {
        const b = ports.budget?.summary(s.id);
        return `- "${s.name}": ${b ? formatFill(b) : 'no figure yet'}`;
      });
    return answer(
      [
        'You are not an Agent Affinity session: no session token is in your environment, so there is no budget of yours to report.',
        ...(others.length
          ? ['Agent Affinity sessions in this window (not you):', ...others]
          : ['There are no Agent Affinity sessions in this window.']),
      ].join('\n'),
    );
  }
  const b = ports.budget.summary(caller.sessionId);
  const name = caller.sessionName ?? caller.sessionId;
  if (!b) return answer(`Session "${name}" has no budget figures yet.`);
  return answer(renderBudget(name, b));
}

function renderBudget(name: string, b: SessionBudgetSummary): string {
  const used =
    b.usedTokens == null
      ? `? of ${formatTokens(b.window)} tokens`
      : `${b.usedTokens.toLocaleString('en-US')} of ${b.window.toLocaleString('en-US')} tokens${b.fraction != null && b.source !== 'estimate' ? ` (${Math.round(b.fraction * 100)}%)` : ''}`;
  const breakdown = b.breakdown.map((c) => `${c.name} ${formatTokens(c.tokens)}${c.estimate ? ' (est.)' : ''}`).join(' · ');
  const t = b.totals;
  return [
    `Session "${name}" (${b.agent}${b.model ? `, ${b.model}` : ''}): ${used} in its context window; from ${SOURCE_WORDS[b.source] ?? b.source}. Level: ${b.level}.`,
    `Headroom: ${b.headroomTokens.toLocaleString('en-US')} tokens before the agent compacts its context.`,
    ...(breakdown ? [`Breakdown: ${breakdown}.`] : []),
    `Totals so far: input ${formatTokens(t.inputTokens)}, output ${formatTokens(t.outputTokens)}, cache write ${formatTokens(t.cacheCreationTokens)}, cache read ${formatTokens(t.cacheReadTokens)}; about $${b.costUsd.toFixed(2)} at list prices.`,
  ].join('\n');
}

export async function contextPack(ports: ToolPorts, caller: Caller, input: ContextPackInput): Promise<ToolAnswer> {
  if (!ports.budget)
    return refusal('Context packs are not available in this window (budgets could not start; see the Agent Affinity logs).');
  const pack = await ports.budget.contextPackWithin(caller.sessionId, input.task, input.max_tokens);
  const folder = caller.sessionId !== undefined ? ports.sessions.get(caller.sessionId)?.folder : undefined;
  const show = (p: string): string => {
    if (folder === undefined) return p;
    const rel = relative(folder, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const whose = caller.sessionName ? `for session "${caller.sessionName}"` : 'for the workspace (you are not an Agent Affinity session)';
  if (pack.files.length === 0) {
    const left = pack.skipped.slice(0, 10).map((s) => `- ${show(s.path)}: ${s.reason}`);
    return answer(
      [
        `No file fits a budget of ${input.max_tokens.toLocaleString('en-US')} tokens ${whose}.`,
        ...(left.length ? ['Considered:', ...left] : []),
      ].join('\n'),
    );
  }
  const head = `${pack.files.length} file${pack.files.length === 1 ? '' : 's'} ${whose}, most relevant first: ${pack.totalTokens.toLocaleString('en-US')} of ${input.max_tokens.toLocaleString('en-US')} tokens (tiktoken estimates).\n`;
  const page = pageItems(
    pack.files,
    input.page ?? 1,
    (f) => `- ${show(f.path)}: ${f.tokens.toLocaleString('en-US')} tokens; ${f.why || 'relevant'}`,
    ANSWER_MAX_CHARS - head.length - 600,
  );
  const left = pack.skipped.slice(0, 5).map((s) => `${show(s.path)} (${s.reason})`);
  return answer(`${head}${page.text}${left.length ? `\nLeft out: ${left.join('; ')}${pack.skipped.length > 5 ? '; …' : ''}` : ''}`);
}
