// Short stable hashes for signature keys and fix ids (sha1, hex, truncated: collisions are not a security matter here).
import { createHash } from 'node:crypto';

/** A 16-hex-digit digest of the given parts, joined with NUL so part boundaries matter. */
export function shortHash(...parts: readonly string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
