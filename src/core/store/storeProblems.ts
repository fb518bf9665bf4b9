// How a store problem is shown to the user: one severity per kind and the file to open, the same
// for every store (each feature used to decide, with three different results).
import type { StoreProblem } from './storeTypes';

export type StoreProblemSeverity = 'error' | 'warning' | 'info';

/**
 * error: changes are not being saved, or the file cannot be used at all; warning: data was set
 * aside or is read-only, nothing is lost; info: housekeeping the user may want in the log.
 */
export function storeProblemSeverity(problem: StoreProblem): StoreProblemSeverity {
  switch (problem.kind) {
    case 'writeFailed':
    case 'quarantineFailed':
      return 'error';
    case 'quarantined':
    case 'recordsQuarantined':
    case 'newerVersion':
    case 'updateDropped':
    case 'entriesSkipped':
      return 'warning';
    case 'staleLockBroken':
      return 'info';
  }
}

/** The problem as shown to the user: its severity, its message and the file to open (the copy set aside, if any). */
export function storeProblemReport(problem: StoreProblem): { severity: StoreProblemSeverity; message: string; file: string } {
  return {
    severity: storeProblemSeverity(problem),
    message: problem.message,
    file: 'quarantinePath' in problem ? problem.quarantinePath : problem.file,
  };
}
