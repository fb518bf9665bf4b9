// A bounded memo of signError for trackers that re-sign the same diagnostics on every snapshot.
import type { ErrorInput, SignedError } from './signature';
import { signError } from './signature';

export class SignatureCache {
  private readonly memo = new Map<string, SignedError>();

  constructor(private readonly capacity = 5000) {}

  sign(input: ErrorInput): SignedError {
    const key = `${input.languageId ?? ''}\u0000${input.source ?? ''}\u0000${input.code ?? ''}\u0000${input.languageId ? '' : (input.file ?? '')}\u0000${input.message}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const signed = signError(input);
    if (this.memo.size >= this.capacity) this.memo.clear();
    this.memo.set(key, signed);
    return signed;
  }
}
