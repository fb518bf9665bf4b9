// Changes to the fix list described as data, applied by one pure function. The same function runs
// in memory and inside the persistent store's locked update, so concurrent windows each apply
// their change to the latest state and nothing is lost.
import type { FixCounts, FixRecord } from './fixRecord';
import { withHistory } from './fixRecord';

export interface CountDelta {
  readonly id: string;
  readonly offered?: number;
  readonly applied?: number;
  readonly succeeded?: number;
  readonly failed?: number;
}

export interface FixEdit {
  readonly title?: string;
  readonly diff?: string;
}

export type FixMutation =
  /** Adds records; a record whose id exists is merged into it (see mergeFixRecords). */
  | { readonly kind: 'upsert'; readonly records: readonly FixRecord[]; readonly at: number }
  /** Adds to counters; applied/succeeded/failed also stamp lastUsedAt and the history. */
  | { readonly kind: 'count'; readonly deltas: readonly CountDelta[]; readonly at: number }
  | { readonly kind: 'edit'; readonly id: string; readonly changes: FixEdit; readonly at: number }
  | { readonly kind: 'delete'; readonly ids: readonly string[] };

/** Merges a record learned or imported again into the stored one: idempotent, so re-importing a file changes nothing. */
export function mergeFixRecords(stored: FixRecord, incoming: FixRecord, at: number): FixRecord {
  const counts: FixCounts = {
    offered: Math.max(stored.counts.offered, incoming.counts.offered),
    applied: Math.max(stored.counts.applied, incoming.counts.applied),
    succeeded: Math.max(stored.counts.succeeded, incoming.counts.succeeded),
    failed: Math.max(stored.counts.failed, incoming.counts.failed),
  };
  const createdAt = Math.min(stored.createdAt, incoming.createdAt);
  const lastUsedAt = Math.max(stored.lastUsedAt, incoming.lastUsedAt);
  const same =
    createdAt === stored.createdAt &&
    lastUsedAt === stored.lastUsedAt &&
    (Object.keys(counts) as Array<keyof FixCounts>).every((k) => counts[k] === stored.counts[k]);
  if (same) return stored;
  return { ...stored, rev: stored.rev + 1, counts, createdAt, lastUsedAt, history: withHistory(stored.history, { at, event: 'merged' }) };
}

function applyDelta(record: FixRecord, delta: CountDelta, at: number): FixRecord {
  const c = record.counts;
  const add = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  const d = { offered: add(delta.offered), applied: add(delta.applied), succeeded: add(delta.succeeded), failed: add(delta.failed) };
  const counts: FixCounts = {
    offered: c.offered + d.offered,
    applied: c.applied + d.applied,
    succeeded: c.succeeded + d.succeeded,
    failed: c.failed + d.failed,
  };
  let history = record.history;
  if (d.applied) history = withHistory(history, { at, event: 'applied' });
  if (d.succeeded) history = withHistory(history, { at, event: 'succeeded' });
  if (d.failed) history = withHistory(history, { at, event: 'failed' });
  const used = d.applied + d.succeeded + d.failed > 0;
  return { ...record, rev: record.rev + 1, counts, history, lastUsedAt: used ? Math.max(record.lastUsedAt, at) : record.lastUsedAt };
}

/** Up to this many ids are found by scanning the list (no map over 100,000 records for one fix). */
const SCAN_AT_MOST = 32;

/** Where each record is in a list, by id, kept up to date by the in-place application below. */
export type FixPositions = Map<string, number>;

/** Where each id is in the list: the caller's positions, a scan for a few ids, a map for many. */
function positions(
  records: readonly FixRecord[],
  ids: readonly string[],
  known: FixPositions | undefined,
): (id: string) => number | undefined {
  if (known)
    return (id) => {
      const i = known.get(id);
      if (i === undefined || (records[i] as FixRecord | undefined)?.id === id) return i;
      // Never expected (the positions follow every in-place change); found by a scan if it happens.
      const j = records.findIndex((r) => r.id === id);
      if (j >= 0) known.set(id, j);
      return j >= 0 ? j : undefined;
    };
  if (ids.length <= SCAN_AT_MOST) {
    const wanted = new Set(ids);
    const found = new Map<string, number>();
    for (let i = 0; i < records.length && found.size < wanted.size; i++) {
      const id = (records[i] as FixRecord).id;
      if (wanted.has(id) && !found.has(id)) found.set(id, i);
    }
    return (id) => found.get(id);
  }
  const at = new Map(records.map((r, i) => [r.id, i]));
  return (id) => at.get(id);
}

