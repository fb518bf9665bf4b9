// Generic command adapter: a user-configured command line where `{task}` stands for the task
// text as ONE argument (never split, never through a shell); its output is shown as text. Its
// contract has no stdin, so a task the command line cannot carry (too long, or holding NUL) is
// refused before anything starts.
import type { AgentAdapter, AgentTaskRequest, CommandSpec } from './agentAdapter';
import type { AgentLineParser } from './agentEvents';
import { ARGV_TASK_LIMIT_BYTES, InvalidTaskError, formatBytes } from './taskInput';
import { PlainTextParser } from './textParser';

/** Splits a command line into words: whitespace separates, single/double quotes group, `\` escapes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line.charAt(++i);
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line.charAt(++i);
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} quote in command line: ${line}`);
  if (inWord) words.push(cur);
  return words;
}

/** The setting that holds the generic agent's command line. */
export const COMMAND_LINE_SETTING = 'agentAffinity.command.commandLine';

export class CommandAdapter implements AgentAdapter {
  readonly kind = 'command' as const;
  readonly displayName = 'Command';
  readonly executableSetting = COMMAND_LINE_SETTING;
  readonly installHint = 'set a command line with {task} where the task text goes';
  readonly expectsInit = false;
  readonly expectsDone = false;
  private readonly words: string[];

  /** `commandLine` as a string (split without a shell) or as words; `limitBytes`: the longest task it passes. */
  constructor(
    commandLine: string | string[],
    private readonly limitBytes: number = ARGV_TASK_LIMIT_BYTES,
  ) {
    this.words = typeof commandLine === 'string' ? splitCommandLine(commandLine) : [...commandLine];
    if (this.words.length === 0) throw new Error(`Empty command line: set ${this.executableSetting}.`);
  }

  commandFor(req: AgentTaskRequest): CommandSpec {
    const how = `The Command agent passes the task as an argument of the command line set in ${COMMAND_LINE_SETTING} and cannot give it through standard input. Shorten the task, or send it to a Claude Code, Codex or Gemini CLI session, which read long tasks from standard input.`;
    if (req.text.includes('\u0000'))
      throw new InvalidTaskError(`The task contains a NUL character, which a command line cannot carry. ${how}`);
    const bytes = Buffer.byteLength(req.text, 'utf8');
    if (bytes > this.limitBytes)
      throw new InvalidTaskError(
        `The task is ${formatBytes(bytes)}, more than the ${formatBytes(this.limitBytes)} a command line can carry. ${how}`,
      );
    const [command, ...rest] = this.words as [string, ...string[]];
    const hasPlaceholder = rest.some((w) => w.includes('{task}'));
    const args = rest.map((w) => w.split('{task}').join(req.text));
    if (!hasPlaceholder) args.push(req.text);
    return { command, args };
  }

  createParser(): AgentLineParser {
    return new PlainTextParser();
  }
}
