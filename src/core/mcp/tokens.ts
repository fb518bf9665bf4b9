// The MCP server's secrets: random tokens (the window's, made by the host, and one per session,
// made here) and their comparison in constant time. A session token is handed only to that
// session's agent process, in its environment, so a call that carries it comes from that session.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether two tokens are equal, in time independent of where they differ (their lengths included:
 *  both are hashed first). */
export function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** One token per session for this orchestrator's life: an agent it starts gets its session's. */
export class SessionTokens {
  private readonly bySession = new Map<string, string>();
  /** By the token's SHA-256 (hex): a lookup never compares the secret itself. */
  private readonly byDigest = new Map<string, string>();

  /** The session's token (made on first use). */
  tokenFor(sessionId: string): string {
    let token = this.bySession.get(sessionId);
    if (token === undefined) {
      token = randomToken();
      this.bySession.set(sessionId, token);
      this.byDigest.set(digest(token).toString('hex'), sessionId);
    }
    return token;
  }

  /** The session a token belongs to, if any. */
  sessionOf(token: string): string | undefined {
    const sessionId = this.byDigest.get(digest(token).toString('hex'));
    if (sessionId === undefined) return undefined;
    const known = this.bySession.get(sessionId);
    return known !== undefined && sameToken(known, token) ? sessionId : undefined;
  }

  /** The session was deleted: its token opens nothing any more. */
  forget(sessionId: string): void {
    const token = this.bySession.get(sessionId);
    if (token === undefined) return;
    this.bySession.delete(sessionId);
    this.byDigest.delete(digest(token).toString('hex'));
  }
}
