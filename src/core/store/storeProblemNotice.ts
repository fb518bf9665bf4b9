// How a store problem is told to the person: one severity for each kind, the message, and the
// file to open (the kept-aside copy when a file was quarantined).
import type { StoreProblem } from './storeTypes';

export interface StoreProblemNotice {
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
}

export function storeProblemNotice(p: StoreProblem): StoreProblemNotice {
  const severity = p.kind === 'staleLockBroken' ? 'info' : p.kind === 'writeFailed' || p.kind === 'quarantineFailed' ? 'error' : 'warning';
  return { severity, message: p.message, file: 'quarantinePath' in p ? p.quarantinePath : p.file };
}
