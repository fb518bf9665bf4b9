// An index over one list's rules that finds, for a rule, the other rules that may cover it,
// without comparing every pair (prefix rules are looked up by each word-boundary prefix).
import { patternKey } from './commandPattern';
import { ruleCovers } from './containment';
import { PrefixTable } from './prefixTable';
import type { ListName, ParsedRule } from './types';

/** One rule of a list being consolidated. */
export interface Entry {
  raw: string;
  rule: ParsedRule;
  index: number;
  removed: boolean;
}

export interface RuleIndex {
  list: ListName;
  entries: Entry[];
  /** Command rules per tool. */
  commands: Map<string, CommandBuckets>;
  /** Non-command rules by tool (`mcp:server` for MCP). */
  byTool: Map<string, Entry[]>;
  toolWide: Map<string, Entry[]>;
  globs: Entry[];
  /** WebFetch domain rules by lower-cased pattern. */
  domains: Map<string, Entry[]>;
  /** Domain rules with a `*` other than a leading `*.` (rare; compared one by one). */
  oddDomains: Entry[];
  /** Read/Edit path rules by `tool\0anchor`, then by literal base directory. */
  paths: Map<string, PrefixTable<Entry>>;
}

/** One tool's command rules. */
export interface CommandBuckets {
  /** Prefix-only rules (`prefix *`) by prefix and exact rules by text. */
  prefixes: PrefixTable<Entry>;
  /** Other wildcard rules by complete first word. */
  wild: Map<string, Entry[]>;
  /** Wildcard rules without a complete first word (`* install`, `ls*`). */
  open: Entry[];
  /** First words of all rules that have one (quick rejection). */
  firstWords: Set<string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

function toolKey(tool: string): string {
  return tool === 'Task' ? 'Agent' : tool;
}

export function buildIndex(list: ListName, entries: Entry[]): RuleIndex {
  const index: RuleIndex = {
    list,
    entries,
    commands: new Map(),
    byTool: new Map(),
    toolWide: new Map(),
    globs: [],
    domains: new Map(),
    oddDomains: [],
    paths: new Map(),
  };
  for (const e of entries) addEntry(index, e);
  return index;
}

export function addEntry(index: RuleIndex, e: Entry): void {
  const f = e.rule.form;
  const tool = toolKey(e.rule.tool);
  switch (f.kind) {
    case 'toolWide':
      push(index.toolWide, tool, e);
      break;
    case 'toolGlob':
      index.globs.push(e);
      break;
    case 'mcp':
      push(index.byTool, `mcp:${f.server}`, e);
      break;
    case 'domain': {
      const d = f.domain.toLowerCase();
      if (d.includes('*') && !d.startsWith('*.') && d !== '*') index.oddDomains.push(e);
      else push(index.domains, d, e);
      break;
    }
    case 'path': {
      const k = `${tool}\0${f.anchor}`;
      let table = index.paths.get(k);
      if (!table) {
        table = new PrefixTable();
        index.paths.set(k, table);
      }
      table.add(literalBase(f.pattern), e);
      break;
    }
    case 'command': {
      const p = f.pattern;
      let b = index.commands.get(tool);
      if (!b) {
        b = { prefixes: new PrefixTable(), wild: new Map(), open: [], firstWords: new Set() };
        index.commands.set(tool, b);
      }
      const first = patternKey(p);
      if (first !== undefined) b.firstWords.add(first);
      if (p.exact) b.prefixes.add(caseKey(p.normalized, p.ignoreCase), e);
      else if (p.prefixOnly) b.prefixes.add(caseKey(p.normalized.slice(0, -2), p.ignoreCase), e);
      else if (first === undefined) b.open.push(e);
      else push(b.wild, first, e);
      break;
    }
    default:
      push(index.byTool, tool, e);
  }
}

/** The directory part of a path pattern before its first glob character ('' when it starts with one). */
function literalBase(pattern: string): string {
  const idx = pattern.search(/[*?[\]{}]/);
  const head = idx < 0 ? pattern : pattern.slice(0, idx);
  const slash = head.lastIndexOf('/');
  return slash < 0 ? '' : head.slice(0, slash);
}

function caseKey(s: string, ignoreCase: boolean): string {
  return ignoreCase ? s.toLowerCase() : s;
}

/** Candidate rules of `index` that might cover `a` (a superset of the real covers). */
export function candidates(index: RuleIndex, a: ParsedRule): Entry[] {
  const out: Entry[] = [];
  const tool = toolKey(a.tool);
  const f = a.form;
  const wide = index.toolWide.get(tool);
  if (wide) out.push(...wide);
  if (index.globs.length > 0) out.push(...index.globs);
  if (f.kind === 'command') {
    const b = index.commands.get(tool);
    if (!b) return out;
    const p = f.pattern;
    const first = patternKey(p);
    if (first !== undefined && !b.firstWords.has(first)) {
      // No rule of this list starts with the same program: only the open bucket can cover it.
      if (b.open.length > 0) out.push(...b.open);
      return out;
    }
    const whole = p.exact || p.prefixOnly;
    let lit = caseKey(p.exact ? p.normalized : p.prefixOnly ? p.normalized.slice(0, -2) : p.literalPrefix, p.ignoreCase);
    if (!whole) lit = lit.trimEnd();
    // The text itself and every prefix ending before a space, in one pass; longest first.
    const found = b.prefixes.wordPrefixes(lit);
    for (let k = found.length - 1; k >= 0; k--) {
      const { values: bucket, end } = found[k] ?? { values: [], end: 0 };
      for (const e of bucket) {
        // An exact rule only covers the identical text.
        if (e.rule.form.kind === 'command' && (!e.rule.form.pattern.exact || (whole && end === lit.length))) out.push(e);
      }
    }
    if (first !== undefined) {
      const w = b.wild.get(first);
      if (w) out.push(...w);
    }
    if (b.open.length > 0) out.push(...b.open);
  } else if (f.kind === 'mcp') {
    out.push(...(index.byTool.get(`mcp:${f.server}`) ?? []));
  } else if (f.kind === 'domain') {
    const d = f.domain.toLowerCase();
    const keys = new Set([d, '*']);
    const labels = d.replace(/^\*\./, '').split('.');
    for (let i = 1; i < labels.length; i++) keys.add(`*.${labels.slice(i).join('.')}`);
    if (d.startsWith('*.')) keys.add(`*.${labels.join('.')}`);
    for (const k of keys) out.push(...(index.domains.get(k) ?? []));
    out.push(...index.oddDomains);
  } else if (f.kind === 'path') {
    const tools = tool === 'Edit' && index.list !== 'allow' ? ['Edit', 'Read'] : [tool];
    for (const t of tools) {
      // The base directory and each ancestor, deepest first (as the rules were compared before).
      const found = index.paths.get(`${t}\0${f.anchor}`)?.dirPrefixes(literalBase(f.pattern)) ?? [];
      for (let k = found.length - 1; k >= 0; k--) out.push(...(found[k]?.values ?? []));
    }
  } else {
    out.push(...(index.byTool.get(tool) ?? []));
  }
  return out;
}

/** The first entry of `index` other than `self` that covers rule `a` and passes `accept`. */
export function findCover(
  index: RuleIndex,
  a: ParsedRule,
  aList: ListName,
  self: Entry | undefined,
  accept: (b: Entry) => boolean,
): Entry | undefined {
  for (const b of candidates(index, a)) {
    if (b === self || !accept(b)) continue;
    if (ruleCovers(b.rule, index.list, a, aList)) return b;
  }
  return undefined;
}
