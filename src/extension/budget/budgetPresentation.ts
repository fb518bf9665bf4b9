// How a session's context budget is put in words: `42% · 84k/200k`, estimate labels, the Markdown
// breakdown for tooltips. Pure (no vscode), shared by the status bar, the tree and the commands.
import type { SessionBudgetSummary } from '../../protocol/budget';
import { formatCost, formatFill, formatTokens } from '../../common/format';

export { formatCost, formatTokens };

/** True when the fill shown is not the agent's own figure. */
export function isEstimate(b: SessionBudgetSummary): boolean {
  return b.source === 'estimate';
}

/** `42% · 84k/200k`; an estimate reads `est. 20k/200k` (no percentage: it is not usage); unknown shows `?`. */
export function budgetShort(b: SessionBudgetSummary): string {
  return formatFill(b);
}

/** Just the percentage, for tree descriptions (`est. 20k` for an estimate). */
export function budgetPercent(b: SessionBudgetSummary): string {
  if (isEstimate(b) && b.usedTokens != null) return `est. ${formatTokens(b.usedTokens)}`;
  if (b.fraction == null) return '?%';
  return `${Math.round(b.fraction * 100)}%`;
}

const sourceWords: Record<SessionBudgetSummary['source'], string> = {
  usage: "the agent's own usage figure",
  aggregate: "the agent's per-run aggregate (an upper bound)",
  compacted: 'unknown since the last compaction, until the next answer',
  estimate: 'an estimate (tiktoken), no answer yet',
  none: 'no figure yet',
};

/** Markdown: the fill, where it came from, the breakdown table (estimates marked), totals and cost. */
export function budgetTooltipMarkdown(name: string, b: SessionBudgetSummary): string {
  const esc = (t: string): string => t.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
  const level = b.level === 'critical' ? ' · $(error) critical' : b.level === 'warn' ? ' · $(warning) high' : '';
  const table = [
    '| Context | tokens |',
    '|---|---:|',
    ...b.breakdown.map((c) => `| ${esc(c.name)}${c.estimate ? ' *(estimate)*' : ''} | ${formatTokens(c.tokens)} |`),
  ].join('\n');
  return [
    `**${esc(name)}** · context ${esc(budgetShort(b))}${level}`,
    `Fill: ${sourceWords[b.source]}${b.model ? ` · model \`${b.model}\`` : ''}${b.imported ? ' · imported from Claude Code' : ''}`,
    table,
    `Headroom before auto-compact: ${formatTokens(b.headroomTokens)}  \nUsage: ${formatTokens(b.totals.inputTokens)} in · ${formatTokens(b.totals.outputTokens)} out · ${formatTokens(b.totals.cacheCreationTokens)} cache write · ${formatTokens(b.totals.cacheReadTokens)} cache read · ${formatCost(b.costUsd)} (estimated)`,
    'Click to open the dashboard.',
  ].join('\n\n');
}
