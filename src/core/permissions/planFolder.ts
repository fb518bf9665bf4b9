// A workspace folder, planned: every permission file that applies to it (scopes.ts), each
// consolidated for preview (planFile.ts), plus the findings that need several files.
import type { Finding } from './consolidationTypes';
import { planFile } from './planFile';
import type { FilePlan, PlanOptions } from './planFile';
import { scanFolder } from './scopes';
import type { ScanOptions, ScannedFile } from './scopes';

export interface FolderPlan {
  folder: string;
  files: { file: ScannedFile; plan: FilePlan }[];
  /** Findings across files (the same rule in several scopes). */
  findings: Finding[];
  before: number;
  after: number;
}

/** Scans a folder and plans each file. Never throws; unreadable files come back as `ok: false` plans. */
export function planFolder(folder: string, options: ScanOptions & Omit<PlanOptions, 'scope' | 'home'>): FolderPlan {
  const scan = scanFolder(folder, options);
  const files = scan.files.map((file) => {
    const plan = planFile(file.path, { ...options, scope: file.scope, home: options.home });
    // Managed settings are never rewritten, whatever planFile decided from the path.
    const readOnly =
      file.readOnly && plan.ok ? { ...plan, reportOnly: true, newText: plan.originalText, after: plan.before, changes: [] } : plan;
    return { file, plan: readOnly };
  });
  const count = (k: 'before' | 'after'): number => files.reduce((n, f) => n + (f.plan.ok ? f.plan[k] : 0), 0);
  return { folder, files, findings: scan.findings, before: count('before'), after: count('after') };
}
