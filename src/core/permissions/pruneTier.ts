// The pruning tier (opt-in): allow rules that are literal approvals of one moment (`kill 33668`,
// `git show 951f5df`, `rm /tmp/out.log/354`, `curl -s http://localhost:3011/api/health`) are
// removed, each with its evidence. It never widens anything: a pruned command is asked for again,
// the safe side. Only exact Bash/PowerShell allow rules are candidates; a rule with a `*` is
// already a pattern, and deny and ask rules are never touched.
import type { Change } from './consolidationTypes';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { oneOffEvidence } from './oneOffs';
import { parseRule } from './ruleParser';
import type { RuleLists } from './types';

export interface PruneResult {
  rules: RuleLists<string>;
  changes: Change[];
}

/** Removes the one-off allow rules, one change per rule (so the check can keep any single one). */
export function pruneTier(lists: RuleLists<string>, deadline: Deadline = NO_DEADLINE): PruneResult {
  const changes: Change[] = [];
  const gone = new Set<string>();
  for (const raw of lists.allow) {
    deadline.check();
    const rule = parseRule(raw, 'allow');
    if ((rule.tool !== 'Bash' && rule.tool !== 'PowerShell') || rule.form.kind !== 'command' || !rule.form.pattern.exact) continue;
    const command = rule.form.pattern.normalized;
    const evidence = oneOffEvidence(command);
    const first = evidence[0];
    if (first === undefined || gone.has(raw)) continue;
    gone.add(raw);
    changes.push({
      tier: 'prune',
      kind: 'oneOff',
      list: 'allow',
      removed: [raw],
      added: [],
      reason: `\`${command.length > 80 ? `${command.slice(0, 77)}…` : command}\`: \`${first.text}\` is ${first.why}; the command will be asked for again`,
      evidence,
    });
  }
  return { rules: { allow: lists.allow.filter((r) => !gone.has(r)), ask: [...lists.ask], deny: [...lists.deny] }, changes };
}
