// Where this window's orchestrator listens for the MCP server, and the token that opens it: a Unix
// socket in the extension's storage folder, in a folder only the user can enter, or a Windows pipe;
// the token is 32 random bytes, made once per window (an orchestrator restart keeps both, so the
// server definitions handed out stay valid). A Unix socket's path has a hard limit (104 bytes on
// macOS, 108 on Linux, the final NUL included); when the storage path is longer, the socket goes
// into a private folder (0700) of the OS's temporary folder instead, removed when the window closes.
// No runtime `vscode` import: tested in plain Node.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The longest socket path used (bytes): fits macOS's 104 with room for the NUL. */
export const MAX_SOCKET_PATH_BYTES = 100;

export interface McpEndpoint {
  socketPath: string;
  token: string;
  /** Why the socket is not in the storage folder, when it is not. */
  note?: string;
  /** Removes what this endpoint created outside the storage folder. */
  dispose(): void;
}

export interface EndpointOptions {
  platform?: NodeJS.Platform;
  tmp?: string;
  random?: (bytes: number) => Buffer;
}

export function windowEndpoint(storageDir: string, options: EndpointOptions = {}): McpEndpoint {
  const random = options.random ?? randomBytes;
  const token = random(32).toString('base64url');
  const id = random(6).toString('hex');
  if ((options.platform ?? process.platform) === 'win32')
    return { socketPath: `\\\\.\\pipe\\agent-affinity-mcp-${id}`, token, dispose: () => undefined };
  const dir = join(storageDir, 'mcp');
  const inStorage = join(dir, `${id}.sock`);
  if (Buffer.byteLength(inStorage) <= MAX_SOCKET_PATH_BYTES) {
    privateFolder(dir);
    return { socketPath: inStorage, token, dispose: () => undefined };
  }
  const temp = mkdtempSync(join(options.tmp ?? tmpdir(), 'aa-mcp-')); // created 0700
  return {
    socketPath: join(temp, 's.sock'),
    token,
    note: `the storage folder's path is too long for a Unix socket (${Buffer.byteLength(inStorage)} bytes; at most ${MAX_SOCKET_PATH_BYTES}), so the socket is in ${temp}, a folder only you can enter`,
    dispose: () => rmSync(temp, { recursive: true, force: true }),
  };
}

/** The folder exists and only its owner may enter it. */
function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
