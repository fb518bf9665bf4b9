// For an "Always Allow…" answer to one tool call: the rule at a sensible generality (`npm test
// -- --watch` → `Bash(npm test *)`, but `git push origin main` stays exact under the risk policy),
// what it newly allows, and adding it to a settings file so the file stays consolidated (no
// duplicate, nothing already covered, no rule the new one covers left behind).
import type { Change, RiskPolicy } from './consolidationTypes';
import { ruleCovers } from './containment';
import { isBuiltinReadOnlyCommand } from './builtinReadOnly';
import { commandPath, isLiteralWord } from './generalizeTier';
import { hostOf } from './namePatterns';
import { oneOffEvidence } from './oneOffs';
import { escapePathGlob } from './pathGlob';
import { normalizeCallPath } from './pathPattern';
import { DEFAULT_CONTEXT } from './matcher';
import { DEFAULT_RISK_POLICY, normalizedWords, riskyWidening } from './riskPolicy';
import { parseRule } from './ruleParser';
import { parseSettingsText, renderSettingsFile } from './settingsFile';
import { isExecWrapperCommand, matchForms, shellWords, splitCommand } from './shellSplit';
import type { ListName, ToolCall } from './types';
import { extraCoverageFor } from './wideningNotes';

/** The rule(s) proposed for one call. */
export interface RuleProposal {
  /** Allow rules to add: one per simple command of a compound Bash call (at most 5, as Claude Code saves them). */
  rules: string[];
  /** What the rules allow beyond this very call, in words ('' when they allow exactly this call). */
  extraCoverage: string;
  /** Why this generality, one line per rule or per command left out. */
  reasons: string[];
}

const MAX_RULES = 5;

