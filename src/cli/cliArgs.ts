// One argument parser for every `agent-affinity` subcommand: node:util's parseArgs in strict mode
// (`--flag value` and `--flag=value`, `--` ends the options so a file may start with a dash), with
// `--help`/`-h` on every command and its errors in one short sentence.
import { parseArgs } from 'node:util';

/** A command's options, as node:util's parseArgs takes them. */
export type CliOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

type Values<O extends CliOptions> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? O[K] extends { multiple: true }
      ? boolean[]
      : boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

export type CliParse<O extends CliOptions> =
  { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'ok'; values: Values<O>; positionals: string[] };

/** Parses `argv` against `options`; positionals are allowed only when `positionals` is true. */
export function parseCli<O extends CliOptions>(argv: readonly string[], options: O, positionals = false): CliParse<O> {
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    });
    const raw = parsed.values as Record<string, unknown>;
    if (raw.help === true) return { kind: 'help' };
    // An empty value (`--trace=` or `--trace ""`) is as good as none.
    for (const [key, option] of Object.entries(options)) {
      const v = raw[key];
      if (option.type === 'string' && (v === '' || (Array.isArray(v) && v.includes(''))))
        return { kind: 'error', message: `--${key} needs a value` };
    }
    return { kind: 'ok', values: raw as Values<O>, positionals: parsed.positionals };
  } catch (e) {
    return { kind: 'error', message: shortMessage(e) };
  }
}

/** parseArgs's errors in the CLI's own words: which argument, and what is wrong with it. */
function shortMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  const named = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named !== undefined) return `unknown option "${named}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named !== undefined)
    return /argument missing/.test(message) ? `${named} needs a value` : `${named} takes no value`;
  const positional = /Unexpected argument '([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined) return `unexpected argument "${positional}"`;
  return message;
}
