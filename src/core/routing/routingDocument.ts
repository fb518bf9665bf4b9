// The shape of routing.json: the audit log of decisions and the tracker's snapshot (types only: the
// store spec and the store both use them).
import type { RoutingAuditRecord } from './audit';
import type { TrackerSnapshot } from './snapshot';

export interface RoutingDocument {
  audit: RoutingAuditRecord[];
  tracker: TrackerSnapshot | null;
}
