// The learned-fix store: an in-memory index over a FixRepository. Reads (lookup, search) are
// synchronous on the index; writes are mutations applied by the repository to its latest state
// (so other windows' writes are kept) and the index is re-synced from the result (or, on a reload,
// from what other windows changed). "Offered" counts are buffered and written by flush(), so
// showing code actions never writes to disk.
import type { FixRecord, NewFix, PruneOptions } from './fixRecord';
import { createFixRecord, shouldPrune } from './fixRecord';
import type { FixMatch, LookupOptions } from './fixIndex';
import { FixIndex } from './fixIndex';
import type { CountDelta, FixEdit, FixMutation } from './fixMutations';
import type { FixRepository } from './fixRepository';
import type { SkippedEntry } from './fixTransfer';
import { planFixImport, serializeFixExport } from './fixTransfer';
import type { ErrorInput, ErrorSignature } from './signature';
import { errorSignature } from './signature';
import { parseUnifiedDiff } from './unifiedDiff';

export type FixOutcome = 'succeeded' | 'failed';

/** What an import did: counts of new and merged fixes, each skipped entry with its reason, or why the file was refused. */
export interface ImportReport {
  readonly added: number;
  readonly merged: number;
  readonly skipped: readonly SkippedEntry[];
  readonly error?: string;
}

