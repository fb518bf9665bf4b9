// Bash/PowerShell/Skill specifiers: legacy `:*` normalisation, matching one simple command, and
// containment between two patterns (is every command one matches also matched by the other?).
import type { CommandPattern } from './types';
import { WILDCARD_SENTINEL, wildcardMatches } from './wildcard';

/** Reads the backslash-escaped parentheses that "don't ask again" writes (`print\('x'\)`). */
export function unescapeSpecifier(spec: string): string {
  return spec.replace(/\\([()])/g, '$1');
}

/** Compiles a specifier. A trailing `:*` is the legacy spelling of ` *` (only at the very end). */
export function compileCommandPattern(spec: string, ignoreCase = false): CommandPattern {
  let normalized = unescapeSpecifier(spec);
  if (normalized.endsWith(':*')) normalized = `${normalized.slice(0, -2)} *`;
  if (ignoreCase) normalized = canonicalPowerShell(normalized);
  const star = normalized.indexOf('*');
  const exact = star < 0;
  const prefixOnly = !exact && star === normalized.length - 1 && normalized.endsWith(' *');
  const literalPrefix = exact ? normalized : normalized.slice(0, star);
  return { normalized, exact, prefixOnly, literalPrefix, ignoreCase, key: computeKey(literalPrefix, exact, ignoreCase) };
}

/** PowerShell aliases Claude Code canonicalises (`gci`, `ls`, `dir` → Get-ChildItem …). */
const POWERSHELL_ALIASES: Readonly<Record<string, string>> = {
  gci: 'Get-ChildItem',
  ls: 'Get-ChildItem',
  dir: 'Get-ChildItem',
  cat: 'Get-Content',
  gc: 'Get-Content',
  type: 'Get-Content',
  rm: 'Remove-Item',
  del: 'Remove-Item',
  erase: 'Remove-Item',
  ri: 'Remove-Item',
  rd: 'Remove-Item',
  rmdir: 'Remove-Item',
  cp: 'Copy-Item',
  copy: 'Copy-Item',
  cpi: 'Copy-Item',
  mv: 'Move-Item',
  move: 'Move-Item',
  mi: 'Move-Item',
  echo: 'Write-Output',
  write: 'Write-Output',
  ps: 'Get-Process',
  gps: 'Get-Process',
  kill: 'Stop-Process',
  spps: 'Stop-Process',
  cd: 'Set-Location',
  sl: 'Set-Location',
  chdir: 'Set-Location',
  pwd: 'Get-Location',
  gl: 'Get-Location',
  select: 'Select-Object',
  where: 'Where-Object',
  '?': 'Where-Object',
  foreach: 'ForEach-Object',
  '%': 'ForEach-Object',
  iwr: 'Invoke-WebRequest',
  curl: 'Invoke-WebRequest',
  wget: 'Invoke-WebRequest',
  irm: 'Invoke-RestMethod',
  sls: 'Select-String',
  ni: 'New-Item',
  sort: 'Sort-Object',
  measure: 'Measure-Object',
  ft: 'Format-Table',
  fl: 'Format-List',
  gcm: 'Get-Command',
  gm: 'Get-Member',
};

/** A PowerShell command (or rule text) with its leading alias replaced by the cmdlet name. */
export function canonicalPowerShell(command: string): string {
  const m = /^(\S+)(?=\s|$)/.exec(command);
  const alias = m ? POWERSHELL_ALIASES[(m[1] ?? '').toLowerCase()] : undefined;
  return alias !== undefined && m ? alias + command.slice(m[0].length) : command;
}

/** Rewrites a trailing legacy `:*` in the raw specifier into ` *`; undefined when there is none. */
export function normalizeLegacySpecifier(spec: string): string | undefined {
  return spec.endsWith(':*') ? `${spec.slice(0, -2)} *` : undefined;
}

/** Word boundary after a `prefix *` rule's prefix: the text ends or a whitespace character follows. */
function prefixMatches(prefix: string, text: string): boolean {
  return text === prefix || (text.startsWith(prefix) && /\s/.test(text[prefix.length] ?? ''));
}

/** Does the pattern match this (already split and stripped) simple command? Linear time (wildcard.ts). */
export function commandMatches(p: CommandPattern, command: string): boolean {
  if (p.exact) return p.ignoreCase ? p.normalized.toLowerCase() === command.toLowerCase() : p.normalized === command;
  if (p.prefixOnly) {
    const prefix = p.normalized.slice(0, -2);
    return p.ignoreCase ? prefixMatches(prefix.toLowerCase(), command.toLowerCase()) : prefixMatches(prefix, command);
  }
  return wildcardMatches(p.normalized, command, p.ignoreCase);
}

/** The plain globs (only `*` as "any text") whose union is the pattern's language. */
function globsOf(p: CommandPattern): string[] {
  if (p.prefixOnly) {
    const prefix = p.normalized.slice(0, -2);
    return [prefix, `${prefix} *`];
  }
  return [p.normalized];
}

/**
 * True when every command `a` matches is also matched by `b` (a ⊆ b). Sound, not complete:
 * each glob of `a` is tested against `b` with its wildcards replaced by a symbol only a `*` of
 * `b` can consume (a classic result for one-wildcard glob languages). Linear time.
 */
export function patternContains(b: CommandPattern, a: CommandPattern): boolean {
  if (a.ignoreCase !== b.ignoreCase) return false;
  if (b.prefixOnly && (a.exact || a.prefixOnly)) {
    // Fast path: plain word-prefix comparison.
    const bp = b.normalized.slice(0, -2);
    const ap = a.exact ? a.normalized : a.normalized.slice(0, -2);
    return b.ignoreCase ? prefixMatches(bp.toLowerCase(), ap.toLowerCase()) : prefixMatches(bp, ap);
  }
  if (b.exact) return a.exact && commandMatches(b, a.normalized);
  return globsOf(a).every((g) => commandMatches(b, g.split('*').join(WILDCARD_SENTINEL)));
}

/** The first word of a pattern's literal text when that word is complete, else undefined (computed once, at compile). */
export function patternKey(p: CommandPattern): string | undefined {
  return p.key;
}

function computeKey(literalPrefix: string, exact: boolean, ignoreCase: boolean): string | undefined {
  const m = /^(\S+)(\s|$)/.exec(literalPrefix);
  if (!m) return undefined;
  if (!exact && m[2] === '') return undefined; // e.g. `ls*`: the first word is not complete
  const key = m[1] ?? '';
  return ignoreCase ? key.toLowerCase() : key;
}

/** The first word of a command, as used for bucket lookup. */
export function commandKey(command: string, ignoreCase: boolean): string {
  const m = /^\S+/.exec(command);
  const key = m ? m[0] : '';
  return ignoreCase ? key.toLowerCase() : key;
}
