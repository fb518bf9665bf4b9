// How a task's text reaches an agent process. Short tasks stay on the command line (the argv users
// see today); long ones, and ones holding a NUL (which no argument can carry), go through stdin,
// which every agent CLI but a user's own command line reads. The operating system refuses a single
// argument past 128 KiB on Linux ("spawn E2BIG") and a whole command line past 32 767 characters
// on Windows, hence the limit.

/** Task texts up to this many UTF-8 bytes go on the command line. */
export const ARGV_TASK_LIMIT_BYTES = process.platform === 'win32' ? 8_000 : 100_000;

/** A task the agent cannot be given as it is (too long for its input, or a character it cannot carry):
 *  the task fails with this message before any process starts, and the session stays usable. */
export class InvalidTaskError extends Error {
  override readonly name = 'InvalidTaskError';
}

/** Whether the task must go through stdin rather than the command line. */
export function taskNeedsStdin(text: string, limitBytes: number = ARGV_TASK_LIMIT_BYTES): boolean {
  return text.includes('\u0000') || Buffer.byteLength(text, 'utf8') > limitBytes;
}

/** A byte count in words: `812 bytes`, `100 KB`, `1.2 MB` (decimal units, one decimal at most). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  if (n < 1_000_000) return `${Number((n / 1000).toFixed(1))} KB`;
  return `${Number((n / 1_000_000).toFixed(1))} MB`;
}
