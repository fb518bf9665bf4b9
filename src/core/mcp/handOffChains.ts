// The path a hand-off took: a task handed to a session carries the chain of sessions it came
// through, so a hand-off back to any of them (A → B → A) is refused, and so is one past the depth
// limit. Chains are kept by task id for the tasks handed off; a task sent by the person has none.
/** Tasks whose chain is remembered at most (the oldest are forgotten first). */
const MAX_TASKS = 5000;

export type HandOffCheck = { ok: true; chain: string[] } | { ok: false; reason: string };

export class HandOffChains {
  private readonly byTask = new Map<string, string[]>();

  /** The sessions a task was handed through, first first (empty for a task the person sent). */
  chainOf(taskId: string | undefined): string[] {
    return taskId !== undefined ? [...(this.byTask.get(taskId) ?? [])] : [];
  }

  /**
   * Whether `from` (running `taskId`) may hand a task to `to`: never to itself or to a session the
   * task came through, and only while the new chain is at most `maxDepth` long. The chain the new
   * task carries when it may.
   */
  check(from: string | undefined, taskId: string | undefined, to: string, maxDepth: number, nameOf: (id: string) => string): HandOffCheck {
    const chain = [...this.chainOf(taskId), ...(from !== undefined ? [from] : [])];
    if (from === to) return { ok: false, reason: 'a session cannot hand a task to itself' };
    if (chain.includes(to))
      return {
        ok: false,
        reason: `the task came through "${nameOf(to)}" already (${[...chain, to].map((id) => `"${nameOf(id)}"`).join(' → ')}): a hand-off never goes back`,
      };
    if (chain.length > maxDepth)
      return { ok: false, reason: `hand-offs go at most ${maxDepth} deep, and this task was handed on ${chain.length - 1} times already` };
    return { ok: true, chain };
  }

  /** The task handed off carries `chain`. */
  record(taskId: string, chain: readonly string[]): void {
    this.byTask.set(taskId, [...chain]);
    if (this.byTask.size > MAX_TASKS) this.byTask.delete(this.byTask.keys().next().value as string);
  }
}
