// The learned-fix repository on the store layer: one shared JSON file (global storage, written by
// every VS Code window). Mutations are plain data applied by a pure function, so the store can
// replay them under its lock on the file's latest content: concurrent windows lose nothing.
import type { JsonObject, JsonStore, StoreProblem } from '../store';
import { openJsonStore } from '../store';
import type { FixRecord } from './fixRecord';
import type { FixMutation } from './fixMutations';
import { applyFixMutations } from './fixMutations';
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

  /** Applies at once in memory; the locked write follows after the debounce (see flush). */
  apply(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    this.store.update((draft) => {
      draft.fixes = applyFixMutations(draft.fixes, mutations);
    });
    return Promise.resolve(this.records());
  }

  /** Writes pending changes now. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** Well-formed records only: an entry damaged by hand stays in the file but is not served. */
  private records(): FixRecord[] {
    return this.store.data.fixes.filter((r) => {
      if (this.checked.has(r)) return true;
      if (!isStoredFixRecord(r)) return false;
      this.checked.add(r);
      return true;
    });
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
