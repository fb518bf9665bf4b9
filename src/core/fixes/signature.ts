// Error signatures: the stable identity of an error across files, names and sessions. The key
// hashes the language, the diagnostic source and code, and the normalized message.
import { shortHash } from './hash';
import { normalizeMessage } from './messageNormalizer';

/** Bumped when normalization changes, so stored signatures can be recomputed on load. */
export const SIGNATURE_VERSION = 1;

/** What is known about one error occurrence. */
export interface ErrorInput {
  readonly message: string;
  /** Diagnostic source (`ts`, `eslint`, `Pylance`, `rustc`…), as the tool reports it. */
  readonly source?: string | undefined;
  /** Diagnostic code (`2322`, `TS2322`, `no-unused-vars`, `E0308`…). */
  readonly code?: string | number | undefined;
  /** A VS Code language id (`typescriptreact`…) or a language name. */
  readonly languageId?: string | undefined;
  /** The file the error is in; its extension gives the language when no language id is known. */
  readonly file?: string | undefined;
}

/** The identity of an error, independent of where it occurred and which names it mentions. */
export interface ErrorSignature {
  /** Hash of version, language, source, code and normalized message: equal keys mean the same error. */
  readonly key: string;
  readonly language: string;
  readonly source: string;
  readonly code: string;
  readonly normalized: string;
}

/** A signature together with the names the normalization took out of this occurrence's message. */
export interface SignedError {
  readonly signature: ErrorSignature;
  readonly identifiers: readonly string[];
}

const LANGUAGE_BY_ID: Readonly<Record<string, string>> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  python: 'python',
  py: 'python',
  pyi: 'python',
  rust: 'rust',
  rs: 'rust',
  go: 'go',
};

const LANGUAGE_BY_SOURCE: Readonly<Record<string, string>> = {
  ts: 'typescript',
  rustc: 'rust',
  'rust-analyzer': 'rust',
  clippy: 'rust',
  mypy: 'python',
  pyright: 'python',
  pytest: 'python',
  python: 'python',
  go: 'go',
  vet: 'go',
};

const SOURCE_ALIASES: Readonly<Record<string, string>> = {
  typescript: 'ts',
  tsc: 'ts',
  'ts-plugin': 'ts',
  pylance: 'pyright',
  basedpyright: 'pyright',
  gopls: 'go',
  compiler: 'go',
  'go build': 'go',
  'go vet': 'vet',
  cargo: 'rustc',
};

/** The canonical language name: language families merged (tsx → typescript), unknown → 'unknown'. */
export function canonicalLanguage(languageId: string | undefined, file?: string, source?: string): string {
  const id = languageId?.trim().toLowerCase();
  if (id) return LANGUAGE_BY_ID[id] ?? id;
  const ext = file ? /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() : undefined;
  if (ext && LANGUAGE_BY_ID[ext]) return LANGUAGE_BY_ID[ext] ?? 'unknown';
  const src = canonicalSource(source);
  return LANGUAGE_BY_SOURCE[src] ?? 'unknown';
}

/** The canonical diagnostic source: lower case, aliases of one tool merged (Pylance → pyright). */
export function canonicalSource(source: string | undefined): string {
  const s = (source ?? '').trim().toLowerCase();
  return SOURCE_ALIASES[s] ?? s;
}

/** The canonical code: `TS2322` → `2322` for TypeScript, E-codes upper case, others trimmed. */
export function canonicalCode(code: string | number | undefined, source: string): string {
  if (code === undefined) return '';
  const c = String(code).trim();
  const ts = /^TS(\d+)$/i.exec(c);
  if (ts && (source === 'ts' || source === '')) return ts[1] ?? c;
  if (/^e\d{4}$/i.test(c)) return c.toUpperCase();
  return c;
}

/** Computes the signature of one error and the names to substitute when adapting a fix. */
export function signError(input: ErrorInput): SignedError {
  let source = canonicalSource(input.source);
  const rawCode = input.code === undefined ? '' : String(input.code).trim();
  if (source === '' && /^TS\d+$/i.test(rawCode)) source = 'ts';
  const code = canonicalCode(input.code, source);
  const language = canonicalLanguage(input.languageId, input.file, source);
  const { normalized, identifiers } = normalizeMessage(input.message, language);
  const key = shortHash(String(SIGNATURE_VERSION), language, source, code, normalized);
  return { signature: { key, language, source, code, normalized }, identifiers };
}

/** The signature alone. */
export function errorSignature(input: ErrorInput): ErrorSignature {
  return signError(input).signature;
}
