// Workspace symbols for the router. Before a decision, the task's code-like identifiers the cache
// does not know are looked up by the extension host (its workspace symbol providers) and mapped to
// workspace keys; the wait is bounded, and an answer that comes late still fills the cache for the
// next decision. A host that does not answer (or has no handler) means routing without symbols.
import { SymbolCache } from './symbolCache';
import { codeLikeIdentifiers } from './textAnalysis';

/** One identifier's definitions as absolute paths (the host's answer). */
export interface SymbolDefinitions {
  name: string;
  files: string[];
}

/** Bounds of a lookup: names per question, files kept per name, and the longest wait (ms). */
export interface SymbolLookupLimits {
  maxNames: number;
  maxFilesPerName: number;
  roundTripTimeoutMs: number;
}

export const DEFAULT_SYMBOL_LOOKUP_LIMITS: SymbolLookupLimits = { maxNames: 12, maxFilesPerName: 8, roundTripTimeoutMs: 1_200 };

export interface WorkspaceSymbolsDeps {
  /** Asks the host for the definitions of `names` (WorkspaceSymbolsRequest). */
  ask(names: string[]): Promise<unknown>;
  /** The workspace key of an absolute path, or undefined outside the workspace. */
  keyOf(path: string): string | undefined;
  log?(message: string): void;
  cache?: SymbolCache;
  limits?: SymbolLookupLimits;
}

/** JSON-RPC "method not found": the client registered no handler for the request. */
const METHOD_NOT_FOUND = -32601;
/** A question still unanswered after this long is treated as lost, and asked again. */
const PENDING_FORGOTTEN_MS = 10_000;

export class WorkspaceSymbols {
  readonly cache: SymbolCache;
  private readonly limits: SymbolLookupLimits;
  private readonly pending = new Map<string, { asked: Promise<void>; at: number }>();
  private unsupported = false;

  constructor(private readonly deps: WorkspaceSymbolsDeps) {
    this.limits = deps.limits ?? DEFAULT_SYMBOL_LOOKUP_LIMITS;
    this.cache = deps.cache ?? new SymbolCache({ maxFilesPerName: this.limits.maxFilesPerName });
  }

  /** Fills the cache for the identifiers of `text`, waiting at most the timeout. Never rejects. */
  async prepare(text: string): Promise<void> {
    if (this.unsupported) return;
    const names = this.cache.missing(codeLikeIdentifiers(text)).slice(0, this.limits.maxNames);
    if (names.length === 0) return;
    const now = Date.now();
    const waits: Promise<void>[] = [];
    const toAsk: string[] = [];
    for (const name of names) {
      const p = this.pending.get(name);
      if (p && now - p.at < PENDING_FORGOTTEN_MS) waits.push(p.asked);
      else toAsk.push(name);
    }
    if (toAsk.length > 0) {
      const asked = this.ask(toAsk);
      for (const name of toAsk) this.pending.set(name, { asked, at: now });
      void asked.then(() => {
        for (const name of toAsk) if (this.pending.get(name)?.asked === asked) this.pending.delete(name);
      });
      waits.push(asked);
    }
    await within(Promise.all(waits), this.limits.roundTripTimeoutMs);
  }

  /** A workspace file changed: the names it defined may have moved. */
  fileChanged(key: string): void {
    this.cache.fileChanged(key);
  }

  private async ask(names: string[]): Promise<void> {
    try {
      const answer = await this.deps.ask(names);
      for (const d of definitions(answer)) {
        if (!names.includes(d.name)) continue;
        this.cache.set(
          d.name,
          d.files.map((f) => this.deps.keyOf(f)).filter((k): k is string => k !== undefined),
        );
      }
    } catch (e) {
      if (errorCode(e) === METHOD_NOT_FOUND) {
        this.unsupported = true;
        this.deps.log?.('workspace symbols: the host does not answer symbol lookups; routing goes on without them');
      } else {
        this.deps.log?.(`workspace symbols: lookup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

/** The well-formed entries of a host answer; anything else is ignored. */
function definitions(answer: unknown): SymbolDefinitions[] {
  if (!Array.isArray(answer)) return [];
  const out: SymbolDefinitions[] = [];
  for (const item of answer as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, files } = item as { name?: unknown; files?: unknown };
    if (typeof name !== 'string' || !Array.isArray(files)) continue;
    out.push({ name, files: (files as unknown[]).filter((f): f is string => typeof f === 'string') });
  }
  return out;
}

function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
}

/** Resolves when `p` settles or after `ms`, whichever comes first. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([
      p.then(
        () => undefined,
        () => undefined,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
