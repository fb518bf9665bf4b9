// The orchestrator's end of the MCP socket: a Unix socket (user-only) or a Windows pipe that answers
// only a client whose first line carries the window's token (compared in constant time), then
// takes tool calls, one JSON object per line, each checked against its schema before a handler
// runs. Bounded: lines, connections, calls in flight per connection, and the time to say hello.
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { McpToolbox, ToolInputs, ToolName } from '../../core/mcp/mcpToolbox';
import { JsonLineReader, jsonLine } from '../../core/mcp/lineFraming';
import { sameToken, type SessionTokens } from '../../core/mcp/tokens';
import { MCP_MAX_LINE_BYTES, type McpCall, type McpServerMessage, type McpToolArgs } from '../../protocol/mcp';
import { mcpClientMessage, mcpToolArgs } from '../../protocol/schemas/mcp';
import { describeIssues } from '../rpc';

/** The protocol's arguments are the core's inputs (checked at compile time). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsMatchInputs: { [K in ToolName]: Same<McpToolArgs[K], ToolInputs[K]> } = {
  known_fixes: true,
  record_fix: true,
  context_budget: true,
  who_holds: true,
  context_pack: true,
  route: true,
  hand_off: true,
};
void argsMatchInputs;

const MAX_CONNECTIONS = 64;
const MAX_IN_FLIGHT = 8;
const HELLO_TIMEOUT_MS = 5000;

export interface McpSocketServerDeps {
  socketPath: string;
  windowToken: string;
  tokens: SessionTokens;
  toolbox: McpToolbox;
  log(message: string): void;
}

export class McpSocketServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly deps: McpSocketServerDeps) {}

  get listening(): boolean {
    return this.server?.listening === true;
  }

  /** Listens (a stale socket file left by a killed orchestrator is removed first); rejects with why not. */
  async listen(): Promise<void> {
    if (this.server) return;
    const path = this.deps.socketPath;
    const pipe = process.platform === 'win32' || path.startsWith('\\\\');
    if (!pipe) await prepareSocketPath(path);
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (e) => this.deps.log(`mcp: the socket failed: ${e.message}`));
    if (!pipe) await chmod(path, 0o600);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (process.platform !== 'win32' && !this.deps.socketPath.startsWith('\\\\')) await unlink(this.deps.socketPath).catch(() => undefined);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new JsonLineReader(MCP_MAX_LINE_BYTES);
    const send = (m: McpServerMessage): void => {
      if (!socket.destroyed) socket.write(jsonLine(m));
    };
    const state = { open: false, closed: false, sessionId: undefined as string | undefined, inFlight: 0 };
    const refuse = (reason: string): void => {
      send({ type: 'refused', reason });
      socket.end();
      state.open = false;
      state.closed = true;
    };
    const helloTimer = setTimeout(() => refuse('no hello in time'), HELLO_TIMEOUT_MS);
    helloTimer.unref();
    socket.on('close', () => clearTimeout(helloTimer));
    socket.on('data', (chunk: Buffer) => {
      for (const ev of reader.feed(chunk)) {
        if (state.closed) return;
        if (ev.kind === 'bad') return refuse(ev.reason);
        const parsed = mcpClientMessage.safeParse(ev.value);
        if (!parsed.success) return refuse(`a message is malformed: ${describeIssues(parsed.error)}`);
        const m = parsed.data;
        if (!state.open) {
          if (m.type !== 'hello') return refuse('the first message must be a hello with the window token');
          clearTimeout(helloTimer);
          if (!sameToken(m.token, this.deps.windowToken)) {
            this.deps.log(`mcp: a client${m.client ? ` (${m.client})` : ''} was refused: wrong token`);
            return refuse('wrong token: this is not the token of this VS Code window');
          }
          state.open = true;
          state.sessionId = m.sessionToken !== undefined ? this.deps.tokens.sessionOf(m.sessionToken) : undefined;
          const caller = this.deps.toolbox.caller(state.sessionId);
          send({
            type: 'welcome',
            ...(caller.sessionId !== undefined ? { session: { id: caller.sessionId, name: caller.sessionName ?? caller.sessionId } } : {}),
          });
          continue;
        }
        if (m.type !== 'call') return refuse('hello twice');
        if (state.inFlight >= MAX_IN_FLIGHT) {
          send({
            type: 'answer',
            id: m.id,
            text: `Busy: ${MAX_IN_FLIGHT} calls of this client are running; call again when one ends.`,
            isError: true,
          });
          continue;
        }
        state.inFlight++;
        void this.answer(m, state.sessionId)
          .then(send)
          .finally(() => state.inFlight--);
      }
    });
  }

  private async answer(m: McpCall, sessionId: string | undefined): Promise<McpServerMessage> {
    const args = mcpToolArgs[m.tool].safeParse(m.args ?? {});
    if (!args.success)
      return { type: 'answer', id: m.id, text: `${m.tool}: invalid arguments: ${describeIssues(args.error)}`, isError: true };
    const toolbox = this.deps.toolbox;
    const result = await toolbox.call(m.tool, toolbox.caller(sessionId), args.data as ToolInputs[typeof m.tool]);
    return { type: 'answer', id: m.id, text: result.text, ...(result.isError ? { isError: true } : {}) };
  }
}

/**
 * The socket's folder private to the user, and no file in the socket's place: a socket left by a
 * killed orchestrator (nothing answers on it) is removed; anything else there is refused, never
 * removed, and so is a live socket (another orchestrator uses it).
 */
async function prepareSocketPath(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await lstat(path).catch(() => undefined);
  if (!existing) return;
  if (!existing.isSocket()) throw new Error(`${path} exists and is not a socket; it was left as it is`);
  if (await answers(path)) throw new Error(`another process listens on ${path}`);
  await unlink(path);
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
