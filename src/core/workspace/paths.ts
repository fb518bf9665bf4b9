// Paths and file URIs, one way each: whether a path lies inside a folder (never by string prefix,
// so `/a/bc` is not inside `/a/b`), and a `file:` URI's path (on Windows too, via fileURLToPath).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether a relative path (from `path.relative`) stays inside its base: not `..`, `../x` or absolute
 *  (a name that merely starts with two dots, `..cache/x`, is inside). */
function staysInside(rel: string): boolean {
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** True when `path` is `folder` itself or below it (both made absolute; no symlinks resolved). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || staysInside(rel);
}

/** True when `path` is strictly below `folder`. */
export function isBelow(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && staysInside(rel);
}

/** `path` relative to `folder` with `/` separators when it lies strictly below it, else undefined. */
export function pathBelow(folder: string, path: string): string | undefined {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && staysInside(rel) ? rel.split(sep).join('/') : undefined;
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
