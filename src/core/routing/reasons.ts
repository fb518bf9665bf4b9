// Puts a session's score into plain words: "edited api/auth/session.ts 4 min ago; 3 of 4 open
// files in its working set; specialty api/auth/**".

import { formatAge } from './decay';
import type { HeldTarget, SessionScore } from './scoring';
import type { TrackedSession } from './tracker';
import type { ScoreComponent } from './types';

const MAX_FILES_NAMED = 2;
/** Held files the task is less likely than this to be about are not worth a reason. */
const MIN_TARGET_WEIGHT = 0.3;
/** Areas with a smaller share of the task are not worth a reason. */
const MIN_AREA_SHARE = 0.15;

export function explainScore(score: SessionScore, ts: TrackedSession, now: number): ScoreComponent[] {
  const out: ScoreComponent[] = [];
  const named = score.heldTargets.filter((h) => h.source !== 'opened' && h.targetWeight >= MIN_TARGET_WEIGHT);
  if (named.length > 0) {
    const words = named.slice(0, MAX_FILES_NAMED).map((h) => heldTargetWords(h, now));
    if (named.length > MAX_FILES_NAMED) words.push(`and ${named.length - MAX_FILES_NAMED} more of the task's files`);
    const kind = named.some((h) => h.source === 'mentioned') ? 'mentioned-files' : 'recent-edits';
    out.push({ kind, value: score.parts.files, reason: words.join(', ') });
  }
  if (score.openTotal > 0 && score.openHeld > 0) {
    out.push({ kind: 'open-files', value: score.parts.open, reason: `${score.openHeld} of ${score.openTotal} open files in its working set` });
  }
  const top = score.areaHoldings.find((a) => a.share >= MIN_AREA_SHARE);
  if (top && score.parts.area > 0) {
    out.push({ kind: 'area', value: score.parts.area, reason: `holds ${top.held} of ${top.known} known files in ${top.dir || 'the workspace root'}` });
  }
  if (score.specialtyCover >= MIN_AREA_SHARE) {
    out.push({ kind: 'specialty', value: score.parts.specialty, reason: `specialty ${score.specialtyGlobs.join(', ')}` });
  }
  if (score.folderShare >= MIN_AREA_SHARE && score.specialtyCover < MIN_AREA_SHARE) {
    out.push({ kind: 'folder', value: score.parts.folder, reason: `works in folder ${ts.session.folder}` });
  }
  if (score.successSamples >= 3) {
    out.push({ kind: 'success', value: score.parts.success, reason: `${Math.round(score.successRate * 100)}% recent success` });
  }
  out.push({ kind: 'load', value: score.parts.load, reason: score.inFlight === 0 ? 'idle' : `${score.inFlight} task${score.inFlight === 1 ? '' : 's'} in flight` });
  return out;
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
