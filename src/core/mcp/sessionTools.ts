// The tools about sessions: `who_holds` (which sessions hold these files in context, and since
// when), `route` (the router's decision with its reasons, sending nothing) and `hand_off` (another
// session asked to do something, behind a setting, confirmed by the person, never back along its
// chain and never past the depth limit).
import { formatAge } from '../../common/format';
import type { SessionRecord } from '../sessions/sessionTypes';
import type { HandOffChains } from './handOffChains';
import { ANSWER_MAX_CHARS, answer, cutText, pageItems, refusal, type ToolAnswer } from './toolAnswer';
import type { Caller, HandOffInput, RouteInput, ToolPorts, WhoHoldsInput } from './toolPorts';

export function whoHolds(ports: ToolPorts, caller: Caller, input: WhoHoldsInput): ToolAnswer {
  const now = ports.now();
  const names = new Map<string, string>();
  const nameOf = (id: string): string => {
    let name = names.get(id);
    if (name === undefined) names.set(id, (name = id === caller.sessionId ? `${sessionName(ports, id)} (you)` : sessionName(ports, id)));
    return name;
  };
  const rows = [...new Set(input.paths)].map((p) => ({ asked: p, ...ports.holdings.holders(p) }));
  const held = rows.filter((r) => r.holdings.length > 0).length;
  const head = `${held} of ${rows.length} file${rows.length === 1 ? '' : 's'} held by a session (read or edited since its last compaction):\n`;
  const page = pageItems(
    rows,
    input.page ?? 1,
    (r) =>
      r.holdings.length === 0
        ? `- ${r.asked}: no session holds it`
        : `- ${r.asked}: ${r.holdings
            .slice(0, 8)
            .map(
              (h) =>
                `"${nameOf(h.sessionId)}" since ${new Date(h.firstAt).toISOString()} (${formatAge(now - h.firstAt)}; ${h.reads} read${h.reads === 1 ? '' : 's'}, ${h.edits} edit${h.edits === 1 ? '' : 's'}, last ${formatAge(now - h.lastAt)})`,
            )
            .join('; ')}${r.holdings.length > 8 ? `; and ${r.holdings.length - 8} more` : ''}`,
    ANSWER_MAX_CHARS - head.length - 100,
  );
  return answer(`${head}${page.text}`);
}

export async function route(ports: ToolPorts, _caller: Caller, input: RouteInput): Promise<ToolAnswer> {
  if (!ports.routing) return refusal('Routing is not available in this window (no workspace, or it has not started).');
  const { decision: d } = await ports.routing.decide(input.task, undefined, true);
  const nameOf = (id: string): string => ports.routing?.nameOf(id) ?? id;
  const lines: string[] = [];
  if (d.chosen === 'new' && d.newSession)
    lines.push(
      `Choice: a new session (specialty ${d.newSession.specialty}, globs ${d.newSession.globs.join(', ')}): ${d.newSession.reason}.`,
    );
  else lines.push(`Choice: "${nameOf(d.chosen)}" (strategy ${d.strategy}${d.independent ? '; the task looks context-independent' : ''}).`);
  if (d.confidence)
    lines.push(
      `Confidence: ${Math.round(d.confidence.value * 100)}% (${d.confidence.level})${d.confidence.closeCall ? `; close call: ${d.confidence.leaders.map((l) => `"${nameOf(l.sessionId)}" ${l.probability.toFixed(2)}`).join(', ')}` : ''}.`,
    );
  if (d.targetFiles.length)
    lines.push(`Files it is about: ${d.targetFiles.slice(0, 8).join(', ')}${d.targetFiles.length > 8 ? ', …' : ''}.`);
  lines.push('Ranked sessions:');
  for (const r of d.ranked.slice(0, 6))
    lines.push(`- "${nameOf(r.sessionId)}" (score ${r.score.toFixed(2)}): ${cutText(r.reasons.join('; ') || 'no affinity', 600)}`);
  if (d.ranked.length > 6) lines.push(`- and ${d.ranked.length - 6} more`);
  for (const x of d.excluded.slice(0, 6)) lines.push(`- "${nameOf(x.sessionId)}" cannot take it: ${x.why}`);
  for (const n of d.notes) lines.push(`Note: ${n}`);
  lines.push('Nothing was sent.');
  return answer(lines.join('\n'));
}

export async function handOff(ports: ToolPorts, chains: HandOffChains, caller: Caller, input: HandOffInput): Promise<ToolAnswer> {
  const settings = ports.handOff.settings();
  if (!settings.enabled)
    return refusal('Hand-offs are off in this window. The user can turn them on with the setting agentAffinity.mcp.handOff.');
  if (!ports.routing) return refusal('Hand-offs need routing, which is not available in this window.');
  const target = findSession(ports, input.session);
  if (!target) {
    const names = ports.sessions
      .list()
      .map((s) => `"${s.name}"`)
      .slice(0, 20);
    return refusal(`There is no session "${input.session}". Sessions: ${names.join(', ') || 'none'}.`);
  }
  const check = chains.check(caller.sessionId, caller.taskId, target.id, settings.maxDepth, (id) => sessionName(ports, id));
  if (!check.ok) return refusal(`The hand-off to "${target.name}" was refused: ${check.reason}.`);
  const fromName = caller.sessionName ?? 'an agent outside Agent Affinity';
  const allowed = await ports.handOff.confirm({
    ...(caller.sessionId !== undefined ? { fromSessionId: caller.sessionId } : {}),
    fromName,
    toSessionId: target.id,
    toName: target.name,
    task: input.task,
    chain: check.chain.map((id) => sessionName(ports, id)),
  });
  if (!allowed) return refusal(`The user did not allow the hand-off to "${target.name}". Carry on without it, or ask the user.`);
  const text = `${input.task}\n\n(Handed off by ${caller.sessionName ? `session "${caller.sessionName}"` : fromName} through Agent Affinity, with the user's consent.)`;
  const sent = await ports.routing.dispatch({ text, sessionId: target.id, by: 'user' });
  chains.record(sent.task.id, check.chain);
  return answer(
    `Handed to "${sent.sessionName}" as task ${sent.task.id} (queued). It works on it on its own; its result is not sent back to you.`,
  );
}

function findSession(ports: ToolPorts, ref: string): SessionRecord | undefined {
  const byId = ports.sessions.get(ref);
  if (byId) return byId;
  const want = ref.trim().toLowerCase();
  return ports.sessions.list().find((s) => s.name.trim().toLowerCase() === want);
}

function sessionName(ports: ToolPorts, id: string): string {
  return ports.sessions.get(id)?.name ?? id;
}
