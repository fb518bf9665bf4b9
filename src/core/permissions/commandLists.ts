// Other agents whose permissions are flat lists: Gemini CLI `tools.allowed`/`tools.exclude`
// (and the older top-level names) and Roo Code `roo-cline.allowedCommands`/`deniedCommands`.
// Both use plain prefix matching, so only the exact tier applies: duplicates, entries covered by
// a shorter entry of the same list (word-boundary prefix), and Gemini allows that exclude removes.
import type { Change, Finding } from './consolidationTypes';
import { credentialsIn, maskFinding } from './credentials';
import { memberOf, parseJsonc } from './jsonc';
import type { JsonNode } from './jsonc';

/** One list found in a file: its key path and values. */
export interface FoundList {
  path: string[];
  label: string;
  values: string[];
  role: 'allow' | 'deny';
}

export interface ListConsolidation {
  path: string[];
  label: string;
  before: string[];
  after: string[];
  changes: Change[];
}

const GEMINI_KEYS: readonly { path: string[]; role: 'allow' | 'deny' }[] = [
  { path: ['tools', 'allowed'], role: 'allow' },
  { path: ['tools', 'exclude'], role: 'deny' },
  { path: ['allowedTools'], role: 'allow' },
  { path: ['excludeTools'], role: 'deny' },
];
const ROO_KEYS: readonly { path: string[]; role: 'allow' | 'deny' }[] = [
  { path: ['roo-cline.allowedCommands'], role: 'allow' },
  { path: ['roo-cline.deniedCommands'], role: 'deny' },
];

/** Which agent's lists a JSON file holds, if any. */
export type ListFileKind = 'gemini' | 'roo';

function nodeAt(root: JsonNode, path: string[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const key of path) node = memberOf(node, key)?.value;
  return node;
}

/** The Gemini/Roo lists present in JSONC text (throws when the text does not parse or a list is not strings). */
export function findCommandLists(text: string, kind: ListFileKind): FoundList[] {
  const root = parseJsonc(text);
  const out: FoundList[] = [];
  for (const k of kind === 'gemini' ? GEMINI_KEYS : ROO_KEYS) {
    const node = nodeAt(root, k.path);
    if (!node) continue;
    if (node.type !== 'array' || node.items.some((n) => n.type !== 'string'))
      throw new Error(`"${k.path.join('.')}" must be an array of strings`);
    out.push({ path: k.path, label: k.path.join('.'), role: k.role, values: node.items.map((n) => (n.type === 'string' ? n.value : '')) });
  }
  return out;
}

