// The workspace's routing history: the audit log of decisions and the tracker's snapshot, kept in
// routing.json on the store layer (spec in ../workspace/workspaceStores.ts).
import type { JsonStore, StoreProblem } from '../store/storeTypes';
import type { RoutingAuditRecord } from './audit';
import type { RoutingDocument } from './routingDocument';
import { openWorkspaceStore } from '../workspace/workspaceStores';

export const AUDIT_LIMIT = 2000;

export function openRoutingStore(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<JsonStore<RoutingDocument>> {
  return openWorkspaceStore(storageDir, 'routing', onProblem);
}

export function appendAudit(store: JsonStore<RoutingDocument>, record: RoutingAuditRecord): void {
  store.update((d) => {
    d.audit.push(record);
    if (d.audit.length > AUDIT_LIMIT) d.audit.splice(0, d.audit.length - AUDIT_LIMIT);
  });
}