function bashProposal(tool: string, command: string, policy: RiskPolicy): RuleProposal {
  const split = splitCommand(command, tool === 'PowerShell' ? 'powershell' : 'bash');
  if (split.unparseable || split.parts.length === 0) {
    return {
      rules: [],
      extraCoverage: '',
      reasons: ['the command cannot be split into simple commands, and no allow rule approves such a command'],
    };
  }
  const rules: string[] = [];
  const extra: string[] = [];
  const reasons: string[] = [];
  for (const part of [...new Set(split.parts)]) {
    if (rules.length >= MAX_RULES) {
      reasons.push(`\`${part}\`: more than ${MAX_RULES} commands; not saved`);
      continue;
    }
    // Wrappers and safe environment assignments are stripped before matching: the rule is for what remains.
    const forms = matchForms(part, 'allow');
    const core = forms[forms.length - 1] ?? part;
    if (tool === 'Bash' && isBuiltinReadOnlyCommand(core)) {
      reasons.push(`\`${core}\`: runs without a prompt (built-in read-only command); no rule needed`);
      continue;
    }
    if (/:\*\s*$/.test(core)) {
      reasons.push(`\`${core}\`: ends in ":*", which a rule would read as the legacy prefix form; not saved`);
      continue;
    }
    const exact = `${tool}(${core})`;
    const words = shellWords(core).map((w) => w.text);
    const path = commandPath(words);
    const evidence = oneOffEvidence(core);
    const risky = riskyWidening(normalizedWords(path.join(' ')), policy);
    const widenable =
      tool === 'Bash' && !isExecWrapperCommand(core) && risky === undefined && path.length > 0 && path.every((w) => !isLiteralWord(w));
    if (!widenable) {
      rules.push(exact);
      reasons.push(
        risky !== undefined
          ? `${exact}: exact, the risk policy never widens "${risky}"`
          : `${exact}: exact${evidence[0] ? ` (\`${evidence[0].text}\` is ${evidence[0].why})` : ''}`,
      );
      if (core.includes('*')) extra.push(`the "*" in ${exact} matches any text`);
      continue;
    }
    const rule = `${tool}(${path.join(' ')} *)`;
    rules.push(rule);
    reasons.push(`${rule}: "${path.join(' ')}" with any arguments (the command's program and subcommand)`);
    if (rule !== exact) extra.push(extraCoverageFor(rule, path, [core]));
  }
  return { rules, extraCoverage: extra.join('; '), reasons };
}

/**
 * The rule Claude Code's "Always Allow" should save for this call, at a sensible generality under
 * the risk policy, with what it newly allows.
 */
export function proposeRuleFor(call: ToolCall, riskPolicy: RiskPolicy = DEFAULT_RISK_POLICY): RuleProposal {
  if ((call.tool === 'Bash' || call.tool === 'PowerShell') && call.command !== undefined)
    return bashProposal(call.tool, call.command, riskPolicy);
  if (call.path !== undefined && ['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit'].includes(call.tool)) {
    const abs = normalizeCallPath(call.path, DEFAULT_CONTEXT.cwd);
    if (call.tool === 'Read') {
      const dir = abs.slice(0, Math.max(1, abs.lastIndexOf('/')));
      const rule = `Read(/${escapePathGlob(dir)}/**)`;
      return {
        rules: [rule],
        extraCoverage: `${rule} also allows reading every other file under ${dir}`,
        reasons: [`${rule}: the file's folder`],
      };
    }
    const rule = `Edit(/${escapePathGlob(abs)})`;
    return { rules: [rule], extraCoverage: '', reasons: [`${rule}: this file only (Edit rules govern every file-editing tool)`] };
  }
  if (call.tool === 'WebFetch' && call.url !== undefined) {
    const host = hostOf(call.url);
    if (host === undefined) return { rules: [], extraCoverage: '', reasons: ['the URL has no host'] };
    const rule = `WebFetch(domain:${host.toLowerCase()})`;
    return { rules: [rule], extraCoverage: `${rule} also allows every other page of ${host}`, reasons: [`${rule}: the host`] };
  }
  if ((call.tool === 'Skill' || call.tool === 'Agent' || call.tool === 'Task') && call.name !== undefined) {
    const rule = `${call.tool === 'Task' ? 'Agent' : call.tool}(${call.name})`;
    return { rules: [rule], extraCoverage: '', reasons: [`${rule}: this one`] };
  }
  return {
    rules: [call.tool],
    extraCoverage: call.tool.startsWith('mcp__') ? '' : `${call.tool} is allowed whatever its input`,
    reasons: [`${call.tool}: the tool`],
  };
}

export interface AddRuleResult {
  /** The new file text (the original when nothing changes). */
  newText: string;
  added: boolean;
  /** Why not added (already covered, blocked by a deny/ask rule), or what was done. */
  reason: string;
  /** Rules of the list the new one covers, removed (each as an exact-tier change). */
  changes: Change[];
}

/**
 * Adds `rule` to `list` of a settings file so the file stays consolidated: nothing happens when a
 * rule of the list already covers it (or, for allow, a deny/ask rule would decide first); rules of
 * the list it covers are removed. Only the permission arrays of the text change. Throws when the
 * text is not valid settings.
 */
export function addRuleConsolidated(fileText: string, list: ListName, rule: string): AddRuleResult {
  const read = parseSettingsText(fileText, 'settings');
  if (!read.ok) throw new Error(read.error);
  const lists = read.lists;
  const parsed = parseRule(rule, list);
  if (parsed.form.kind === 'unparsed')
    return { newText: fileText, added: false, reason: `${rule} is not a rule Claude Code reads; not added`, changes: [] };
  const same = lists[list].find((r) => r === rule || ruleCovers(parseRule(r, list), list, parsed, list));
  if (same !== undefined) return { newText: fileText, added: false, reason: `already covered by ${same} in ${list}`, changes: [] };
  if (list === 'allow') {
    for (const blocker of ['deny', 'ask'] as const) {
      const hit = lists[blocker].find((r) => ruleCovers(parseRule(r, blocker), blocker, parsed, 'allow'));
      if (hit !== undefined)
        return {
          newText: fileText,
          added: false,
          reason: `the ${blocker} rule ${hit} is checked first, so ${rule} would never take effect; not added`,
          changes: [],
        };
    }
  }
  const changes: Change[] = [];
  const kept = lists[list].filter((r) => {
    if (!ruleCovers(parsed, list, parseRule(r, list), list)) return true;
    changes.push({
      tier: 'exact',
      kind: 'subsumed',
      list,
      removed: [r],
      added: [],
      coveredBy: rule,
      reason: `covered by the new rule ${rule}`,
    });
    return false;
  });
  const newText = renderSettingsFile(fileText, { [list]: [...kept, rule] });
  return {
    newText,
    added: true,
    reason: changes.length > 0 ? `added ${rule}; it covers ${changes.length} rule(s) of ${list}, removed` : `added ${rule}`,
    changes,
  };
}
