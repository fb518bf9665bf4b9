// Which workspace symbols define a task's identifier: exact, case-sensitive name matches (also
// "Container.name", "Type::name" and "name(args)" forms some providers report), the files of the
// more definition-like kinds first, capped. Pure (no `vscode`), so it is unit-tested in Node.

/** A workspace symbol as the host read it; `file` is undefined outside the workspace folders. */
export interface FoundSymbol {
  readonly name: string;
  /** vscode.SymbolKind (0-based), when known. */
  readonly kind?: number;
  readonly file: string | undefined;
}

/** SymbolKind values that are definitions one would name in a task: module, namespace, class,
 *  method, constructor, enum, interface, function, constant, struct. */
const PRIMARY_KINDS = new Set([1, 2, 4, 5, 8, 9, 10, 11, 13, 22]);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** True when a provider's symbol name is `identifier` itself or a qualified form of it. */
export function symbolNameMatches(symbolName: string, identifier: string): boolean {
  const bare = symbolName.trim().replace(/\s*\(.*\)$/, '');
  if (bare === identifier) return true;
  return ['.', '::', '#'].some((sep) => bare.endsWith(sep + identifier));
}

/** The distinct files defining `identifier`, definition-like kinds first, at most `max`. */
export function definingFiles(identifier: string, symbols: readonly FoundSymbol[], max: number): string[] {
  const matched = symbols.filter(
    (s) => s.file !== undefined && !/[\\/]node_modules[\\/]/.test(s.file) && symbolNameMatches(s.name, identifier),
  );
  const rank = (s: FoundSymbol): number => (s.kind !== undefined && PRIMARY_KINDS.has(s.kind) ? 0 : 1);
  const ordered = matched.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i);
  const out: string[] = [];
  for (const { s } of ordered) {
    if (s.file !== undefined && !out.includes(s.file)) out.push(s.file);
    if (out.length >= max) break;
  }
  return out;
}

/** The identifiers of a request worth asking about: well-formed, distinct, at most `max`. */
export function requestedNames(params: unknown, max: number): string[] {
  const names = typeof params === 'object' && params !== null ? (params as { names?: unknown }).names : undefined;
  if (!Array.isArray(names)) return [];
  const out: string[] = [];
  for (const n of names as unknown[]) {
    if (typeof n === 'string' && n.length <= 200 && IDENTIFIER.test(n) && !out.includes(n)) out.push(n);
    if (out.length >= max) break;
  }
  return out;
}
