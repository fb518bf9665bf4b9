// The last permission consolidation per folder, on the store layer (one JSON file in the
// workspace storage folder; spec in ../workspace/workspaceStores.ts), or in memory when the window has no
// storage folder.
import type { JsonStore, StoreProblem } from '../store/storeTypes';
import { openWorkspaceStore } from '../workspace/workspaceStores';
import type { ConsolidationRecord, ConsolidationsDocument } from './consolidationRecord';

export interface ConsolidationRepository {
  all(): ConsolidationRecord[];
  get(folder: string): ConsolidationRecord | undefined;
  set(record: ConsolidationRecord): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

function sorted(records: ConsolidationRecord[]): ConsolidationRecord[] {
  return records.sort((a, b) => b.at - a.at);
}

/** Records kept in a lowdb JSON file (`permissions.json` in the given folder). */
export class FileConsolidationStore implements ConsolidationRepository {
  private constructor(private readonly store: JsonStore<ConsolidationsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<FileConsolidationStore> {
    return new FileConsolidationStore(await openWorkspaceStore(storageDir, 'consolidations', onProblem));
  }

  get file(): string {
    return this.store.file;
  }

  all(): ConsolidationRecord[] {
    return sorted(structuredClone(Object.values(this.store.data.last)));
  }

  get(folder: string): ConsolidationRecord | undefined {
    const r = this.store.data.last[folder];
    return r ? structuredClone(r) : undefined;
  }

  set(record: ConsolidationRecord): void {
    const copy = structuredClone(record);
    this.store.update((d) => {
      d.last[copy.folder] = copy;
    });
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Records kept for the life of the process (no workspace storage folder). */
export class MemoryConsolidationStore implements ConsolidationRepository {
  private readonly records = new Map<string, ConsolidationRecord>();

  all(): ConsolidationRecord[] {
    return sorted([...this.records.values()].map((r) => structuredClone(r)));
  }

  get(folder: string): ConsolidationRecord | undefined {
    const r = this.records.get(folder);
    return r ? structuredClone(r) : undefined;
  }

  set(record: ConsolidationRecord): void {
    this.records.set(record.folder, structuredClone(record));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
