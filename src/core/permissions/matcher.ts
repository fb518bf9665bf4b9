// Decides whether a rule set allows, asks for or denies one tool call, under the documented
// semantics: deny, then ask, then allow; Bash split into simple commands (deny/ask if any part
// matches, allow only if every part does); wrappers and environment assignments stripped.
import { isBuiltinReadOnlyPart } from './builtinReadOnly';
import { commandKey, commandMatches, patternKey } from './commandPattern';
import { domainMatches, hostOf, mcpMatches, toolGlobMatches } from './namePatterns';
import { normalizeCallPath, pathGlobMatches, resolvePathGlob } from './pathPattern';
import { parseRule } from './ruleParser';
import { isExecWrapperCommand, matchForms, splitCommand } from './shellSplit';
import type { Decision, ListName, MatchContext, ParsedRule, RuleLists, ToolCall } from './types';

export const DEFAULT_CONTEXT: MatchContext = { cwd: '/workspace', home: '/home/user', sourceRoot: '/workspace' };

const EDIT_FAMILY = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const READ_FAMILY = new Set(['Read', 'Glob', 'Grep', 'NotebookRead', 'LS']);

/** One list, indexed for fast lookup. */
export interface CompiledList {
  name: ListName;
  rules: ParsedRule[];
  /** Tools with a bare `Tool` / `Tool(*)` rule. */
  toolWide: Set<string>;
  /** Command rules per tool: by complete first word, plus the ones without one (`* x`, `ls*`). */
  commands: Map<string, { keyed: Map<string, ParsedRule[]>; open: ParsedRule[] }>;
  /** Every other rule, by tool name (`mcp` for MCP, `*glob` for tool globs). */
  other: Map<string, ParsedRule[]>;
}

/** A rule set ready for many decisions. */
export interface CompiledRuleSet { deny: CompiledList; ask: CompiledList; allow: CompiledList }

/** Parses (when given strings) and indexes a rule set. */
export function compileRuleSet(lists: Partial<RuleLists<string | ParsedRule>>): CompiledRuleSet {
  const build = (name: ListName): CompiledList => {
    const list: CompiledList = { name, rules: [], toolWide: new Set(), commands: new Map(), other: new Map() };
    for (const r of lists[name] ?? []) addToList(list, typeof r === 'string' ? parseRule(r, name) : r);
    return list;
  };
  return { deny: build('deny'), ask: build('ask'), allow: build('allow') };
}

/** Adds one parsed rule to a compiled list. */
export function addToList(list: CompiledList, rule: ParsedRule): void {
  list.rules.push(rule);
  const f = rule.form;
  if (f.kind === 'toolWide') { list.toolWide.add(rule.tool); return; }
  if (f.kind === 'command') {
    let entry = list.commands.get(rule.tool);
    if (!entry) { entry = { keyed: new Map(), open: [] }; list.commands.set(rule.tool, entry); }
    const key = patternKey(f.pattern);
    if (key === undefined) entry.open.push(rule);
    else {
      const bucket = entry.keyed.get(key);
      if (bucket) bucket.push(rule); else entry.keyed.set(key, [rule]);
    }
    return;
  }
  const key = f.kind === 'mcp' ? 'mcp' : f.kind === 'toolGlob' ? '*glob' : rule.tool;
  const bucket = list.other.get(key);
  if (bucket) bucket.push(rule); else list.other.set(key, [rule]);
}

function isCompiled(x: CompiledRuleSet | Partial<RuleLists<string | ParsedRule>>): x is CompiledRuleSet {
  const allow = (x as { allow?: unknown }).allow;
  return typeof allow === 'object' && allow !== null && !Array.isArray(allow);
}

export interface DecideOptions {
  /**
   * Model Claude Code's built-in read-only commands (`ls`, `cat`, read-only `git`…), which run
   * without a prompt: a Bash part that is one of them needs no allow rule. Default false: the
   * answer is then about the rules alone.
   */
  builtinReadOnly?: boolean;
}

/** The decision for one call: the first list (deny, ask, allow) with a matching rule, else `none`. */
export function decide(rules: CompiledRuleSet | Partial<RuleLists<string | ParsedRule>>, call: ToolCall,
  ctx: MatchContext = DEFAULT_CONTEXT, options: DecideOptions = {}): Decision {
  const set = isCompiled(rules) ? rules : compileRuleSet(rules);
  if (findMatch(set.deny, call, ctx) !== undefined) return 'deny';
  if (findMatch(set.ask, call, ctx) !== undefined) return 'ask';
  if (findMatch(set.allow, call, ctx) !== undefined) return 'allow';
  if (options.builtinReadOnly === true && call.tool === 'Bash' && call.command !== undefined) {
    const p = prepare('Bash', call.command);
    if (!p.unparseable && p.parts.length > 0) {
      const approved = p.parts.every((part, i) => isBuiltinReadOnlyPart(part) ||
        lookupCommand(set.allow, 'Bash', p.allowForms[i] ?? [], isExecWrapperCommand(part)) !== undefined);
      if (approved) return 'allow';
    }
  }
  return 'none';
}

