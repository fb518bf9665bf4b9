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

/** Applies one mutation to a list of records, returning the new list (the input is not modified). */
export function applyFixMutation(records: readonly FixRecord[], mutation: FixMutation): FixRecord[] {
  switch (mutation.kind) {
    case 'delete': {
      const gone = new Set(mutation.ids);
      return records.filter((r) => !gone.has(r.id));
    }
    case 'upsert': {
      const out = [...records];
      const at = new Map(out.map((r, i) => [r.id, i]));
      for (const incoming of mutation.records) {
        const i = at.get(incoming.id);
        const stored = i === undefined ? undefined : out[i];
        if (i === undefined || stored === undefined) {
          at.set(incoming.id, out.length);
          out.push(incoming);
        } else {
          out[i] = mergeFixRecords(stored, incoming, mutation.at);
        }
      }
      return out;
    }
    case 'count': {
      const byId = new Map<string, CountDelta[]>();
      for (const d of mutation.deltas) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
      return records.map((r) => {
        const deltas = byId.get(r.id);
        return deltas ? deltas.reduce((acc, d) => applyDelta(acc, d, mutation.at), r) : r;
      });
    }
    case 'edit':
      return records.map((r) =>
        r.id !== mutation.id
          ? r
          : {
              ...r,
              ...(mutation.changes.title !== undefined ? { title: mutation.changes.title } : {}),
              ...(mutation.changes.diff !== undefined ? { diff: mutation.changes.diff } : {}),
              rev: r.rev + 1,
              history: withHistory(r.history, { at: mutation.at, event: 'edited' }),
            },
      );
  }
}

/** Applies several mutations in order. */
export function applyFixMutations(records: readonly FixRecord[], mutations: readonly FixMutation[]): FixRecord[] {
  return mutations.reduce<FixRecord[]>((acc, m) => applyFixMutation(acc, m), [...records]);
}
