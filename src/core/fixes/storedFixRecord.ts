// What a fix record read from disk must look like before it is indexed or served: the fields the
// index and the matcher rely on, with the right types. The store file and its journal are read
// through this check; an entry that fails it is kept on disk but never served.
import type { FixRecord } from './fixRecord';

/** The fields the index and matcher rely on are present with the right types. */
export function isStoredFixRecord(value: unknown): value is FixRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const sig = r['signature'] as Record<string, unknown> | null | undefined;
  const counts = r['counts'] as Record<string, unknown> | null | undefined;
  return (
    typeof r['id'] === 'string' &&
    typeof r['rev'] === 'number' &&
    typeof r['message'] === 'string' &&
    typeof r['diff'] === 'string' &&
    typeof r['lastUsedAt'] === 'number' &&
    typeof r['createdAt'] === 'number' &&
    Array.isArray(r['identifiers']) &&
    Array.isArray(r['history']) &&
    typeof sig === 'object' &&
    sig !== null &&
    typeof sig['key'] === 'string' &&
    typeof sig['language'] === 'string' &&
    typeof sig['normalized'] === 'string' &&
    typeof sig['source'] === 'string' &&
    typeof sig['code'] === 'string' &&
    typeof counts === 'object' &&
    counts !== null &&
    ['offered', 'applied', 'succeeded', 'failed'].every((k) => typeof counts[k] === 'number')
  );
}
