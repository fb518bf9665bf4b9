// An index over one list's rules that finds, for a rule, the other rules that may cover it,
// without comparing every pair (prefix rules are looked up by each word-boundary prefix).
import { patternKey } from './commandPattern';
import { ruleCovers } from './containment';
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
  /** `tool\0prefix` → prefix-only rules (`prefix *`) and exact rules (`prefix`). */
  prefixes: Map<string, Entry[]>;
  /** `tool\0key` → other wildcard command rules; `tool\0` for those with no complete first word. */
  wild: Map<string, Entry[]>;
  /** Non-command rules by tool (`mcp:server` for MCP). */
  byTool: Map<string, Entry[]>;
  toolWide: Map<string, Entry[]>;
  globs: Entry[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value); else map.set(key, [value]);
}

function toolKey(tool: string): string {
  return tool === 'Task' ? 'Agent' : tool;
}

export function buildIndex(list: ListName, entries: Entry[]): RuleIndex {
  const index: RuleIndex = { list, entries, prefixes: new Map(), wild: new Map(), byTool: new Map(), toolWide: new Map(), globs: [] };
  for (const e of entries) addEntry(index, e);
  return index;
}

export function addEntry(index: RuleIndex, e: Entry): void {
  const f = e.rule.form;
  const tool = toolKey(e.rule.tool);
  switch (f.kind) {
    case 'toolWide': push(index.toolWide, tool, e); break;
    case 'toolGlob': index.globs.push(e); break;
    case 'mcp': push(index.byTool, `mcp:${f.server}`, e); break;
    case 'command': {
      const p = f.pattern;
      const norm = (s: string): string => (p.ignoreCase ? s.toLowerCase() : s);
      if (p.exact) push(index.prefixes, `${tool}\0${norm(p.normalized)}`, e);
      else if (p.prefixOnly) push(index.prefixes, `${tool}\0${norm(p.normalized.slice(0, -2))}`, e);
      else push(index.wild, `${tool}\0${patternKey(p) ?? ''}`, e);
      break;
    }
    default: push(index.byTool, tool, e);
  }
}

/** Every word-boundary prefix of a text, longest first (`a b c` → `a b c`, `a b`, `a`). */
function wordPrefixes(text: string): string[] {
  const out = [text];
  for (let i = text.length - 1; i > 0; i--) {
    if (/\s/.test(text[i] ?? '') && !/\s/.test(text[i - 1] ?? '')) out.push(text.slice(0, i));
  }
  return out;
}

/** Candidate rules of `index` that might cover `a` (a superset of the real covers). */
export function candidates(index: RuleIndex, a: ParsedRule): Entry[] {
  const out: Entry[] = [];
  const tool = toolKey(a.tool);
  const f = a.form;
  out.push(...(index.toolWide.get(tool) ?? []), ...index.globs);
  if (f.kind === 'command') {
    const p = f.pattern;
    const norm = (s: string): string => (p.ignoreCase ? s.toLowerCase() : s);
    const lit = norm(p.exact ? p.normalized : p.prefixOnly ? p.normalized.slice(0, -2) : p.literalPrefix);
    if (p.exact || p.prefixOnly) {
      for (const pre of wordPrefixes(lit)) {
        for (const e of index.prefixes.get(`${tool}\0${pre}`) ?? []) {
          // An exact rule only covers the identical text.
          if (e.rule.form.kind === 'command' && (!e.rule.form.pattern.exact || pre === lit)) out.push(e);
        }
      }
    } else {
      for (const pre of wordPrefixes(lit.trimEnd())) out.push(...(index.prefixes.get(`${tool}\0${pre}`) ?? []));
    }
    const key = patternKey(p);
    if (key !== undefined) out.push(...(index.wild.get(`${tool}\0${key}`) ?? []));
    out.push(...(index.wild.get(`${tool}\0`) ?? []));
  } else if (f.kind === 'mcp') {
    out.push(...(index.byTool.get(`mcp:${f.server}`) ?? []));
  } else if (f.kind === 'path' && tool === 'Edit' && index.list !== 'allow') {
    out.push(...(index.byTool.get('Edit') ?? []), ...(index.byTool.get('Read') ?? []));
  } else {
    out.push(...(index.byTool.get(tool) ?? []));
  }
  return out;
}

/** The first entry of `index` other than `self` that covers rule `a` and passes `accept`. */
export function findCover(index: RuleIndex, a: ParsedRule, aList: ListName, self: Entry | undefined,
  accept: (b: Entry) => boolean): Entry | undefined {
  for (const b of candidates(index, a)) {
    if (b === self || !accept(b)) continue;
    if (ruleCovers(b.rule, index.list, a, aList)) return b;
  }
  return undefined;
}