/** The positions of every record of a list. */
export function fixPositions(records: readonly FixRecord[]): FixPositions {
  return new Map(records.map((r, i) => [r.id, i]));
}

/**
 * Applies one mutation to `out` in place (the records themselves are replaced, never changed).
 * `known` (the list's positions) is used for lookups and kept up to date; after a delete, which
 * returns a new list, it no longer applies (the caller rebuilds it).
 */
function applyInPlace(out: FixRecord[], mutation: FixMutation, known?: FixPositions): FixRecord[] {
  switch (mutation.kind) {
    case 'delete': {
      const gone = new Set(mutation.ids);
      return out.filter((r) => !gone.has(r.id));
    }
    case 'upsert': {
      const at = positions(
        out,
        mutation.records.map((r) => r.id),
        known,
      );
      const added = new Map<string, number>();
      for (const incoming of mutation.records) {
        const i = at(incoming.id) ?? added.get(incoming.id);
        const stored = i === undefined ? undefined : out[i];
        if (i === undefined || stored === undefined) {
          added.set(incoming.id, out.length);
          known?.set(incoming.id, out.length);
          out.push(incoming);
        } else {
          out[i] = mergeFixRecords(stored, incoming, mutation.at);
        }
      }
      return out;
    }
    case 'count': {
      const at = positions(
        out,
        mutation.deltas.map((d) => d.id),
        known,
      );
      for (const d of mutation.deltas) {
        const i = at(d.id);
        const r = i === undefined ? undefined : out[i];
        if (i !== undefined && r) out[i] = applyDelta(r, d, mutation.at);
      }
      return out;
    }
    case 'edit': {
      const i = positions(out, [mutation.id], known)(mutation.id);
      const r = i === undefined ? undefined : out[i];
      if (i === undefined || !r) return out;
      out[i] = {
        ...r,
        ...(mutation.changes.title !== undefined ? { title: mutation.changes.title } : {}),
        ...(mutation.changes.diff !== undefined ? { diff: mutation.changes.diff } : {}),
        rev: r.rev + 1,
        history: withHistory(r.history, { at: mutation.at, event: 'edited' }),
      };
      return out;
    }
  }
}

/** Applies one mutation to a list of records, returning the new list (the input is not modified). */
export function applyFixMutation(records: readonly FixRecord[], mutation: FixMutation): FixRecord[] {
  return applyInPlace([...records], mutation);
}

/** Applies mutations to `records` itself (a store's own list), with its positions when known;
 *  returns the list (a new one after a delete, which `known` no longer describes). */
export function applyFixMutationsInPlace(records: FixRecord[], mutations: readonly FixMutation[], known?: FixPositions): FixRecord[] {
  return mutations.reduce<FixRecord[]>((acc, m) => applyInPlace(acc, m, acc === records ? known : undefined), records);
}

/** Applies several mutations in order (one copy of the list, whatever their number). */
export function applyFixMutations(records: readonly FixRecord[], mutations: readonly FixMutation[]): FixRecord[] {
  return mutations.reduce<FixRecord[]>((acc, m) => applyInPlace(acc, m), [...records]);
}

/** The ids a mutation touches. */
export function mutatedIds(mutation: FixMutation): readonly string[] {
  switch (mutation.kind) {
    case 'delete':
      return mutation.ids;
    case 'upsert':
      return mutation.records.map((r) => r.id);
    case 'count':
      return mutation.deltas.map((d) => d.id);
    case 'edit':
      return [mutation.id];
  }
}
