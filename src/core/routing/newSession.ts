// The proposal of a new session for territory no session holds: a specialty from the task's area.

import { folderOf } from './paths';
import type { TargetEstimate } from './targets';
import type { NewSessionProposal } from './types';

/** A new session over the task's most likely directory; undefined when nothing locates the task. */
export function proposeNewSession(est: TargetEstimate, why: string): NewSessionProposal | undefined {
  let bestDir: string | undefined;
  let bestShare = 0;
  for (const [dir, share] of est.areas) {
    if (share > bestShare) {
      bestDir = dir;
      bestShare = share;
    }
  }
  if (bestDir === undefined) return undefined;
  const segments = bestDir.split('/').filter((s) => s.length > 0 && s !== 'src');
  const label = segments.length > 1 ? segments.slice(-2).join('/') : (segments[0] ?? 'workspace');
  return { specialty: label, globs: [bestDir.length > 0 ? `${bestDir}/**` : '**'], folder: folderOf(bestDir), reason: why };
}
