// Which session the active editor has most affinity with: the tree marks it, and the status bar
// and dashboard follow that "active session".

import { formatAge } from './decay';
import { GlobMatcher } from './globMatcher';
import { dirOf, normalizePath } from './paths';
import type { AffinityTracker } from './tracker';

export interface FileAffinity {
  readonly sessionId: string;
  readonly score: number;
  readonly reason: string;
}

/**
 * Sessions ranked by affinity with one file: holding it (more recent first), then holding files
 * beside it, then a specialty covering it. Sessions with none of these are left out.
 */
export function sessionsForFile(
  tracker: AffinityTracker,
  rawPath: string,
  now: number = tracker.now,
  globs: GlobMatcher = new GlobMatcher(),
): FileAffinity[] {
  const path = normalizePath(rawPath);
  const dir = dirOf(path);
  const known = Math.max(1, tracker.files.countInDir(dir));
  const out: FileAffinity[] = [];
  for (const s of tracker.sessions()) {
    const ws = s.workingSet;
    const e = ws.entry(path, now);
    if (e) {
      out.push({
        sessionId: s.session.id,
        score: 2 + e.weight,
        reason: `${e.kind === 'edit' ? 'edited' : 'read'} ${path} ${formatAge(now - e.at)}`,
      });
      continue;
    }
    const beside = ws.countInDir(dir);
    if (beside > 0) {
      out.push({
        sessionId: s.session.id,
        score: 1 + Math.min(1, beside / known) * 0.9,
        reason: `holds ${beside} of ${known} known files in ${dir || 'the workspace root'}`,
      });
      continue;
    }
    if (globs.matches(s.session.globs, path))
      out.push({ sessionId: s.session.id, score: 0.5, reason: `specialty ${s.session.globs.join(', ')}` });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The session the active editor has most affinity with, if any. */
export function activeSession(tracker: AffinityTracker, now: number = tracker.now): FileAffinity | undefined {
  const active = tracker.editors.activeEditor();
  return active === undefined ? undefined : sessionsForFile(tracker, active, now)[0];
}
