// What the language client writes to the log (its LSP trace above all, which with
// `agentAffinity.trace.server: verbose` holds every message's parameters) with secrets masked: the
// initialize options and settings carry agentAffinity.agentEnvironment, API keys included. Masked:
// the value of every agentEnvironment entry (and of any JSON property named like a secret), longer
// values wherever they appear, and strings shaped like well-known API keys. Control characters
// that JSON leaves as they are (C1, bidirectional controls, line separators) are escaped too.
// No runtime `vscode` import: tested in plain Node.
import type { LogOutputChannel } from 'vscode';

export const REDACTED = '‹redacted›';

/** What to mask: the values of the agent environment, and the names whose values are masked anywhere in JSON. */
export interface TraceSecrets {
  readonly values: readonly string[];
  readonly names: readonly string[];
}

/** Values at least this long are masked wherever they appear; shorter ones only as the value of their own name. */
const MIN_FREE_VALUE = 8;

const SECRET_NAME = /(api[-_]?key|token|secret|passw(or)?d|credential|authori[sz]ation|private[-_]?key)/i;

const KEY_SHAPES: readonly [RegExp, string][] = [
  [/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, REDACTED], // Anthropic, OpenAI
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED], // Google API keys
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/g, REDACTED], // GitHub tokens
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, REDACTED], // Slack tokens
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED], // AWS access key ids
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED], // JWTs
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/g, `$1 ${REDACTED}`],
];

/** A JSON property whose value is a string: name and value as written (escapes included). */
const JSON_STRING_PROPERTY = /"((?:[^"\\\n]|\\.)*)"(\s*:\s*)"((?:[^"\\\n]|\\.)*)"/g;

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The names and values of agentAffinity.agentEnvironment (`{ claude: { NAME: value }, … }`), whatever its shape. */
export function environmentSecrets(environment: unknown): TraceSecrets {
  const values: string[] = [];
  const names: string[] = [];
  const visit = (v: unknown, name: string | undefined, depth: number): void => {
    if (typeof v === 'string') {
      if (v !== '') values.push(v);
      if (name !== undefined) names.push(name);
    } else if (typeof v === 'object' && v !== null && depth < 4) {
      for (const [k, x] of Object.entries(v)) visit(x, k, depth + 1);
    }
  };
  visit(environment, undefined, 0);
  return { values: [...new Set(values)], names: [...new Set(names)] };
}

/** Both sets in one. */
export function mergeSecrets(...all: readonly TraceSecrets[]): TraceSecrets {
  return {
    values: [...new Set(all.flatMap((s) => s.values))],
    names: [...new Set(all.flatMap((s) => s.names))],
  };
}

/** The text with every secret masked and the control characters JSON leaves alone escaped. */
export function redactTrace(text: string, secrets: TraceSecrets): string {
  const names = new Set(secrets.names);
  let out = text.replace(JSON_STRING_PROPERTY, (whole, name: string, colon: string) =>
    names.has(name) || SECRET_NAME.test(name) ? `"${name}"${colon}"${REDACTED}"` : whole,
  );
  // Longest first, so a value that contains another is masked whole.
  const values = secrets.values.filter((v) => v.length >= MIN_FREE_VALUE).sort((a, b) => b.length - a.length);
  for (const v of values) {
    out = out.split(v).join(REDACTED);
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) out = out.split(escaped).join(REDACTED);
  }
  for (const [shape, replacement] of KEY_SHAPES) out = out.replace(shape, replacement);
  return out.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A log channel that writes to `inner` with `redact` applied to every message: given to the
 * language client as its output and trace channels. Disposing it leaves `inner` open (the
 * extension owns it).
 */
export function redactingChannel(inner: LogOutputChannel, redact: (text: string) => string): LogOutputChannel {
  const show = inner.show.bind(inner) as (...args: unknown[]) => void;
  // Extra arguments are formatted by VS Code after the message: pass them as masked text too.
  const arg = (a: unknown): unknown => (typeof a === 'string' ? redact(a) : a instanceof Error ? redact(a.message) : redact(safeJson(a)));
  return {
    get name(): string {
      return inner.name;
    },
    get logLevel(): LogOutputChannel['logLevel'] {
      return inner.logLevel;
    },
    onDidChangeLogLevel: inner.onDidChangeLogLevel,
    trace: (message, ...args) => inner.trace(redact(message), ...args.map(arg)),
    debug: (message, ...args) => inner.debug(redact(message), ...args.map(arg)),
    info: (message, ...args) => inner.info(redact(message), ...args.map(arg)),
    warn: (message, ...args) => inner.warn(redact(message), ...args.map(arg)),
    error: (error, ...args) => inner.error(typeof error === 'string' ? redact(error) : new Error(redact(error.message)), ...args.map(arg)),
    append: (value) => inner.append(redact(value)),
    appendLine: (value) => inner.appendLine(redact(value)),
    replace: (value) => inner.replace(redact(value)),
    clear: () => inner.clear(),
    show: (...args: unknown[]) => show(...args),
    hide: () => inner.hide(),
    dispose: () => undefined,
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
