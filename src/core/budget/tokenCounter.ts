// Token estimates with tiktoken (WASM): the encoder loads lazily on first use (≈0.4 s, so never at
// startup), counts are cached by content hash. These are ESTIMATES for Claude/Gemini models (no public
// tokenizer exists for Claude 3+); `modelTokenFactor` gives the calibration the protocol notes suggest.

import { createHash } from 'node:crypto';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** A synchronous counter once loaded. */
export interface TokenEncoder {
  count(text: string): number;
  dispose(): void;
}

/** Loads tiktoken's WASM encoder (dynamic import: the module and its ranks load only when first needed). */
export async function loadTiktokenEncoder(encoding: EncodingName = 'o200k_base'): Promise<TokenEncoder> {
  const { get_encoding } = await import('tiktoken');
  const enc = get_encoding(encoding);
  return {
    // encode_ordinary: special-token text in a file is ordinary text, never an error.
    count: (text: string): number => (text.length === 0 ? 0 : enc.encode_ordinary(text).length),
    dispose: (): void => enc.free(),
  };
}

export interface TokenCounterOptions {
  encoding?: EncodingName;
  /** Replaces the tiktoken loader (tests). */
  loader?: () => Promise<TokenEncoder>;
  /** Cached distinct contents (LRU); default 20 000. */
  maxEntries?: number;
}

/** The content-hash key of a text. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Cached, lazily loaded token counting. */
export class TokenCounter {
  readonly encoding: EncodingName;
  private encoder: TokenEncoder | null = null;
  private loading: Promise<TokenEncoder> | null = null;
  private readonly loader: () => Promise<TokenEncoder>;
  private readonly cache = new Map<string, number>();
  private readonly maxEntries: number;
  private hits = 0;
  private misses = 0;

  constructor(options: TokenCounterOptions = {}) {
    this.encoding = options.encoding ?? 'o200k_base';
    this.loader = options.loader ?? ((): Promise<TokenEncoder> => loadTiktokenEncoder(this.encoding));
    this.maxEntries = options.maxEntries ?? 20_000;
  }

  /** Loads the encoder once; concurrent callers share the load. */
  async ready(): Promise<void> {
    if (this.encoder != null) return;
    this.loading ??= this.loader();
    this.encoder = await this.loading;
  }

  isLoaded(): boolean {
    return this.encoder != null;
  }

  /** Counts `text`, loading the encoder if needed. */
  async count(text: string): Promise<number> {
    await this.ready();
    return this.countLoaded(text);
  }

  /** Counts synchronously; the encoder must be loaded (`await ready()`). */
  countLoaded(text: string): number {
    if (this.encoder == null) throw new Error('TokenCounter: encoder not loaded; await ready() first');
    if (text.length === 0) return 0;
    const key = contentHash(text);
    const cached = this.cache.get(key);
    if (cached != null) {
      this.hits++;
      // Refresh LRU position.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    this.misses++;
    const n = this.encoder.count(text);
    this.cache.set(key, n);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest != null) this.cache.delete(oldest);
    }
    return n;
  }

  stats(): { hits: number; misses: number; entries: number } {
    return { hits: this.hits, misses: this.misses, entries: this.cache.size };
  }

  dispose(): void {
    this.encoder?.dispose();
    this.encoder = null;
    this.loading = null;
    this.cache.clear();
  }
}

/**
 * Multiplier from an o200k count to the model's own tokens (third-party calibrations quoted in
 * AGENT-PROTOCOLS.md §6: ≈1.2 for Claude up to 4.6, ≈1.55 for Opus 4.7+/Claude 5; 1 for OpenAI;
 * 1 for Gemini, unmeasured). Still an estimate.
 */
export function modelTokenFactor(model: string | null | undefined, encoding: EncodingName = 'o200k_base'): number {
  const m = (model ?? '').toLowerCase();
  let factor = 1;
  if (/opus-4-([7-9]|\d\d)|claude-[5-9]|opus-[5-9]|sonnet-[5-9]/.test(m)) factor = 1.55;
  else if (m.includes('claude')) factor = 1.2;
  // cl100k yields more tokens than o200k for the same text; treat it as already ≈ one step up.
  return encoding === 'cl100k_base' && factor > 1 ? factor / 1.1 : factor;
}
