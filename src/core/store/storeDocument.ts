// The on-disk form of a store: a UTF-8 JSON object `{ "schemaVersion": N, ...data }`. Decoding
// says precisely why bytes are not a store document, for the quarantine report.
import type { JsonObject } from './storeTypes';
import { isJsonObject } from './migrations';

export type DecodedDocument =
  { readonly ok: true; readonly schemaVersion: number; readonly data: JsonObject } | { readonly ok: false; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes file bytes: strict UTF-8 (a leading BOM is allowed), JSON, an object with an integer schemaVersion. */
export function decodeDocument(bytes: Uint8Array): DecodedDocument {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'the file is not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the file is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isJsonObject(value)) return { ok: false, reason: 'the file does not hold a JSON object' };
  const { schemaVersion, ...data } = value;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 0) {
    return { ok: false, reason: 'the file has no valid "schemaVersion"' };
  }
  return { ok: true, schemaVersion, data };
}

/**
 * The file text for `data` at `schemaVersion` (schemaVersion first, for people reading the file).
 * With `recordJson` (unindented documents whose list entries are replaced, never changed), each
 * object in a top-level list is encoded once and its JSON reused: the same text as without it.
 */
export function encodeDocument(schemaVersion: number, data: object, indent: number, recordJson?: WeakMap<object, string>): string {
  const doc: JsonObject = { schemaVersion, ...data };
  doc['schemaVersion'] = schemaVersion; // data never carries its own, but the file's must win.
  if (!recordJson || indent !== 0) return `${JSON.stringify(doc, null, indent)}\n`;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined || typeof value === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${Array.isArray(value) ? encodeList(value, recordJson) : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}\n`;
}

function encodeList(list: readonly unknown[], cache: WeakMap<object, string>): string {
  const items = list.map((item) => {
    if (typeof item !== 'object' || item === null) return JSON.stringify(item) ?? 'null';
    let json = cache.get(item);
    if (json === undefined) cache.set(item, (json = JSON.stringify(item)));
    return json;
  });
  return `[${items.join(',')}]`;
}
