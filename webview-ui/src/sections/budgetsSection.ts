// The dashboard's budgets section: one bar per session split into its breakdown (memory, files,
// conversation, free, reserve; estimates marked), the fill trend over its turns as a sparkline,
// usage totals and estimated cost, coloured by threshold level. Live: re-rendered on every state.
import type { SessionBudgetSummary } from '../../../src/protocol/budget';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { formatFill, formatTokens as tokens } from '../../../src/common/format';
import { el, section } from '../components/dom';

export interface BudgetsSection {
  element: HTMLElement;
  update(budgets: SessionBudgetSummary[], sessions: SessionSummary[]): void;
}

const categoryClass: Record<string, string> = {
  'System & tools': 'cat-system',
  'Memory files': 'cat-memory',
  'Files attached/read': 'cat-files',
  Conversation: 'cat-conversation',
  Free: 'cat-free',
  'Auto-compact reserve': 'cat-reserve',
};

const SVG = 'http://www.w3.org/2000/svg';

function sparkline(values: readonly number[], window: number): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 120 24');
  svg.setAttribute('class', 'budget-trend');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `fill over ${values.length} turn(s)`);
  if (values.length > 0) {
    const step = values.length > 1 ? 120 / (values.length - 1) : 0;
    const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(24 - Math.min(1, v / window) * 22 - 1).toFixed(1)}`);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute(
      'points',
      values.length === 1 ? `0,${pts[0]?.split(',')[1] ?? '23'} 120,${pts[0]?.split(',')[1] ?? '23'}` : pts.join(' '),
    );
    svg.append(line);
  }
  return svg;
}

function bar(b: SessionBudgetSummary): HTMLElement {
  const wrap = el('div', { class: 'budget-bar', testId: 'budget-bar' });
  for (const c of b.breakdown) {
    if (c.tokens <= 0) continue;
    const seg = el('span', { class: `budget-seg ${categoryClass[c.name] ?? ''}${c.estimate ? ' estimate' : ''}` });
    seg.style.width = `${Math.max(0.5, (c.tokens / b.window) * 100).toFixed(2)}%`;
    seg.title = `${c.name}: ${tokens(c.tokens)}${c.estimate ? ' (estimate)' : ''}`;
    wrap.append(seg);
  }
  return wrap;
}

function fillText(b: SessionBudgetSummary): string {
  if (b.usedTokens == null || b.fraction == null) return `? / ${tokens(b.window)} (unknown until the next answer)`;
  return `${formatFill(b)}${b.source === 'estimate' ? ' (estimate: no answer yet)' : b.source === 'aggregate' ? ' (run aggregate)' : ''}`;
}

export function budgetsSection(): BudgetsSection {
  const list = el('div', { class: 'budgets', testId: 'budgets-list' });
  const empty = el('p', { class: 'empty', testId: 'budgets-empty' }, 'No session budgets yet.');
  const legend = el(
    'p',
    { class: 'budget-legend' },
    ...Object.entries(categoryClass).map(([name, cls]) =>
      el('span', { class: 'legend-item' }, el('span', { class: `budget-swatch ${cls}` }), name),
    ),
    el('span', { class: 'legend-item' }, 'striped = estimate'),
  );
  const element = section('Context budgets', 'budgets', empty, legend, list);
  return {
    element,
    update(budgets, sessions) {
      const names = new Map(sessions.map((s) => [s.id, s.name]));
      const shown = budgets.filter((b) => names.has(b.sessionId));
      empty.hidden = shown.length > 0;
      legend.hidden = shown.length === 0;
      list.replaceChildren(
        ...shown.map((b) => {
          const row = el(
            'div',
            { class: `budget-row level-${b.level}`, testId: `budget-${b.sessionId}` },
            el(
              'div',
              { class: 'budget-head' },
              el('strong', {}, names.get(b.sessionId) ?? b.sessionId),
              el('span', { class: 'budget-fill', testId: 'budget-fill' }, fillText(b)),
              el('span', { class: 'budget-model' }, b.model ?? ''),
              b.imported ? el('span', { class: 'budget-tag' }, 'imported') : '',
            ),
            bar(b),
            el(
              'div',
              { class: 'budget-foot' },
              sparkline(b.trend, b.window),
              el(
                'span',
                { class: 'budget-totals', testId: 'budget-totals' },
                `${tokens(b.totals.inputTokens)} in · ${tokens(b.totals.outputTokens)} out · ${tokens(b.totals.cacheCreationTokens)} cache write · ${tokens(b.totals.cacheReadTokens)} cache read · $${b.costUsd.toFixed(2)} est. · headroom ${tokens(b.headroomTokens)}`,
              ),
            ),
          );
          row.dataset.fraction = b.fraction == null ? '' : String(b.fraction);
          return row;
        }),
      );
    },
  };
}
