// For the MCP tests that run real processes: `agent-affinity mcp` from source (through tsx, so it
// starts from any folder an agent runs in), an orchestrator started as VS Code starts it with an MCP
// endpoint, and the official SDK's client talking to the server over stdio.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { randomToken } from '../../../src/core/mcp/tokens';
import { McpEnv, type McpInitOptions } from '../../../src/protocol/mcp';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { DEFAULT_SETTINGS, type OrchestratorSettings } from '../../../src/protocol/settings';
import { startOrchestratorProcess, type OrchestratorUnderTest } from '../orchestratorProcess';

export const REPO = resolve(__dirname, '..', '..', '..');
/** tsx's loader by absolute URL: `--import tsx` would be resolved from the agent's folder. */
export const TSX_LOADER = pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** `agent-affinity mcp`, from source. */
export const SERVER_COMMAND: McpInitOptions['server'] = {
  command: process.execPath,
  args: ['--import', TSX_LOADER, join(REPO, 'src', 'cli', 'main.ts'), 'mcp'],
  env: {},
};

export interface McpOrchestrator {
  o: OrchestratorUnderTest;
  root: string;
  storage: string;
  workspace: string;
  endpoint: McpInitOptions;
  /** What the host answers to hand-off questions, and the questions asked. */
  handOffAnswer: { allow: boolean };
  handOffQuestions: unknown[];
  close(): Promise<void>;
}

/** An orchestrator for a trusted workspace in a fresh temporary folder, with an MCP endpoint. */
export async function startMcpOrchestrator(
  started: OrchestratorUnderTest[],
  settings: Partial<OrchestratorSettings> = {},
): Promise<McpOrchestrator> {
  const root = mkdtempSync(join(tmpdir(), 'aa-mcp-'));
  const storage = join(root, 'storage');
  const workspace = join(root, 'ws');
  const endpoint: McpInitOptions = { socketPath: join(root, 'sock', 's.sock'), token: randomToken(), server: SERVER_COMMAND };
  const o = startOrchestratorProcess();
  started.push(o);
  const handOffAnswer = { allow: true };
  const handOffQuestions: unknown[] = [];
  o.connection.onRequest('affinity/mcp/confirmHandOff', (q: unknown) => {
    handOffQuestions.push(q);
    return { allow: handOffAnswer.allow };
  });
  o.connection.onRequest('affinity/routing/workspaceSymbols', () => []);
  o.connection.onNotification(() => undefined);
  mkdirSync(workspace, { recursive: true });
  mkdirSync(storage, { recursive: true });
  await o.initialize({
    extensionVersion: 'test',
    globalStorageDir: storage,
    workspaceStorageDir: storage,
    trusted: true,
    workspaceFolders: [workspace],
    settings: { ...DEFAULT_SETTINGS, ...settings },
    mcp: endpoint,
  });
  await o.request(HealthRequest, undefined);
  return {
    o,
    root,
    storage,
    workspace,
    endpoint,
    handOffAnswer,
    handOffQuestions,
    close: async () => {
      await o.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The variables a client passes to the server: the endpoint's, or what the test says. */
export function serverEnv(
  endpoint: Pick<McpInitOptions, 'socketPath' | 'token'> | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...(endpoint ? { [McpEnv.socket]: endpoint.socketPath, [McpEnv.token]: endpoint.token } : {}),
    ...extra,
  };
}

/** The SDK's client connected to `agent-affinity mcp` over stdio. */
export async function mcpClient(env: Record<string, string>, name = 'test'): Promise<Client> {
  const transport = new StdioClientTransport({
    command: SERVER_COMMAND.command,
    args: SERVER_COMMAND.args,
    env,
    cwd: REPO,
    stderr: 'pipe',
  });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A tool result's text. */
export function resultText(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content
    .filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('\n');
}

export function isError(result: unknown): boolean {
  return (result as { isError?: boolean }).isError === true;
}
