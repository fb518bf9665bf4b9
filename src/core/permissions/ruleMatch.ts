// Does one rule, in one list, match a call? The same semantics as findMatch (matcher.ts) for a
// list holding that rule alone, without building an index: the check of the exact tier asks it
// thousands of times ("does the kept rule match every probe the removed one matched?").
import { commandMatches } from './commandPattern';
import { DEFAULT_CONTEXT } from './matcher';
import { domainMatches, hostOf, mcpMatches, toolGlobMatches } from './namePatterns';
import { normalizeCallPath, pathGlobMatches, resolvePathGlob } from './pathPattern';
import { EDIT_FAMILY, READ_FAMILY, prepare } from './preparedCommand';
import type { CommandPattern, ListName, MatchContext, ParsedRule, ToolCall } from './types';

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** One command rule against one match form, as lookupCommand's exact, prefix and wildcard buckets decide it. */
function commandRuleMatches(p: CommandPattern, raw: string, onlyExact: boolean): boolean {
  const form = p.ignoreCase ? raw.toLowerCase() : raw;
  if (p.exact) return (p.ignoreCase ? p.normalized.toLowerCase() : p.normalized) === form;
  if (onlyExact) return false;
  if (p.prefixOnly) {
    // `x *` matches `x`, and `x` then a space after a non-space (the word boundaries the index tries).
    const prefix = p.normalized.slice(0, -2);
    const key = p.ignoreCase ? prefix.toLowerCase() : prefix;
    if (form === key) return true;
    return (
      key.length > 0 &&
      form.length > key.length &&
      form.startsWith(key) &&
      isSpaceCode(form.charCodeAt(key.length)) &&
      !isSpaceCode(form.charCodeAt(key.length - 1))
    );
  }
  return commandMatches(p, raw);
}

/** True when `rule`, alone in `list`, matches the call (findMatch's answer for that one-rule list). */
export function matchesRule(rule: ParsedRule, list: ListName, call: ToolCall, ctx: MatchContext = DEFAULT_CONTEXT): boolean {
  const allowList = list === 'allow';
  const f = rule.form;
  if (f.kind === 'toolGlob') return !allowList && toolGlobMatches(f.glob, call.tool);
  if (f.kind === 'toolWide') {
    return (
      rule.tool === call.tool ||
      (EDIT_FAMILY.has(call.tool) && rule.tool === 'Edit') ||
      (!EDIT_FAMILY.has(call.tool) && READ_FAMILY.has(call.tool) && rule.tool === 'Read')
    );
  }
  if (call.tool.startsWith('mcp__')) return f.kind === 'mcp' && mcpMatches(f.server, f.tool, call.tool);
  if (f.kind === 'param') {
    if (allowList || !call.params) return false;
    const sameTool = rule.tool === call.tool || (call.tool === 'Task' && rule.tool === 'Agent');
    return sameTool && String(call.params[f.param]) === f.value;
  }
  if ((call.tool === 'Bash' || call.tool === 'PowerShell') && call.command !== undefined) {
    if (f.kind !== 'command' || rule.tool !== call.tool) return false;
    const p = prepare(call.tool, call.command);
    if (!allowList) {
      for (const form of p.denyForms) if (commandRuleMatches(f.pattern, form, false)) return true;
      return false;
    }
    if (p.unparseable || p.parts.length === 0) return false;
    // Every part must be approved by the rule (allow semantics for compound commands).
    for (let i = 0; i < p.parts.length; i++) {
      let hit = false;
      for (const form of p.allowForms[i] ?? []) {
        if (commandRuleMatches(f.pattern, form, p.execWrapper[i] === true)) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return true;
  }
  if (call.tool === 'Skill' && call.name !== undefined)
    return f.kind === 'command' && rule.tool === 'Skill' && commandRuleMatches(f.pattern, call.name, false);
  if (call.path !== undefined && (EDIT_FAMILY.has(call.tool) || READ_FAMILY.has(call.tool))) {
    if (f.kind !== 'path') return false;
    const ruleTools = EDIT_FAMILY.has(call.tool) ? (allowList ? ['Edit'] : ['Edit', 'Read']) : ['Read'];
    if (!ruleTools.includes(rule.tool)) return false;
    return pathGlobMatches(resolvePathGlob(f.anchor, f.pattern, list, ctx), normalizeCallPath(call.path, ctx.cwd));
  }
  if (call.tool === 'WebFetch' && call.url !== undefined) {
    if (f.kind !== 'domain') return false;
    const host = hostOf(call.url);
    return host !== undefined && domainMatches(f.domain, host);
  }
  if (call.name !== undefined) {
    const tools = call.tool === 'Agent' || call.tool === 'Task' ? ['Agent', 'Task'] : [call.tool];
    return f.kind === 'named' && tools.includes(rule.tool) && f.name === call.name;
  }
  return false;
}

/**
 * True when an allow rule approves the call or one of its simple commands: with the built-in
 * read-only commands modelled, a compound call's decision can hang on one part (`cd /tmp && kill 12`).
 */
export function approvesSomePart(rule: ParsedRule, call: ToolCall): boolean {
  const f = rule.form;
  if (
    (call.tool === 'Bash' || call.tool === 'PowerShell') &&
    call.command !== undefined &&
    f.kind === 'command' &&
    rule.tool === call.tool
  ) {
    const p = prepare(call.tool, call.command);
    for (let i = 0; i < p.parts.length; i++) {
      for (const form of p.allowForms[i] ?? []) if (commandRuleMatches(f.pattern, form, p.execWrapper[i] === true)) return true;
    }
    return false;
  }
  return matchesRule(rule, 'allow', call);
}
