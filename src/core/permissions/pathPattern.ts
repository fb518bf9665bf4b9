// Read/Edit path rules: the four anchors, gitignore-style matching (pathGlob.ts, linear, no
// regular expressions), the allow/deny asymmetry of single-segment directory patterns, and path
// containment.
import { posix } from 'node:path';
import { escapePathGlob, pathGlobMatchesPath } from './pathGlob';
import type { ListName, MatchContext, PathAnchor } from './types';

/** Splits a path specifier into its anchor and the rest. */
export function pathAnchorOf(spec: string): { anchor: PathAnchor; pattern: string } {
  // Windows spellings are read in POSIX form: `C:\Users\a` is `//c/Users/a` (2.1.162).
  const drive = /^([A-Za-z]):[\\/]/.exec(spec);
  if (drive) return { anchor: 'absolute', pattern: `/${(drive[1] ?? '').toLowerCase()}/${spec.slice(3).replace(/\\/g, '/')}` };
  if (spec.startsWith('//')) return { anchor: 'absolute', pattern: spec.slice(1) };
  if (spec.startsWith('~/') || spec === '~') return { anchor: 'home', pattern: spec.slice(1) || '/' };
  if (spec.startsWith('/')) return { anchor: 'source', pattern: spec };
  return { anchor: 'relative', pattern: spec.startsWith('./') ? spec.slice(2) : spec };
}

/** Normalises a call's path to POSIX form (`C:\Users\a` → `/c/Users/a`) and makes it absolute. */
export function normalizeCallPath(path: string, cwd: string): string {
  let p = path.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(p);
  if (drive) p = `/${(drive[1] ?? '').toLowerCase()}/${p.slice(3)}`;
  if (!p.startsWith('/')) p = `${cwd.replace(/\/$/, '')}/${p}`;
  // `..` is resolved: `/w/../etc/passwd` is `/etc/passwd` for every rule.
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function join(root: string, rest: string): string {
  const r = escapePathGlob(root.replace(/\\/g, '/').replace(/\/$/, ''));
  return `${r}/${rest.replace(/^\/+/, '')}`;
}

/** The absolute glob a path rule stands for, for one list (deny/ask widen `dir/**` to any depth). */
export function resolvePathGlob(anchor: PathAnchor, pattern: string, list: ListName, ctx: MatchContext): string {
  let p = pattern.endsWith('/') ? `${pattern}**` : pattern;
  p = p.replace(/\/{2,}/g, '/');
  switch (anchor) {
    case 'absolute':
      return p;
    case 'home':
      return join(ctx.home, p);
    case 'source':
      return join(ctx.sourceRoot, p);
    case 'relative': {
      const inner = p.replace(/\/\*\*$/, '');
      const anyDepth = !inner.includes('/') && (!p.includes('/') || list !== 'allow');
      return join(ctx.cwd, anyDepth ? `**/${p}` : p);
    }
  }
}

/** Does the glob match the path or one of its ancestor directories (gitignore semantics)? */
export function pathGlobMatches(glob: string, absPath: string): boolean {
  return pathGlobMatchesPath(glob, absPath);
}

const GLOB_CHARS = /[*?[\]{}]/;

/** True when every path glob `a` matches is matched by glob `b` (sound, not complete). */
export function pathGlobContains(b: string, a: string): boolean {
  if (a === b) return true;
  if (!GLOB_CHARS.test(a)) return pathGlobMatches(b, a);
  if (b.endsWith('/**')) {
    const base = b.slice(0, -3);
    if (GLOB_CHARS.test(base)) return false;
    return a.startsWith(`${base}/`) || a === base;
  }
  return false;
}
