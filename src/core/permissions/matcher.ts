// Decides whether a rule set allows, asks for or denies one tool call, under the documented
// semantics: deny, then ask, then allow; Bash split into simple commands (deny/ask if any part
// matches, allow only if every part does); wrappers and environment assignments stripped.
import { isBuiltinReadOnlyPart } from './builtinReadOnly';
import { commandKey, commandMatches, patternKey } from './commandPattern';
import { domainMatches, hostOf, mcpMatches, toolGlobMatches } from './namePatterns';
import { normalizeCallPath, pathGlobMatches, resolvePathGlob } from './pathPattern';
import { parseRule } from './ruleParser';
import { trimEndChar } from './textScan';
import { PrefixTable } from './prefixTable';
import { EDIT_FAMILY, READ_FAMILY, prepare } from './preparedCommand';
import type { Decision, ListName, MatchContext, ParsedRule, RuleLists, ToolCall } from './types';

export const DEFAULT_CONTEXT: MatchContext = { cwd: '/workspace', home: '/home/user', sourceRoot: '/workspace' };

/** One list, indexed for fast lookup. */
export interface CompiledList {
  name: ListName;
  rules: ParsedRule[];
  /** Tools with a bare `Tool` / `Tool(*)` rule, and that rule. */
  toolWide: Map<string, ParsedRule>;
  /** Command rules per tool, indexed so a lookup costs about one probe per word of the command. */
  commands: Map<string, CommandIndex>;
  /** Every other rule, by tool name (`mcp` for MCP, `*glob` for tool globs). */
  other: Map<string, ParsedRule[]>;
  /** WebFetch domain rules by lower-cased pattern; `odd` holds those with a `*` inside a label. */
  domains: Map<string, ParsedRule[]>;
  oddDomains: ParsedRule[];
  /** Read/Edit rules by the literal base directory of their resolved glob, per context (built on first use). */
  paths: Map<string, Map<string, PrefixTable<PathEntry>>>;
}

/**
 * Exact rules by text, prefix rules (`x *`) by prefix, other wildcard rules by complete first
 * word, and the rest (`* x`, `ls*`) scanned.
 */
export interface CommandIndex {
  exact: Map<string, ParsedRule>;
  prefix: PrefixTable<ParsedRule>;
  keyed: Map<string, ParsedRule[]>;
  open: ParsedRule[];
}

/** A path rule with the absolute glob it stands for in one context. */
interface PathEntry {
  rule: ParsedRule;
  glob: string;
}

/** A rule set ready for many decisions. */
export interface CompiledRuleSet {
  deny: CompiledList;
  ask: CompiledList;
  allow: CompiledList;
}

/** Parses (when given strings) and indexes a rule set. */
export function compileRuleSet(lists: Partial<RuleLists<string | ParsedRule>>): CompiledRuleSet {
  const build = (name: ListName): CompiledList => {
    const list: CompiledList = {
      name,
      rules: [],
      toolWide: new Map(),
      commands: new Map(),
      other: new Map(),
      domains: new Map(),
      oddDomains: [],
      paths: new Map(),
    };
    for (const r of lists[name] ?? []) addToList(list, typeof r === 'string' ? parseRule(r, name) : r);
    return list;
  };
  return { deny: build('deny'), ask: build('ask'), allow: build('allow') };
}