export class FixStore {
  private readonly index = new FixIndex();
  /** The record objects the index holds (identity), so an unchanged record costs no id lookup. */
  private readonly indexed = new WeakSet<FixRecord>();
  private pendingOffers = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly repository: FixRepository) {}

  /** Opens a store over a repository, loading and indexing every record. */
  static async open(repository: FixRepository): Promise<FixStore> {
    const store = new FixStore(repository);
    store.sync(await repository.loadAll());
    return store;
  }

  get size(): number {
    return this.index.size;
  }

  get signatureCount(): number {
    return this.index.signatureCount;
  }

  get(id: string): FixRecord | undefined {
    return this.index.get(id);
  }

  all(): FixRecord[] {
    return [...this.index.all()];
  }

  /** Ranked fixes for an error (exact signature first, then success rate, recency). */
  lookup(error: ErrorInput | ErrorSignature, options?: LookupOptions): FixMatch[] {
    const signature = 'key' in error ? error : errorSignature(error);
    return this.index.lookup(signature, options);
  }

  /** Learns a fix (merged into the stored one when the same fix was learned before); rejects a diff that does not parse. */
  async learn(fix: NewFix | FixRecord): Promise<FixRecord> {
    const parsed = parseUnifiedDiff(fix.diff);
    if (!parsed.ok) throw new Error(`The fix was not learned: its diff is not a unified diff (${parsed.error}).`);
    const record = 'id' in fix ? fix : createFixRecord(fix);
    await this.write([{ kind: 'upsert', records: [record], at: record.createdAt }]);
    return this.index.get(record.id) ?? record;
  }

  /** Adds several records at once (import). */
  async learnAll(records: readonly FixRecord[], now: number): Promise<void> {
    if (records.length > 0) await this.write([{ kind: 'upsert', records, at: now }]);
  }

  /** Imports an export file's text: validated entry by entry, merged without duplicates. */
  async import(text: string, now: number): Promise<ImportReport> {
    const plan = planFixImport(text, (id) => this.index.get(id) !== undefined, now);
    if (plan.error !== undefined) return { added: 0, merged: 0, skipped: [], error: plan.error };
    await this.learnAll([...plan.added, ...plan.merged], now);
    return { added: plan.added.length, merged: plan.merged.length, skipped: plan.skipped };
  }

  /** The export file text for all fixes (or the given ids). */
  export(now: number, ids?: readonly string[]): string {
    const records = ids ? ids.map((id) => this.index.get(id)).filter((r): r is FixRecord => r !== undefined) : this.all();
    return serializeFixExport(records, now);
  }

  /** Notes that fixes were offered; kept in memory until flush(). */
  offered(ids: readonly string[]): void {
    for (const id of ids) this.pendingOffers.set(id, (this.pendingOffers.get(id) ?? 0) + 1);
  }

  async applied(id: string, now: number): Promise<void> {
    await this.count([{ id, applied: 1 }], now);
  }

  async outcome(id: string, outcome: FixOutcome, now: number): Promise<void> {
    await this.count([{ id, [outcome]: 1 }], now);
  }

  /** Edits a fix's title or diff; rejects (changing nothing) when the new diff is not a unified diff. */
  async edit(id: string, changes: FixEdit, now: number): Promise<void> {
    if (changes.diff !== undefined) {
      const parsed = parseUnifiedDiff(changes.diff);
      if (!parsed.ok) throw new Error(`The edited fix was not saved: its diff is not a unified diff (${parsed.error}).`);
    }
    const title = changes.title?.trim();
    const clean: FixEdit = { ...(title ? { title } : {}), ...(changes.diff !== undefined ? { diff: changes.diff } : {}) };
    await this.write([{ kind: 'edit', id, changes: clean, at: now }]);
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.write([{ kind: 'delete', ids }]);
  }

  /** Removes fixes that failed repeatedly (or were unused for long); returns their ids. */
  async prune(options?: PruneOptions): Promise<string[]> {
    const ids = this.all()
      .filter((r) => shouldPrune(r, options))
      .map((r) => r.id);
    await this.delete(ids);
    return ids;
  }

  /** Writes buffered "offered" counts. */
  async flush(now: number): Promise<void> {
    if (this.pendingOffers.size === 0) return;
    const deltas = [...this.pendingOffers].map(([id, offered]): CountDelta => ({ id, offered }));
    this.pendingOffers = new Map();
    await this.count(deltas, now);
  }

  /** Re-reads the repository (other windows' changes): only what changed, when the repository can tell. */
  async reload(): Promise<void> {
    await this.enqueue(async () => {
      const repository = this.repository;
      if (!repository.pullChanges) return this.sync(await repository.loadAll());
      const changes = await repository.pullChanges();
      if ('all' in changes) return this.sync(changes.all);
      for (const id of changes.removed) {
        const r = this.index.get(id);
        if (!r) continue;
        this.index.remove(id);
        this.indexed.delete(r);
      }
      this.put(changes.changed);
    });
  }

  /** Writes everything the repository keeps into one file now (a repository with a journal folds it in). */
  async compact(): Promise<void> {
    await this.enqueue(async () => this.repository.compact?.());
  }

  private async count(deltas: readonly CountDelta[], now: number): Promise<void> {
    await this.write([{ kind: 'count', deltas, at: now }]);
  }

  private async write(mutations: readonly FixMutation[]): Promise<void> {
    const repository = this.repository;
    const touching = repository.applyTouching && mutations.every((m) => m.kind !== 'delete');
    await this.enqueue(async () =>
      touching && repository.applyTouching
        ? this.put(await repository.applyTouching(mutations))
        : this.sync(await repository.apply(mutations)),
    );
  }

  /** Puts changed records into the index (nothing removed). */
  private put(records: readonly FixRecord[]): void {
    for (const r of records) {
      if (this.indexed.has(r)) continue;
      const cur = this.index.get(r.id);
      if (cur && sameRecord(cur, r)) continue;
      if (cur) this.indexed.delete(cur);
      this.index.put(r);
      this.indexed.add(r);
    }
  }

  /** Runs writes one after the other; a failed write rejects its caller but not later writes. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes the index hold exactly `records`, touching only what changed. Records are never changed
   * in place (a change is a new object), so a record the index holds already is passed over by its
   * identity alone: a write of one fix costs one pass over the array, without hashing its ids.
   */
  private sync(records: readonly FixRecord[]): void {
    this.put(records);
    if (records.length !== this.index.size) {
      const keep = new Set(records.map((r) => r.id));
      for (const r of [...this.index.all()])
        if (!keep.has(r.id)) {
          this.index.remove(r.id);
          this.indexed.delete(r);
        }
    }
  }
}

/**
 * The same record read again (a reload gives new objects for unchanged records): the same revision
 * and the same content that ranks and shows it. A record deleted and learned again in one write
 * starts at the same revision with other content, and must replace the indexed one.
 */
function sameRecord(a: FixRecord, b: FixRecord): boolean {
  const c = a.counts;
  const d = b.counts;
  return (
    a.rev === b.rev &&
    a.signature.key === b.signature.key &&
    a.createdAt === b.createdAt &&
    a.lastUsedAt === b.lastUsedAt &&
    a.title === b.title &&
    a.diff === b.diff &&
    c.offered === d.offered &&
    c.applied === d.applied &&
    c.succeeded === d.succeeded &&
    c.failed === d.failed
  );
}
