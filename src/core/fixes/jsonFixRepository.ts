// The learned-fix repository on the store layer: one shared JSON file (global storage, written by
// every VS Code window). Mutations are plain data applied by a pure function, so the store can
// replay them under its lock on the file's latest content: concurrent windows lose nothing.
import type { JsonObject, JsonStore, StoreProblem } from '../store/storeTypes';
import { openJsonStore } from '../store/jsonStore';
import type { FixRecord } from './fixRecord';
import type { FixMutation } from './fixMutations';
import { applyFixMutationsInPlace, fixPositions, mutatedIds, type FixPositions } from './fixMutations';
import type { FixRepository } from './fixRepository';
import { SIGNATURE_VERSION, signError } from './signature';

/** The file's content (besides the store's own schemaVersion). */
export interface FixStoreFile {
  /** The normalizer version the stored signatures were computed with. */
  signatureVersion: number;
  fixes: FixRecord[];
}

export const FIX_STORE_SCHEMA_VERSION = 1;

export interface JsonFixRepositoryOptions {
  readonly file: string;
  readonly onProblem?: (problem: StoreProblem) => void;
  /** Delay before a change is written (ms, default 100): bursts of changes share one locked write. */
  readonly debounceMs?: number;
  readonly fsync?: boolean;
  readonly lock?: { readonly staleMs?: number; readonly timeoutMs?: number };
}

export class JsonFixRepository implements FixRepository {
  /** The first loadAll after open serves what open just read, instead of reading the file twice. */
  private fresh = true;
  /** Records already checked (mutations keep unchanged records as the same objects). */
  private readonly checked = new WeakSet<object>();
  /** Where each record is in the store's list, and the list that describes (kept up to date by in-place updates). */
  private known: FixPositions = new Map();
  private positionsOf: FixRecord[] | undefined;

  private constructor(private readonly store: JsonStore<FixStoreFile>) {}

  /** Opens the shared fixes file, re-signing stored fixes when the signature normalizer changed. */
  static async open(options: JsonFixRepositoryOptions): Promise<JsonFixRepository> {
    const store = await openJsonStore<FixStoreFile>({
      file: options.file,
      defaults: () => ({ signatureVersion: SIGNATURE_VERSION, fixes: [] }),
      schemaVersion: FIX_STORE_SCHEMA_VERSION,
      shared: true,
      validate: validateFixStoreFile,
      indent: 0, // 100,000 fixes: a compact file loads faster; exports are the readable form.
      immutableRecords: true, // a change replaces a record (fixMutations): a write encodes only what changed
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      ...(options.fsync !== undefined ? { fsync: options.fsync } : {}),
      ...(options.lock !== undefined ? { lock: options.lock } : {}),
      ...(options.onProblem !== undefined ? { onProblem: options.onProblem } : {}),
    });
    const repo = new JsonFixRepository(store);
    if (store.readOnlyReason === undefined && store.data.signatureVersion !== SIGNATURE_VERSION) {
      store.update(resignAll);
      await store.flush();
    }
    return repo;
  }

  get file(): string {
    return this.store.file;
  }

  /** Why the file cannot be written (newer schema, damaged and not movable), if so. */
  get readOnlyReason(): string | undefined {
    return this.store.readOnlyReason;
  }

  async loadAll(): Promise<FixRecord[]> {
    if (this.fresh) {
      this.fresh = false;
      return this.records();
    }
    await this.store.reload();
    return this.records();
  }

  /** Applies at once in memory, on the store's own list (a copy of 100,000 records per change would
   *  cost more than the change); the locked write follows after the debounce (see flush). */
  apply(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    this.update(mutations);
    return Promise.resolve(this.records());
  }

  /** As `apply` (nothing deleted), answering the records touched: found through the list's positions. */
  applyTouching(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    if (mutations.some((m) => m.kind === 'delete')) return this.apply(mutations);
    this.update(mutations);
    const list = this.store.data.fixes;
    const at = this.positions(list);
    const touched: FixRecord[] = [];
    for (const id of new Set(mutations.flatMap(mutatedIds))) {
      const i = at.get(id);
      const r = i === undefined ? undefined : list[i];
      if (r && (this.checked.has(r) || isStoredFixRecord(r))) {
        this.checked.add(r);
        touched.push(r);
      }
    }
    return Promise.resolve(touched);
  }

  /** Writes pending changes now. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** Applies the mutations to the store's list, with its positions when the list is the one they describe. */
  private update(mutations: readonly FixMutation[]): void {
    this.store.update((draft) => {
      const known = draft.fixes === this.positionsOf ? this.known : undefined;
      const next = applyFixMutationsInPlace(draft.fixes, mutations, known);
      if (next !== draft.fixes && known) this.positionsOf = undefined; // a delete made a new list
      draft.fixes = next;
    });
  }

  /** The positions of the records of `list` (rebuilt when the store's list was replaced: a reload, a delete). */
  private positions(list: FixRecord[]): FixPositions {
    if (this.positionsOf !== list) {
      this.known = fixPositions(list);
      this.positionsOf = list;
    }
    return this.known;
  }

  /**
   * Well-formed records only: an entry damaged by hand stays in the file but is not served. When all
   * are well-formed (the usual case) this is the store's own list, for the caller to read at once
   * and not keep (it changes with the next update).
   */
  private records(): FixRecord[] {
    const all = this.store.data.fixes;
    let bad = false;
    for (const r of all) {
      if (this.checked.has(r)) continue;
      if (isStoredFixRecord(r)) this.checked.add(r);
      else bad = true;
    }
    return bad ? all.filter((r) => this.checked.has(r)) : all;
  }
}

function resignAll(draft: FixStoreFile): void {
  draft.fixes = draft.fixes.map((r) => {
    if (!isStoredFixRecord(r)) return r;
    const { signature, identifiers } = signError({
      message: r.message,
      source: r.signature.source,
      code: r.signature.code,
      languageId: r.signature.language,
    });
    return { ...r, signature, identifiers, rev: r.rev + 1 };
  });
  draft.signatureVersion = SIGNATURE_VERSION;
}

function validateFixStoreFile(data: JsonObject): string | undefined {
  if (!Array.isArray(data['fixes'])) return '"fixes" is not a list';
  if (typeof data['signatureVersion'] !== 'number') return '"signatureVersion" is not a number';
  return undefined;
}

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
