// "Does rule b cover rule a?": every call a would match, b matches too (in their lists).
// Used to drop subsumed rules and allows shadowed by a deny/ask. Sound, deliberately incomplete.
import { patternContains } from './commandPattern';
import { domainContains, mcpContains, toolGlobMatches } from './namePatterns';
import { pathGlobContains, resolvePathGlob } from './pathPattern';
import { isExecWrapperCommand } from './shellSplit';
import type { ListName, MatchContext, ParsedRule, PathAnchor } from './types';

/** Distinct placeholder roots, so rules of different anchors never look related. */
const PLACEHOLDER_CONTEXT: MatchContext = { cwd: '/\u0001cwd', home: '/\u0001home', sourceRoot: '/\u0001src' };

const globCache = new WeakMap<object, Partial<Record<ListName, string>>>();

/** The rule's glob against the placeholder roots (memoised per rule form: containment checks repeat them). */
function placeholderGlob(form: { anchor: PathAnchor; pattern: string }, list: ListName): string {
  let byList = globCache.get(form);
  if (!byList) {
    byList = {};
    globCache.set(form, byList);
  }
  let g = byList[list];
  if (g === undefined) {
    g = resolvePathGlob(form.anchor, form.pattern, list, PLACEHOLDER_CONTEXT);
    byList[list] = g;
  }
  return g;
}

function sameTool(a: string, b: string): boolean {
  if (a === b) return true;
  return (a === 'Agent' || a === 'Task') && (b === 'Agent' || b === 'Task');
}

/** True when rule `b` (in list `bList`) matches every call rule `a` (in list `aList`) matches. */
export function ruleCovers(b: ParsedRule, bList: ListName, a: ParsedRule, aList: ListName): boolean {
  const af = a.form;
  const bf = b.form;
  if (af.kind === 'unparsed' || bf.kind === 'unparsed') return false;
  if (a.flags.includes('neverConsulted') || b.flags.includes('neverConsulted')) return false;
  if (bf.kind === 'toolGlob') {
    if (bList === 'allow') return false;
    if (af.kind === 'toolGlob') return bf.glob === '*';
    return toolGlobMatches(bf.glob, a.tool);
  }
  if (af.kind === 'toolGlob') return false;
  if (af.kind === 'param' && aList === 'allow') return false;
  if (bf.kind === 'param' && bList === 'allow') return false;

  if (bf.kind === 'toolWide') {
    // A bare WebFetch does not feed the sandbox network lists, so it never replaces domain rules.
    if (af.kind === 'domain') return false;
    // A Read(path) deny/ask also blocks edits of those paths; a bare Read only concerns the Read tool.
    if (af.kind === 'path' && a.tool === 'Read' && aList !== 'allow') return false;
    return sameTool(a.tool, b.tool);
  }
  if (af.kind === 'toolWide') return false;

  if (af.kind === 'mcp' && bf.kind === 'mcp') return mcpContains(bf, af);
  if (!sameTool(a.tool, b.tool)) {
    // A Read deny/ask also blocks edits of the same paths (2.1.208).
    if (!(af.kind === 'path' && bf.kind === 'path' && a.tool === 'Edit' && b.tool === 'Read' && bList !== 'allow')) return false;
  }
  if (af.kind === 'command' && bf.kind === 'command') {
    // In allow, exec wrappers (`watch …`, `find -exec`) are approved only by exact rules.
    if (aList === 'allow' && bList === 'allow' && !bf.pattern.exact && af.pattern.exact && isExecWrapperCommand(af.pattern.normalized))
      return false;
    return patternContains(bf.pattern, af.pattern);
  }
  if (af.kind === 'path' && bf.kind === 'path') {
    if (af.anchor !== bf.anchor) return false;
    const ga = placeholderGlob(af, aList);
    const gb = placeholderGlob(bf, bList);
    return pathGlobContains(gb, ga);
  }
  if (af.kind === 'domain' && bf.kind === 'domain') return domainContains(bf.domain, af.domain);
  if (af.kind === 'param' && bf.kind === 'param') return af.param === bf.param && af.value === bf.value;
  if (af.kind === 'named' && bf.kind === 'named') return af.name === bf.name;
  return false;
}
