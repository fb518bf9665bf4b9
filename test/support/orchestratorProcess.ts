// Starts the orchestrator (from source, through tsx) as a child process over Node IPC, exactly as
// vscode-languageclient does, and gives a JSON-RPC connection to it. Used by the integration tests
// (never by test/unit, see test/unit/repository/testLayers.test.ts) and the idle-memory benchmark.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { RequestType } from '../../src/protocol/rpc';

export interface OrchestratorUnderTest {
  child: ChildProcess;
  connection: MessageConnection;
  request<P, R>(type: RequestType<P, R>, params: P): Promise<R>;
  initialize(initializationOptions?: unknown): Promise<unknown>;
  /** shutdown + exit; resolves with the exit code. */
  close(): Promise<number | null>;
}

const repoRoot = join(__dirname, '..', '..');

export function startOrchestratorProcess(entry: 'source' | 'dist' = 'source'): OrchestratorUnderTest {
  const child =
    entry === 'source'
      ? fork(join(repoRoot, 'src', 'server', 'main.ts'), ['--node-ipc'], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        })
      : fork(join(repoRoot, 'dist', 'server.js'), ['--node-ipc'], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  const exited = once(child, 'exit');
  return {
    child,
    connection,
    request: <P, R>(type: RequestType<P, R>, params: P): Promise<R> => connection.sendRequest(type.method, params) as Promise<R>,
    initialize: (initializationOptions?: unknown) =>
      connection
        .sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions })
        .then(async (r) => {
          await connection.sendNotification('initialized', {});
          return r;
        }),
    close: async () => {
      if (child.exitCode === null) {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
      }
      const [code] = (await exited) as [number | null];
      connection.dispose();
      return code;
    },
  };
}

/** Ends orchestrators a failed test left running: shutdown + exit, then SIGKILL after `graceMs`. */
export async function closeLeftRunning(started: readonly OrchestratorUnderTest[], graceMs = 5_000): Promise<void> {
  await Promise.all(
    started
      .filter((o) => o.child.exitCode === null && o.child.signalCode === null)
      .map(async (o) => {
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([
          o.close().then(
            () => undefined,
            () => undefined,
          ),
          gaveUp,
        ]);
        clearTimeout(timer);
        if (o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
      }),
  );
}
