// What the routing knowledge has learned from, in numbers and in words for status texts.

/** A change to learn from: a commit's message and files, or a finished task's text and the files its agent touched. */
export interface LearnedChange {
  readonly text: string;
  readonly files: readonly string[];
  /** The session whose task this was (its profile learns the words); none for a commit. */
  readonly session?: string;
}

/** How much has been learned, for status texts ("learned from 2,000 commits"). */
export interface KnowledgeStats {
  /** Commits of the git history learned (and still remembered). */
  readonly commits: number;
  /** Finished tasks learned. */
  readonly tasks: number;
  /** Files the knowledge has words for. */
  readonly files: number;
  /** Distinct words (terms) known. */
  readonly words: number;
}

/** "learned from 2,000 commits and 35 finished tasks" (for status texts); "nothing learned yet" before any. */
export function describeLearned(stats: KnowledgeStats): string {
  const n = (x: number, one: string, many: string): string => `${x.toLocaleString('en')} ${x === 1 ? one : many}`;
  const parts: string[] = [];
  if (stats.commits > 0) parts.push(n(stats.commits, 'commit', 'commits'));
  if (stats.tasks > 0) parts.push(n(stats.tasks, 'finished task', 'finished tasks'));
  return parts.length === 0 ? 'nothing learned yet' : `learned from ${parts.join(' and ')}`;
}
