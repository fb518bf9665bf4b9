// Small helpers over workspace-relative paths ("api/src/auth/session.ts").

/** Normalizes separators and strips "./" and leading slashes. */
export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s.replace(/^\/+/, '');
}

/** "api/src/auth" for "api/src/auth/session.ts"; '' for a top-level file. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** "session.ts" for "api/src/auth/session.ts". */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** "session" for "session.ts" (only the last extension is removed). */
export function stem(name: string): string {
  const i = name.lastIndexOf('.');
  return i <= 0 ? name : name.slice(0, i);
}

/** First segment: the workspace folder of a multi-root path. */
export function folderOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * A copy of `s` that does not keep the text it was cut from alive: V8 represents a slice of 13 or
 * more characters as a view into its parent, so a word cut from a 5 MB task text and kept (an
 * index term, a reason) would keep all 5 MB.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Splits an identifier into lowercase words at camelCase, digit and punctuation boundaries. */
export function identifierWords(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}
