// Claude Code's built-in read-only commands, which run without a prompt in every mode
// (PERMISSIONS-REFERENCE 1.4): allow rules for them are probably redundant, not exactly equivalent.
import { normalizedWords } from './riskPolicy';
import { matchForms, splitCommand } from './shellSplit';

const READ_ONLY_PROGRAMS = new Set(['ls', 'cat', 'echo', 'pwd', 'head', 'tail', 'grep', 'find', 'wc', 'which', 'diff', 'stat', 'du', 'cd']);
const READ_ONLY_GIT = new Set(['status', 'log', 'diff', 'show', 'blame', 'rev-parse', 'ls-files']);
const REDIRECT = /[<>]/;
const FIND_WRITES = /\s-(exec|execdir|ok|okdir|delete|fprint\w*|fls)(\s|$)/;
const GIT_WRITES = /\s--output[=\s]/;

/** True when the command's program is in the built-in read-only set (ignoring its arguments). */
export function isBuiltinReadOnlyWords(words: string[]): boolean {
  const [prog, sub] = normalizedWords(words.join(' '));
  if (prog === undefined) return false;
  if (prog === 'git') return sub !== undefined && READ_ONLY_GIT.has(sub);
  return READ_ONLY_PROGRAMS.has(prog);
}

/** True when one simple command (after wrapper stripping) is built-in read-only, without write-capable flags. */
export function isBuiltinReadOnlyPart(part: string): boolean {
  const forms = matchForms(part, 'allow');
  const p = forms[forms.length - 1] ?? part;
  // Discarding output (`2>/dev/null`, `2>&1`) writes nothing; any other redirect may.
  const q = p.replace(/>>?\s*\/dev\/null\b|>&\d/g, '');
  const words = p.split(/\s+/);
  const prog = normalizedWords(words[0] ?? '')[0];
  const writes = REDIRECT.test(q) || (prog === 'find' && FIND_WRITES.test(` ${q}`)) || (prog === 'git' && GIT_WRITES.test(` ${q}`));
  return !writes && p.length <= 10_000 && isBuiltinReadOnlyWords(words);
}

/** True when every simple command of a command line is a built-in read-only command without write-capable flags. */
export function isBuiltinReadOnlyCommand(command: string): boolean {
  const split = splitCommand(command);
  if (split.unparseable || split.parts.length === 0) return false;
  return split.parts.every(isBuiltinReadOnlyPart);
}
