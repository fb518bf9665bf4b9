// Paths and file URIs, one way each: whether a path lies inside a folder (never by string prefix,
// so `/a/bc` is not inside `/a/b`), and a `file:` URI's path (on Windows too, via fileURLToPath).
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when `path` is `folder` itself or below it (both made absolute; no symlinks resolved). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True when `path` is strictly below `folder`. */
export function isBelow(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The file-system path of a `file:` URI; undefined for other schemes or a malformed URI. */
export function fileUriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
