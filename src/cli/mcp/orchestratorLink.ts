// The MCP server's line to the window's orchestrator: a socket (or pipe) opened on the first call
// with the tokens from the environment, kept while it lasts and opened again when it went away (an
// orchestrator restart). It never throws: a call that cannot be answered gets a text saying why and
// what to do, so every tool result says when there is no orchestrator.
import { createConnection, type Socket } from 'node:net';
import { JsonLineReader, jsonLine } from '../../core/mcp/lineFraming';
import { MCP_MAX_LINE_BYTES, type McpAnswer, type McpToolName } from '../../protocol/mcp';
import { mcpServerMessage } from '../../protocol/schemas/mcp';

export interface LinkOptions {
  /** AGENT_AFFINITY_MCP_SOCKET; absent when the server was started without it. */
  socketPath?: string | undefined;
  token?: string | undefined;
  sessionToken?: string | undefined;
  /** The MCP client's name, for the orchestrator's logs. */
  client?: string;
  connectTimeoutMs?: number;
  /** How long a call may take before it is given up (a hand-off waits for the person). */
  callTimeoutMs?(tool: McpToolName): number;
}

export interface LinkAnswer {
  text: string;
  isError?: boolean;
}

interface Open {
  socket: Socket;
  session?: { id: string; name: string };
}

const START_HINT =
  'Open this workspace in VS Code with the Agent Affinity extension, trust the workspace, and check that the setting agentAffinity.mcp.enabled is on; then call again.';

export class OrchestratorLink {
  private open: Promise<Open> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (a: LinkAnswer) => void>();

  constructor(private readonly options: LinkOptions) {}

  /** The session the orchestrator knows this server's agent as (after a call). */
  session: { id: string; name: string } | undefined;

  async call(tool: McpToolName, args: unknown): Promise<LinkAnswer> {
    const { socketPath, token } = this.options;
    if (!socketPath || !token)
      return {
        isError: true,
        text: `Agent Affinity's orchestrator cannot be reached: this MCP server was started without ${!socketPath ? 'AGENT_AFFINITY_MCP_SOCKET' : 'AGENT_AFFINITY_MCP_TOKEN'} in its environment. Start it from Agent Affinity (its sessions and VS Code's agent mode do), or take the configuration from the command "Agent Affinity: Copy MCP Configuration".`,
      };
    let open: Open;
    try {
      open = await this.connect(socketPath, token);
    } catch (e) {
      this.open = undefined;
      return { isError: true, text: e instanceof Error ? e.message : String(e) };
    }
    const id = this.nextId++;
    const timeoutMs = this.options.callTimeoutMs?.(tool) ?? 60_000;
    return new Promise<LinkAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ isError: true, text: `Agent Affinity's orchestrator did not answer ${tool} within ${Math.round(timeoutMs / 1000)} s.` });
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      open.socket.write(jsonLine({ type: 'call', id, tool, args }));
    });
  }

  close(): void {
    const open = this.open;
    this.open = undefined;
    void open?.then((o) => o.socket.destroy()).catch(() => undefined);
  }

  private connect(socketPath: string, token: string): Promise<Open> {
    this.open ??= new Promise<Open>((resolve, reject) => {
      const socket = createConnection(socketPath);
      const reader = new JsonLineReader(MCP_MAX_LINE_BYTES);
      let welcomed = false;
      const fail = (why: string): void => {
        socket.destroy();
        reject(new Error(why));
      };
      const timer = setTimeout(
        () => fail(`Agent Affinity's orchestrator did not answer on ${socketPath} in time. ${START_HINT}`),
        this.options.connectTimeoutMs ?? 5000,
      );
      timer.unref();
      socket.on('connect', () => {
        socket.write(
          jsonLine({
            type: 'hello',
            token,
            ...(this.options.sessionToken ? { sessionToken: this.options.sessionToken } : {}),
            ...(this.options.client ? { client: this.options.client.slice(0, 200) } : {}),
          }),
        );
      });
      socket.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (!welcomed)
          fail(
            e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
              ? `Agent Affinity's orchestrator is not running for this window (nothing listens on ${socketPath}). ${START_HINT}`
              : `Agent Affinity's orchestrator cannot be reached on ${socketPath}: ${e.message}. ${START_HINT}`,
          );
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (!welcomed) fail(`Agent Affinity's orchestrator closed the connection before answering. ${START_HINT}`);
        this.dropped(socket);
      });
      socket.on('data', (chunk: Buffer) => {
        for (const ev of reader.feed(chunk)) {
          const parsed = ev.kind === 'line' ? mcpServerMessage.safeParse(ev.value) : undefined;
          if (!parsed?.success) {
            socket.destroy();
            return;
          }
          const m = parsed.data;
          if (m.type === 'refused') {
            clearTimeout(timer);
            fail(`Agent Affinity's orchestrator refused this server: ${m.reason}.`);
            return;
          }
          if (m.type === 'welcome') {
            clearTimeout(timer);
            welcomed = true;
            this.session = m.session;
            resolve({ socket, ...(m.session ? { session: m.session } : {}) });
            continue;
          }
          this.answered(m);
        }
      });
    });
    return this.open;
  }

  private answered(m: McpAnswer): void {
    const done = this.pending.get(m.id);
    this.pending.delete(m.id);
    done?.({ text: m.text, ...(m.isError ? { isError: true } : {}) });
  }

  /** The connection went away: calls waiting on it are told, the next call opens a new one. */
  private dropped(socket: Socket): void {
    void this.open?.then(
      (o) => {
        if (o.socket === socket) this.open = undefined;
      },
      () => undefined,
    );
    for (const [id, done] of this.pending) {
      done({ isError: true, text: `Agent Affinity's orchestrator went away during the call (it may be restarting); call again.` });
      this.pending.delete(id);
    }
  }
}
