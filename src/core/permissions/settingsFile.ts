// Claude Code settings files: reading (size limit, strict UTF-8, JSONC, type checks, duplicate
// keys) into rule lists, and rendering the new file text with only the permission arrays changed.
import { readFileSync, statSync } from 'node:fs';
import type { Finding } from './consolidationTypes';
import { renderJsonArrays } from './jsonArrayWriter';
import { JsonParseError, memberOf, parseJsonc, positionOf } from './jsonc';
import type { JsonNode } from './jsonc';
import type { ListName, RuleLists } from './types';

/** Files larger than this are refused (settings files are a few KB; the largest real one is 18 KB). */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface SettingsReadOptions {
  maxBytes?: number;
}

/** A settings file read successfully. */
export interface SettingsFileOk {
  ok: true;
  path: string;
  text: string;
  lists: RuleLists<string>;
  /** Which of the three lists exist in the file. */
  present: Record<ListName, boolean>;
  /** File-level findings (misplaced keys). */
  findings: Finding[];
}

/** A settings file that cannot be used; `error` names the file and the cause. Never written. */
export interface SettingsFileError {
  ok: false;
  path: string;
  error: string;
}

export type SettingsFileResult = SettingsFileOk | SettingsFileError;

/** Decodes bytes as strict UTF-8 (a BOM is allowed). Throws on invalid bytes. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Reads a text file with the size limit and strict UTF-8. Never throws. */
export function readTextFile(path: string, options: SettingsReadOptions = {}): { ok: true; text: string } | SettingsFileError {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, path, error: `${path}: not a regular file` };
    if (st.size > maxBytes) return { ok: false, path, error: `${path}: file is too large (${st.size} bytes, limit ${maxBytes})` };
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, path, error: `${path}: cannot read (${describeError(e)})` };
  }
  if (bytes.length > maxBytes) return { ok: false, path, error: `${path}: file is too large (${bytes.length} bytes, limit ${maxBytes})` };
  try {
    return { ok: true, text: decodeUtf8(bytes) };
  } catch {
    return { ok: false, path, error: `${path}: not valid UTF-8 text (first bad byte at offset ${firstInvalidUtf8(bytes)})` };
  }
}

/** Reads and validates a settings file from disk. Never throws. */
export function readSettingsFile(path: string, options: SettingsReadOptions = {}): SettingsFileResult {
  const read = readTextFile(path, options);
  return read.ok ? parseSettingsText(read.text, path) : read;
}

/** Validates settings text (already decoded). Never throws. */
export function parseSettingsText(text: string, path: string): SettingsFileResult {
  if (text.trim() === '') {
    return {
      ok: true,
      path,
      text,
      lists: { allow: [], ask: [], deny: [] },
      present: { allow: false, ask: false, deny: false },
      findings: [],
    };
  }
  let root: JsonNode;
  try {
    root = parseJsonc(text);
  } catch (e) {
    const why = e instanceof JsonParseError ? e.message : describeError(e);
    return { ok: false, path, error: `${path}: invalid JSON: ${why}` };
  }
  if (root.type !== 'object') return { ok: false, path, error: `${path}: expected a JSON object at the top level, found ${root.type}` };
  const lists: RuleLists<string> = { allow: [], ask: [], deny: [] };
  const present: Record<ListName, boolean> = { allow: false, ask: false, deny: false };
  const findings: Finding[] = [];
  const perms = memberOf(root, 'permissions');
  if (perms) {
    if (perms.value.type !== 'object') {
      return {
        ok: false,
        path,
        error: `${path}: "permissions" must be an object, found ${perms.value.type} (line ${positionOf(text, perms.value.start).line})`,
      };
    }
    for (const list of ['allow', 'ask', 'deny'] as const) {
      const m = memberOf(perms.value, list);
      if (!m) continue;
      const arr = m.value;
      if (arr.type !== 'array') {
        return {
          ok: false,
          path,
          error: `${path}: "permissions.${list}" must be an array of strings, found ${arr.type} (line ${positionOf(text, arr.start).line})`,
        };
      }
      for (const [k, item] of arr.items.entries()) {
        if (item.type !== 'string') {
          return {
            ok: false,
            path,
            error: `${path}: "permissions.${list}[${k}]" must be a string, found ${item.type} (line ${positionOf(text, item.start).line})`,
          };
        }
        lists[list].push(item.value);
      }
      present[list] = true;
    }
    const nested = memberOf(perms.value, 'permissions');
    if (nested) {
      findings.push({
        kind: 'misplacedKey',
        severity: 'warning',
        message: `"permissions.permissions" is nested inside "permissions" (line ${positionOf(text, nested.keyStart).line}); its keys never take effect`,
      });
    }
  }
  return { ok: true, path, text, lists, present, findings };
}

/**
 * The new file text with only the permission arrays replaced. Lists not given are left alone;
 * an absent list is added only when it gets rules. Throws when the text is not valid settings.
 */
export function renderSettingsFile(originalText: string, newLists: Partial<RuleLists<string>>): string {
  if (originalText.trim() === '') {
    const perms: Partial<RuleLists<string>> = {};
    for (const list of ['allow', 'deny', 'ask'] as const) {
      const v = newLists[list] ?? [];
      if (v.length > 0) perms[list] = v;
    }
    return Object.keys(perms).length === 0 ? originalText : `${JSON.stringify({ permissions: perms }, null, 2)}\n`;
  }
  const edits = (['allow', 'deny', 'ask'] as const)
    .filter((list) => newLists[list] !== undefined)
    .map((list) => ({ path: ['permissions', list], values: newLists[list] ?? [] }));
  return renderJsonArrays(originalText, edits);
}

/** A short human cause for a file-system error. */
export function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      EPERM: 'operation not permitted',
    };
    return known[code] ?? code;
  }
  return e instanceof Error ? e.message : String(e);
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search the longest valid prefix; good enough to point at the problem.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