/** Guesses whether a JSON file holds Gemini or Roo lists. */
export function detectListFileKind(text: string): ListFileKind | undefined {
  if (/"roo-cline\.(allowed|denied)Commands"/.test(text)) return 'roo';
  if (/"(allowedTools|excludeTools|coreTools)"/.test(text) || /"tools"\s*:\s*\{[\s\S]*"(allowed|exclude|core)"/.test(text)) return 'gemini';
  return undefined;
}

/** Splits `run_shell_command(git status)` into tool and argument; plain names have no argument. */
function entryParts(entry: string, kind: ListFileKind): { tool: string; arg: string | undefined } {
  if (kind === 'roo') return { tool: 'command', arg: entry.trim() };
  const m = /^([^(]+)\(([\s\S]*)\)$/.exec(entry.trim());
  return m ? { tool: (m[1] ?? '').trim(), arg: (m[2] ?? '').trim() } : { tool: entry.trim(), arg: undefined };
}

/** True when entry b matches everything entry a matches (prefix matching, at a word boundary). */
export function listEntryCovers(b: string, a: string, kind: ListFileKind): boolean {
  const pb = entryParts(b, kind);
  const pa = entryParts(a, kind);
  if (pb.tool !== pa.tool) return false;
  if (kind === 'roo' && pb.arg === '*') return true;
  if (pb.arg === undefined) return true;
  if (pa.arg === undefined || pb.arg.includes('*') || pa.arg.includes('*')) return pa.arg === pb.arg;
  return pa.arg === pb.arg || pa.arg.startsWith(`${pb.arg} `);
}

/** Entries by tool and argument (first index), so covers are looked up instead of compared pairwise. */
function entryIndex(entries: string[], kind: ListFileKind): Map<string, number> {
  const index = new Map<string, number>();
  entries.forEach((e, i) => {
    const p = entryParts(e, kind);
    const k = `${p.tool}\0${p.arg ?? '\u0001'}`;
    if (!index.has(k)) index.set(k, i);
  });
  return index;
}

/** Indexes of the entries that may cover `a`: the bare tool, `*` (Roo), `a` itself and each word prefix of its argument. */
function coverCandidates(index: Map<string, number>, a: string, kind: ListFileKind): number[] {
  const p = entryParts(a, kind);
  const keys = [`${p.tool}\0\u0001`, `${p.tool}\0*`];
  if (p.arg !== undefined) {
    keys.push(`${p.tool}\0${p.arg}`);
    if (!p.arg.includes('*'))
      for (let i = p.arg.indexOf(' '); i > 0; i = p.arg.indexOf(' ', i + 1)) keys.push(`${p.tool}\0${p.arg.slice(0, i)}`);
  }
  const out: number[] = [];
  for (const k of keys) {
    const j = index.get(k);
    if (j !== undefined) out.push(j);
  }
  return out;
}

/** The exact tier on one file's lists. */
export function consolidateCommandLists(lists: FoundList[], kind: ListFileKind): ListConsolidation[] {
  const deny = lists.filter((l) => l.role === 'deny').flatMap((l) => l.values);
  const denyIndex = entryIndex(deny, kind);
  return lists.map((l) => {
    const changes: Change[] = [];
    const list = l.role === 'allow' ? 'allow' : 'deny';
    const seen = new Set<string>();
    const unique: string[] = [];
    for (const v of l.values) {
      if (seen.has(v)) {
        changes.push({
          tier: 'exact',
          kind: 'duplicate',
          list,
          removed: [v],
          added: [],
          coveredBy: v,
          reason: `exact duplicate in ${l.label}`,
        });
      } else {
        seen.add(v);
        unique.push(v);
      }
    }
    const index = entryIndex(unique, kind);
    const after = unique.filter((a, i) => {
      const j = coverCandidates(index, a, kind).find((k) => {
        const b = unique[k] ?? '';
        return k !== i && listEntryCovers(b, a, kind) && (!listEntryCovers(a, b, kind) || k < i);
      });
      const cover = j !== undefined ? unique[j] : undefined;
      if (cover !== undefined) {
        changes.push({
          tier: 'exact',
          kind: 'subsumed',
          list,
          removed: [a],
          added: [],
          coveredBy: cover,
          reason: `already covered by "${cover}" in ${l.label} (prefix match)`,
        });
        return false;
      }
      if (kind === 'gemini' && l.role === 'allow') {
        const k = coverCandidates(denyIndex, a, kind).find((x) => listEntryCovers(deny[x] ?? '', a, kind));
        const ex = k !== undefined ? deny[k] : undefined;
        if (ex !== undefined) {
          changes.push({
            tier: 'exact',
            kind: 'shadowed',
            list,
            removed: [a],
            added: [],
            coveredBy: ex,
            reason: `never takes effect: "${ex}" in the exclude list is checked first`,
          });
          return false;
        }
      }
      return true;
    });
    return { path: l.path, label: l.label, before: l.values, after, changes };
  });
}

/** Credential findings for list entries. */
export function listFindings(lists: FoundList[]): Finding[] {
  return lists.flatMap((l) =>
    l.values.flatMap((v) =>
      credentialsIn(v).map((c): Finding =>
        maskFinding({
          kind: 'credential',
          severity: 'error',
          rule: v,
          message: `${l.label} entry carries a credential (${c.kind}: ${c.preview})`,
        }),
      ),
    ),
  );
}
