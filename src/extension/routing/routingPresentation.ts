// Routing decisions in words: quick-pick rows and the Explain Routing report. Pure, unit-tested.
import type { RouteDecisionView } from '../../protocol/routing';

export interface RoutePickRow {
  /** A session id, or 'new'. */
  target: string;
  label: string;
  description: string;
  detail: string;
  best: boolean;
}

export function routePickRows(d: RouteDecisionView): RoutePickRow[] {
  const rows: RoutePickRow[] = d.ranked.map((r) => ({
    target: r.sessionId,
    label: r.name,
    description: `score ${r.score.toFixed(2)}${r.sessionId === d.chosen ? ' · best match' : ''}`,
    detail: r.reasons.join('; ') || 'no particular affinity',
    best: r.sessionId === d.chosen,
  }));
  const n = d.newSession;
  rows.push({
    target: 'new',
    label: '$(add) New session',
    description: n ? `suggested specialty: ${n.specialty}` : 'start a fresh session',
    detail: n?.reason ?? "no session holds this task's context",
    best: d.chosen === 'new',
  });
  // Sessions the router passed over (busy, no headroom, rolled over) can still be picked: the
  // task then waits in their queue. Every session is offered, so the person can always choose.
  for (const x of d.excluded) {
    rows.push({ target: x.sessionId, label: `$(warning) ${x.name}`, description: 'passed over by the router', detail: x.why, best: false });
  }
  return rows;
}

/** The picker's title: the task, and how sure the router is ("close call: backend 0.41, api 0.38"). */
export function routePickTitle(d: Pick<RouteDecisionView, 'text' | 'confidence'>): string {
  const task = d.text.length > 60 ? `${d.text.slice(0, 59)}…` : d.text;
  return d.confidence ? `Send Task: ${task} (${d.confidence.text})` : `Send Task: ${task}`;
}

/** Whether a decision may be sent without showing it: never when the call is close and the setting asks. */
export function mustConfirm(d: Pick<RouteDecisionView, 'confidence'>, confirm: boolean, confirmCloseCalls: boolean): boolean {
  return confirm || (confirmCloseCalls && d.confidence?.closeCall === true);
}

/** How the Send Task picker shows a decision's independence, and the button that flips it. */
export interface IndependenceView {
  /** Placeholder of the picker for this decision. */
  placeholder: string;
  /** The title button: its codicon and what pressing it does. */
  button: { icon: string; tooltip: string };
}

export function independenceView(d: Pick<RouteDecisionView, 'independent'>): IndependenceView {
  return d.independent
    ? {
        placeholder: 'Context-independent: any idle session can take it. Enter sends to the highlighted one',
        button: { icon: 'pinned', tooltip: 'Route by context instead (the task depends on what a session knows)' },
      }
    : {
        placeholder: 'Sessions ranked by affinity: Enter sends to the highlighted one',
        button: { icon: 'split-horizontal', tooltip: 'Mark as context-independent (any idle session can take it)' },
      };
}

/** The full scoring of a decision as Markdown (Explain Routing…). */
export function explainMarkdown(d: RouteDecisionView): string {
  const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Routing explanation',
    '',
    `**Task:** ${cell(d.text)}`,
    '',
    `**Strategy:** ${d.strategy} · **decision:** ${d.chosen === 'new' ? 'a new session' : cell(d.ranked.find((r) => r.sessionId === d.chosen)?.name ?? d.chosen)} · decided in ${d.latencyMs.toFixed(2)} ms`,
    '',
    ...(d.confidence ? [`**Confidence:** ${Math.round(d.confidence.value * 100)}% (${cell(d.confidence.text)})`, ''] : []),
    ...(d.learned ? [`**What routing knows:** ${cell(d.learned)}`, ''] : []),
    ...(d.notes ?? []).flatMap((n) => [`_${cell(n)}_`, '']),
    d.independent
      ? '_Context-independent: any idle session can take it (or fan it out)._'
      : '_Context-dependent: it goes to the session that holds its context._',
    '',
  ];
  if (d.targetFiles.length)
    lines.push(
      `**Files the task is about:** ${d.targetFiles
        .slice(0, 10)
        .map((f) => `\`${f}\``)
        .join(', ')}`,
      '',
    );
  lines.push('| session | score | reasons |', '| --- | ---: | --- |');
  for (const r of d.ranked)
    lines.push(`| ${cell(r.name)}${r.sessionId === d.chosen ? ' ✔' : ''} | ${r.score.toFixed(3)} | ${cell(r.reasons.join('; ') || '—')} |`);
  if (d.excluded.length) {
    lines.push('', '**Not eligible:**', '');
    for (const x of d.excluded) lines.push(`- ${cell(x.name)}: ${cell(x.why)}`);
  }
  if (d.newSession)
    lines.push(
      '',
      `**New session proposed:** specialty \`${d.newSession.specialty}\` (${d.newSession.globs.map((g) => `\`${g}\``).join(', ')}): ${cell(d.newSession.reason)}`,
    );
  return `${lines.join('\n')}\n`;
}
