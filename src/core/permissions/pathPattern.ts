// Read/Edit path rules: the four anchors, gitignore-style matching with minimatch, the
// allow/deny asymmetry of single-segment directory patterns, and path containment.
import { Minimatch, escape } from 'minimatch';
import type { ListName, MatchContext, PathAnchor } from './types';

const MM_OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

const cache = new Map<string, Minimatch>();

function compiled(glob: string): Minimatch {
  let mm = cache.get(glob);
  if (!mm) {
    if (cache.size > 10_000) cache.clear();
    mm = new Minimatch(glob, MM_OPTIONS);
    cache.set(glob, mm);
  }
  return mm;
}

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
  return p.replace(/\/\.\//g, '/').replace(/\/{2,}/g, '/');
}

function join(root: string, rest: string): string {
  const r = escape(root.replace(/\\/g, '/').replace(/\/$/, ''));
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
  let p = absPath;
  for (let guard = 0; guard < 64; guard++) {
    if (compiled(glob).match(p)) return true;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return false;
    p = p.slice(0, slash);
  }
  return false;
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