/** Adds one parsed rule to a compiled list. */
export function addToList(list: CompiledList, rule: ParsedRule): void {
  list.rules.push(rule);
  const f = rule.form;
  if (f.kind === 'toolWide') {
    if (!list.toolWide.has(rule.tool)) list.toolWide.set(rule.tool, rule);
    return;
  }
  if (f.kind === 'command') {
    let entry = list.commands.get(rule.tool);
    if (!entry) {
      entry = { exact: new Map(), prefix: new PrefixTable(), keyed: new Map(), open: [] };
      list.commands.set(rule.tool, entry);
    }
    const p = f.pattern;
    const fold = (t: string): string => (p.ignoreCase ? t.toLowerCase() : t);
    if (p.exact) {
      if (!entry.exact.has(fold(p.normalized))) entry.exact.set(fold(p.normalized), rule);
      return;
    }
    if (p.prefixOnly) {
      entry.prefix.add(fold(p.normalized.slice(0, -2)), rule);
      return;
    }
    const key = patternKey(p);
    if (key === undefined) entry.open.push(rule);
    else {
      const bucket = entry.keyed.get(key);
      if (bucket) bucket.push(rule);
      else entry.keyed.set(key, [rule]);
    }
    return;
  }
  if (f.kind === 'domain') {
    const d = f.domain.toLowerCase();
    if (d.includes('*') && d !== '*' && !(d.startsWith('*.') && !d.slice(2).includes('*'))) list.oddDomains.push(rule);
    else {
      const b = list.domains.get(d);
      if (b) b.push(rule);
      else list.domains.set(d, [rule]);
    }
  }
  const key = f.kind === 'mcp' ? 'mcp' : f.kind === 'toolGlob' ? '*glob' : rule.tool;
  const bucket = list.other.get(key);
  if (bucket) bucket.push(rule);
  else list.other.set(key, [rule]);
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
export function decide(
  rules: CompiledRuleSet | Partial<RuleLists<string | ParsedRule>>,
  call: ToolCall,
  ctx: MatchContext = DEFAULT_CONTEXT,
  options: DecideOptions = {},
): Decision {
  const set = isCompiled(rules) ? rules : compileRuleSet(rules);
  if (findMatch(set.deny, call, ctx) !== undefined) return 'deny';
  if (findMatch(set.ask, call, ctx) !== undefined) return 'ask';
  if (findMatch(set.allow, call, ctx) !== undefined) return 'allow';
  if (options.builtinReadOnly === true && call.tool === 'Bash' && call.command !== undefined) {
    const p = prepare('Bash', call.command);
    if (!p.unparseable && p.parts.length > 0) {
      const approved = p.parts.every(
        (part, i) =>
          isBuiltinReadOnlyPart(part) || lookupCommand(set.allow, 'Bash', p.allowForms[i] ?? [], p.execWrapper[i] === true) !== undefined,
      );
      if (approved) return 'allow';
    }
  }
  return 'none';
}

/** The rule of `list` that matches the call (for explanations), or undefined. */
export function findMatch(list: CompiledList, call: ToolCall, ctx: MatchContext = DEFAULT_CONTEXT): ParsedRule | undefined {
  const allowList = list.name === 'allow';
  if (!allowList && list.other.has('*glob')) {
    for (const r of list.other.get('*glob') ?? []) {
      if (r.form.kind === 'toolGlob' && toolGlobMatches(r.form.glob, call.tool)) return r;
    }
  }
  if (list.toolWide.size > 0) {
    const wide =
      list.toolWide.get(call.tool) ??
      (EDIT_FAMILY.has(call.tool) ? list.toolWide.get('Edit') : READ_FAMILY.has(call.tool) ? list.toolWide.get('Read') : undefined);
    if (wide) return wide;
  }
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
    const byTool = pathIndex(list, ctx);
    for (const t of ruleTools) {
      const byBase = byTool.get(t);
      if (!byBase) continue;
      // A rule can only match the path or an ancestor if its literal base directory is an ancestor of the path.
      for (const { values } of byBase.dirPrefixes(abs)) {
        for (const e of values) if (pathGlobMatches(e.glob, abs)) return e.rule;
      }
    }
    return undefined;
  }
  if (call.tool === 'WebFetch' && call.url !== undefined) {
    const host = hostOf(call.url);
    if (host === undefined) return undefined;
    const h = host.toLowerCase().replace(/\.$/, '');
    const exact = list.domains.get(h) ?? list.domains.get('*');
    if (exact?.[0]) return exact[0];
    const labels = h.split('.');
    for (let i = 1; i < labels.length; i++) {
      const sub = list.domains.get(`*.${labels.slice(i).join('.')}`);
      if (sub?.[0]) return sub[0];
    }
    for (const r of list.oddDomains) {
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

function matchCommandCall(list: CompiledList, tool: string, command: string): ParsedRule | undefined {
  const p = prepare(tool, command);
  if (list.name !== 'allow') return lookupCommand(list, tool, p.denyForms);
  if (p.unparseable || p.parts.length === 0) return undefined;
  let last: ParsedRule | undefined;
  for (let i = 0; i < p.parts.length; i++) {
    const hit = lookupCommand(list, tool, p.allowForms[i] ?? [], p.execWrapper[i] === true);
    if (hit === undefined) return undefined;
    last = hit;
  }
  return last;
}

function pathIndex(list: CompiledList, ctx: MatchContext): Map<string, PrefixTable<PathEntry>> {
  const key = `${ctx.cwd}\0${ctx.home}\0${ctx.sourceRoot}`;
  let byTool = list.paths.get(key);
  if (byTool) return byTool;
  byTool = new Map();
  for (const t of ['Read', 'Edit']) {
    const byBase = new PrefixTable<PathEntry>();
    for (const r of list.other.get(t) ?? []) {
      if (r.form.kind !== 'path') continue;
      const glob = resolvePathGlob(r.form.anchor, r.form.pattern, list.name, ctx);
      byBase.add(globBase(glob), { rule: r, glob });
    }
    byTool.set(t, byBase);
  }
  if (list.paths.size > 8) list.paths.clear();
  list.paths.set(key, byTool);
  return byTool;
}

/** The directory before a glob's first magic (or escape) character, without a trailing slash. */
function globBase(glob: string): string {
  const idx = glob.search(/[*?[\]{}\\!()+@]/);
  const head = idx < 0 ? glob : glob.slice(0, idx);
  if (idx < 0) return trimEndChar(head, '/');
  return head.slice(0, Math.max(0, head.lastIndexOf('/')));
}

/** The first rule of `tool` in `list` matching any of the forms. */
export function lookupCommand(list: CompiledList, tool: string, forms: string[], onlyExact = false): ParsedRule | undefined {
  const entry = list.commands.get(tool);
  if (!entry) return undefined;
  const ignoreCase = tool === 'PowerShell';
  for (const raw of forms) {
    const form = ignoreCase ? raw.toLowerCase() : raw;
    const exact = entry.exact.get(form);
    if (exact) return exact;
    if (onlyExact) continue;
    if (entry.prefix.size > 0) {
      // `x *` matches `x` and `x<space>…`: the whole form and every prefix ending before a space, in one pass.
      const hit = entry.prefix.firstWordPrefix(form)?.[0];
      if (hit) return hit;
    }
    for (const r of entry.keyed.get(commandKey(raw, ignoreCase)) ?? []) {
      if (r.form.kind === 'command' && commandMatches(r.form.pattern, raw)) return r;
    }
    for (const r of entry.open) {
      if (r.form.kind === 'command' && commandMatches(r.form.pattern, raw)) return r;
    }
  }
  return undefined;
}
