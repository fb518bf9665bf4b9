// Puts a session's score into plain words: "edited api/auth/session.ts 4 min ago; 3 of 4 open
// files in its working set; specialty api/auth/**".

import { formatAge } from './decay';
import { folderPart, loadPart, specialtyPart, successPart, type HeldTarget, type SessionScore } from './scoring';
import type { ScoreComponent } from './types';

const MAX_FILES_NAMED = 2;
/** Held files the task is less likely than this to be about are not worth a reason. */
const MIN_TARGET_WEIGHT = 0.3;
/** Areas with a smaller share of the task are not worth a reason. */
const MIN_AREA_SHARE = 0.15;

export function explainScore(score: SessionScore, now: number): ScoreComponent[] {
  const w = score.weights;
  const out: ScoreComponent[] = [];
  const held = score.heldTargets.length > 0 ? heldFilesComponent(score, now) : undefined;
  if (held) out.push(held);
  if (score.openTotal > 0 && score.openHeld > 0) {
    out.push({ kind: 'open-files', value: score.open, reason: `${score.openHeld} of ${score.openTotal} open files in its working set` });
  }
  const top = score.topArea;
  if (top && top.share >= MIN_AREA_SHARE && score.area > 0) {
    out.push({
      kind: 'area',
      value: score.area,
      reason: `holds ${score.topAreaHeld} of ${top.known} known files in ${top.dir || 'the workspace root'}`,
    });
  }
  if (score.specialtyCover >= MIN_AREA_SHARE) {
    out.push({ kind: 'specialty', value: specialtyPart(w, score.specialtyCover), reason: `specialty ${score.specialtyGlobs.join(', ')}` });
  }
  if (score.folderShare >= MIN_AREA_SHARE && score.specialtyCover < MIN_AREA_SHARE) {
    out.push({ kind: 'folder', value: folderPart(w, score.folderShare), reason: `works in folder ${score.folder}` });
  }
  if (score.history.samples >= 3) {
    out.push({
      kind: 'success',
      value: successPart(w, score.history.rate),
      reason: `${Math.round(score.history.rate * 100)}% recent success`,
    });
  }
  out.push({
    kind: 'load',
    value: loadPart(w, score.inFlight),
    reason: score.inFlight === 0 ? 'idle' : `${score.inFlight} task${score.inFlight === 1 ? '' : 's'} in flight`,
  });
  return out;
}

/** The held files the task is likely about, the first two named ("edited a/b.ts 4 min ago, …"). */
function heldFilesComponent(score: SessionScore, now: number): ScoreComponent | undefined {
  const words: string[] = [];
  let named = 0;
  let mentioned = false;
  for (const h of score.heldTargets) {
    if (h.source === 'opened' || h.targetWeight < MIN_TARGET_WEIGHT) continue;
    if (named++ < MAX_FILES_NAMED) words.push(heldTargetWords(h, now));
    if (h.source === 'mentioned') mentioned = true;
  }
  if (named === 0) return undefined;
  if (named > MAX_FILES_NAMED) words.push(`and ${named - MAX_FILES_NAMED} more of the task's files`);
  return { kind: mentioned ? 'mentioned-files' : 'recent-edits', value: score.files, reason: words.join(', ') };
}

/** "edited a/b.ts 4 min ago", or for a file found as a symbol's definition
 *  "names symbol parseTotals defined in a/b.ts (edited 4 min ago)". */
function heldTargetWords(h: HeldTarget, now: number): string {
  const verb = h.kind === 'edit' ? 'edited' : 'read';
  const age = formatAge(now - h.at);
  return h.symbol === undefined ? `${verb} ${h.path} ${age}` : `names symbol ${h.symbol} defined in ${h.path} (${verb} ${age})`;
}

/** The reasons of components, strongest first, for display ("a; b; c"). */
export function reasonList(components: readonly ScoreComponent[]): string[] {
  return components.map((c) => c.reason);
}

export function joinReasons(reasons: readonly string[]): string {
  return reasons.join('; ');
}
