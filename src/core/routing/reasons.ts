// Puts a session's score into plain words: "edited api/auth/session.ts 4 min ago; 3 of 4 open
// files in its working set; specialty api/auth/**".

import { formatAge } from './decay';
import {
  folderPart,
  loadPart,
  priorPart,
  profilePart,
  specialtyPart,
  successPart,
  unheldPart,
  MIN_WORDED,
  MIN_WORDED_LEARNED,
  type HeldTarget,
  type LearnedContext,
  type SessionScore,
} from './scoring';
import type { ScoreComponent } from './types';

const MAX_FILES_NAMED = 2;
/** Held files the task is less likely than this to be about are not worth a reason (the learned ones'
 *  weights are probabilities, spread out: their bar is lower). scoring.ts keeps only these. */
const MIN_TARGET_WEIGHT = MIN_WORDED;
const MIN_LEARNED_WEIGHT = MIN_WORDED_LEARNED;
/** A profile part smaller than this is not worth a reason. */
const MIN_PART = 0.02;
/** A session's share of the recent tasks is worth a reason from this share on. */
const MIN_PRIOR_SHARE = 0.3;
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
  const unheld = score.unheldFile;
  if (unheld !== undefined && score.unheldCover >= MIN_LEARNED_WEIGHT) {
    out.push({
      kind: 'unheld-specialty',
      value: unheldPart(w, score.unheldCover),
      reason: `no session holds ${unheld.path}, which this task is likely about; its specialty covers it`,
    });
  }
  const profile = profilePart(w, score.profile);
  if (profile >= MIN_PART && score.learned !== undefined) {
    const words = maskedWords(score.learned, score.profileTerms);
    if (words.length > 0) out.push({ kind: 'profile', value: profile, reason: `its past tasks were about ${quoteWords(words)}` });
  }
  const prior = priorPart(w, score.prior);
  if (score.prior >= MIN_PRIOR_SHARE) {
    out.push({ kind: 'prior', value: prior, reason: `did ${Math.round(score.prior * 100)}% of the recently finished tasks` });
  }
  if (out.length === 0) {
    out.push({ kind: 'context', value: 0, reason: 'holds none of the files this task is likely about' });
  }
  if (score.sessionHistory.samples >= 3) {
    // The figure the dashboard's metrics show for the session (one definition, see taskOutcome.ts).
    const h = score.sessionHistory;
    out.push({
      kind: 'success',
      value: successPart(w, score.history.rate),
      reason: `${Math.round(h.rate * 100)}% of its ${h.samples} tasks succeeded`,
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
  let focused = false;
  for (const h of score.heldTargets) {
    if (h.source === 'opened' || h.targetWeight < (h.source === 'learned' ? MIN_LEARNED_WEIGHT : MIN_TARGET_WEIGHT)) continue;
    if (named++ < MAX_FILES_NAMED) words.push(heldTargetWords(h, now, score.learned));
    if (h.source === 'mentioned') mentioned = true;
    else if (h.source !== 'learned') focused = true;
  }
  if (named === 0) return undefined;
  if (named > MAX_FILES_NAMED) words.push(`and ${named - MAX_FILES_NAMED} more of the task's files`);
  const kind = mentioned ? 'mentioned-files' : focused ? 'recent-edits' : 'learned-files';
  return { kind, value: score.files, reason: words.join(', ') };
}

/** "edited a/b.ts 4 min ago", or for a file found as a symbol's definition
 *  "names symbol parseTotals defined in a/b.ts (edited 4 min ago)", or for a file found through
 *  what was learned "'elbow arrow' appears in 12 past changes to element/elbowArrow.ts, which it
 *  edited 5 min ago". */
function heldTargetWords(h: HeldTarget, now: number, learned: LearnedContext | undefined): string {
  const verb = h.kind === 'edit' ? 'edited' : 'read';
  const age = formatAge(now - h.at);
  if (h.symbol !== undefined) return `names symbol ${h.symbol} defined in ${h.path} (${verb} ${age})`;
  if (h.source === 'learned' && h.via !== undefined) {
    const which = `, which it ${verb} ${age}`;
    if (h.via === 'co-change') return `${h.path} usually changes with the task's likely files${which}`;
    const id = h.learnedId;
    const ev = id === undefined || learned === undefined ? undefined : learned.knowledge.evidence(id, learned.terms, learned.clock);
    const open = h.via === 'focus' ? ' (open in the editor)' : '';
    if (ev !== undefined && ev.words.length > 0) {
      const quoted = quoteWords(ev.words);
      if (ev.changes > 0) return `${quoted} appears in ${plural(ev.changes, 'past change')} to ${h.path}${open}${which}`;
      if (ev.inPath) return `${quoted} names ${h.path}${open}${which}`;
    }
    if (open !== '') return `${h.path} is open in the editor${which}`;
  }
  return `${verb} ${h.path} ${age}`;
}

/** The task's words whose bits are set in `mask` (bit i for term i), type terms left out. */
function maskedWords(learned: LearnedContext, mask: number): string[] {
  const out: string[] = [];
  const t = learned.terms;
  for (let i = 0; i < t.terms.length && i < 31; i++) {
    if ((mask & (1 << i)) !== 0 && !(t.terms[i] as string).startsWith('type:')) out.push(t.words[i] as string);
  }
  return out;
}

/** "'elbow arrow'" (the task's own words, at most four). */
function quoteWords(words: readonly string[]): string {
  return `'${words.slice(0, 4).join(' ')}'`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The reasons of components, strongest first, for display ("a; b; c"). */
export function reasonList(components: readonly ScoreComponent[]): string[] {
  return components.map((c) => c.reason);
}

export function joinReasons(reasons: readonly string[]): string {
  return reasons.join('; ');
}
