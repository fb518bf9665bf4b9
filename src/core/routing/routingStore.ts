// The workspace's routing history: the audit log of decisions and the tracker's snapshot, kept in
// routing.json on the store layer.
import { join } from 'node:path';
import { openJsonStore, type JsonObject, type JsonStore, type StoreProblem } from '../store';
import type { RoutingAuditRecord } from './audit';
import type { TrackerSnapshot } from './snapshot';

export const AUDIT_LIMIT = 2000;

export interface RoutingDocument {
  audit: RoutingAuditRecord[];
  tracker: TrackerSnapshot | null;
}

export function openRoutingStore(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<JsonStore<RoutingDocument>> {
  return openJsonStore<RoutingDocument>({
    file: join(storageDir, 'routing.json'),
    defaults: () => ({ audit: [], tracker: null }),
    schemaVersion: 1,
    debounceMs: 500,
    validate: (d: JsonObject) => (Array.isArray(d.audit) ? undefined : 'audit is not a list'),
    onProblem,
  });
}

export function appendAudit(store: JsonStore<RoutingDocument>, record: RoutingAuditRecord): void {
  store.update((d) => {
    d.audit.push(record);
    if (d.audit.length > AUDIT_LIMIT) d.audit.splice(0, d.audit.length - AUDIT_LIMIT);
  });
}