/** The rule of `list` that matches the call (for explanations), or undefined. */
export function findMatch(list: CompiledList, call: ToolCall, ctx: MatchContext = DEFAULT_CONTEXT): ParsedRule | undefined {
  const allowList = list.name === 'allow';
  if (!allowList) {
    for (const r of list.other.get('*glob') ?? []) {
      if (r.form.kind === 'toolGlob' && toolGlobMatches(r.form.glob, call.tool)) return r;
    }
  }
  const families = EDIT_FAMILY.has(call.tool) ? [call.tool, 'Edit'] : READ_FAMILY.has(call.tool) ? [call.tool, 'Read'] : [call.tool];
  for (const t of families) if (list.toolWide.has(t)) return firstWide(list, t);
  if (call.tool.startsWith('mcp__')) {
    for (const r of list.other.get('mcp') ?? []) {
      if (r.form.kind === 'mcp' && mcpMatches(r.form.server, r.form.tool, call.tool)) return r;
    }
    return undefined;
  }
  if (call.params && !allowList) {
    for (const r of list.other.get(call.tool === 'Task' ? 'Agent' : call.tool) ?? []) {
      if (r.form.kind === 'param' && String(call.params[r.form.param]) === r.form.value) return r;
    }
    for (const r of list.other.get(call.tool) ?? []) {
      if (r.form.kind === 'param' && String(call.params[r.form.param]) === r.form.value) return r;
    }
  }
  if ((call.tool === 'Bash' || call.tool === 'PowerShell') && call.command !== undefined) {
    return matchCommandCall(list, call.tool, call.command);
  }
  if (call.tool === 'Skill' && call.name !== undefined) {
    return lookupCommand(list, 'Skill', [call.name]);
  }
  if (call.path !== undefined && (EDIT_FAMILY.has(call.tool) || READ_FAMILY.has(call.tool))) {
    // Edit rules govern every file-editing tool; a Read deny also blocks edits (2.1.208).
    const ruleTools = EDIT_FAMILY.has(call.tool) ? (allowList ? ['Edit'] : ['Edit', 'Read']) : ['Read'];
    const abs = normalizeCallPath(call.path, ctx.cwd);
    for (const t of ruleTools) {
      for (const r of list.other.get(t) ?? []) {
        if (r.form.kind === 'path' && pathGlobMatches(resolvePathGlob(r.form.anchor, r.form.pattern, list.name, ctx), abs)) return r;
      }
    }
    return undefined;
  }
  if (call.tool === 'WebFetch' && call.url !== undefined) {
    const host = hostOf(call.url);
    if (host === undefined) return undefined;
    for (const r of list.other.get('WebFetch') ?? []) {
      if (r.form.kind === 'domain' && domainMatches(r.form.domain, host)) return r;
    }
    return undefined;
  }
  if (call.name !== undefined) {
    const tools = call.tool === 'Agent' || call.tool === 'Task' ? ['Agent', 'Task'] : [call.tool];
    for (const t of tools) {
      for (const r of list.other.get(t) ?? []) if (r.form.kind === 'named' && r.form.name === call.name) return r;
    }
  }
  return undefined;
}

function firstWide(list: CompiledList, tool: string): ParsedRule | undefined {
  return list.rules.find((r) => r.form.kind === 'toolWide' && r.tool === tool);
}

/** A command split once and its match forms, shared by every list and rule set deciding it. */
interface PreparedCommand { parts: string[]; unparseable: boolean; denyForms: string[]; allowForms: string[][] }

const prepared = new Map<string, PreparedCommand>();

function prepare(tool: string, command: string): PreparedCommand {
  const key = `${tool}\0${command}`;
  const hit = prepared.get(key);
  if (hit) return hit;
  const split = splitCommand(command, tool === 'PowerShell' ? 'powershell' : 'bash');
  const denyForms = split.parts.flatMap((p) => matchForms(p, 'deny'));
  if (split.unparseable) denyForms.push(...matchForms(command.trim(), 'deny'));
  const p: PreparedCommand = { parts: split.parts, unparseable: split.unparseable, denyForms,
    allowForms: split.parts.map((part) => matchForms(part, 'allow')) };
  if (prepared.size > 20_000) prepared.clear();
  prepared.set(key, p);
  return p;
}

function matchCommandCall(list: CompiledList, tool: string, command: string): ParsedRule | undefined {
  const p = prepare(tool, command);
  if (list.name !== 'allow') return lookupCommand(list, tool, p.denyForms);
  if (p.unparseable || p.parts.length === 0) return undefined;
  let last: ParsedRule | undefined;
  for (let i = 0; i < p.parts.length; i++) {
    const hit = lookupCommand(list, tool, p.allowForms[i] ?? [], isExecWrapperCommand(p.parts[i] ?? ''));
    if (hit === undefined) return undefined;
    last = hit;
  }
  return last;
}

/** The first rule of `tool` in `list` matching any of the forms. */
export function lookupCommand(list: CompiledList, tool: string, forms: string[], onlyExact = false): ParsedRule | undefined {
  const entry = list.commands.get(tool);
  if (!entry) return undefined;
  const ignoreCase = tool === 'PowerShell';
  for (const form of forms) {
    const bucket = entry.keyed.get(commandKey(form, ignoreCase));
    for (const r of bucket ?? []) {
      if (r.form.kind !== 'command' || (onlyExact && !r.form.pattern.exact)) continue;
      if (commandMatches(r.form.pattern, form)) return r;
    }
    if (onlyExact) continue;
    for (const r of entry.open) {
      if (r.form.kind === 'command' && commandMatches(r.form.pattern, form)) return r;
    }
  }
  return undefined;
}
