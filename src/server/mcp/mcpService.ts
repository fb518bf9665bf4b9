// The orchestrator's MCP feature: LSP wiring around the core's MCP toolbox. Before the sessions
// start it gives each agent run what reaches the server (the socket, the window's token, the
// session's own token, the server on its command line); once the engines run, it listens on the
// host's socket (while agentAffinity.mcp.enabled is on), answers tool calls from the engines,
// asks the host to confirm hand-offs, and counts every call in the metrics.
import type { BudgetWorkspace } from '../../core/budget/budgetWorkspace';
import type { FixesWorkspace } from '../../core/fixes/fixesWorkspace';
import { AgentLaunches, type AgentLaunch } from '../../core/mcp/agentLaunch';
import { ContextHoldings } from '../../core/mcp/contextHoldings';
import { McpToolbox } from '../../core/mcp/mcpToolbox';
import { SessionTokens } from '../../core/mcp/tokens';
import type { MetricsRecorder } from '../../core/metrics/metricsRecorder';
import type { RoutingWorkspace } from '../../core/routing/routingWorkspace';
import type { SessionManager } from '../../core/sessions/sessionManager';
import type { SessionRecord } from '../../core/sessions/sessionTypes';
import { ConfirmHandOffRequest, MCP_SERVER_NAME, McpEnv, type HandOffQuestion } from '../../protocol/mcp';
import { handOffDecision } from '../../protocol/schemas/mcp';
import { sendRequest } from '../rpc';
import type { ServerContext } from '../serverContext';
import { McpSocketServer } from './mcpSocketServer';

/** How long a hand-off waits for the person's answer before it counts as refused. */
const HAND_OFF_ANSWER_MS = 10 * 60_000;

export interface McpEngines {
  manager: SessionManager;
  fixes: FixesWorkspace;
  budget?: BudgetWorkspace | undefined;
  routing: RoutingWorkspace;
  workspaceFolderOf(sessionId: string): string | undefined;
  metrics: MetricsRecorder;
}

export interface McpService {
  /** What a session's agent run gets (undefined while the MCP server is off or has no endpoint). */
  runMcp(session: SessionRecord): AgentLaunch | undefined;
  /** Starts answering once the engines run. */
  start(engines: McpEngines): Promise<void>;
}

export function prepareMcpService(ctx: ServerContext): McpService {
  const endpoint = ctx.options.mcp;
  if (!endpoint) return { runMcp: () => undefined, start: async () => undefined };
  const tokens = new SessionTokens();
  const launches = new AgentLaunches(
    {
      name: MCP_SERVER_NAME,
      socketPath: endpoint.socketPath,
      windowToken: endpoint.token,
      server: endpoint.server,
      envNames: { socket: McpEnv.socket, token: McpEnv.token, session: McpEnv.session },
    },
    tokens,
  );
  return {
    runMcp: (session) => (ctx.settings().mcp.enabled ? launches.forSession(session) : undefined),
    start: async (engines) => startAnswering(ctx, engines, tokens, endpoint.socketPath, endpoint.token),
  };
}

function startAnswering(ctx: ServerContext, engines: McpEngines, tokens: SessionTokens, socketPath: string, windowToken: string): void {
  const { manager, fixes, budget, routing, metrics } = engines;
  const holdings = new ContextHoldings({ manager, folders: ctx.options.workspaceFolders, workspaceFolderOf: engines.workspaceFolderOf });
  manager.on('sessionDeleted', ({ sessionId }) => tokens.forget(sessionId));
  const toolbox = new McpToolbox(
    {
      fixes,
      ...(budget
        ? {
            budget: {
              // headroom() starts tracking a session not tracked yet, as the dashboard's list does.
              summary: (id: string) => (budget.headroom(id) !== undefined ? budget.tracker.summary(id) : undefined),
              contextPackWithin: (id: string | undefined, task: string, max: number) => budget.contextPackWithin(id, task, max),
            },
          }
        : {}),
      routing,
      sessions: manager,
      holdings,
      handOff: {
        settings: () => ({ enabled: ctx.settings().mcp.handOff, maxDepth: ctx.settings().mcp.handOffMaxDepth }),
        confirm: (q) => confirmHandOff(ctx, q),
      },
      now: Date.now,
    },
    (call) => metrics.toolCall(call),
  );
  const server = new McpSocketServer({ socketPath, windowToken, tokens, toolbox, log: (m) => ctx.log.warn(m) });
  let applying: Promise<void> = Promise.resolve();
  const apply = (): void => {
    const enabled = ctx.settings().mcp.enabled;
    applying = applying.then(async () => {
      if (enabled && !server.listening) {
        await server.listen().then(
          () => ctx.log.info(`mcp: listening on ${socketPath}`),
          (e: unknown) =>
            ctx.problem({
              severity: 'warning',
              message: `The MCP server cannot reach this window's orchestrator: it could not listen on ${socketPath}: ${message(e)}.`,
            }),
        );
      } else if (!enabled && server.listening) {
        await server.close();
        ctx.log.info('mcp: stopped listening (agentAffinity.mcp.enabled is off)');
      }
    });
  };
  apply();
  ctx.onSettingsChanged(apply);
  ctx.onShutdown(async () => {
    await applying;
    await server.close();
  });
}

/** Asks the host; anything but an explicit Allow (an error, no answer in time) is a refusal. */
async function confirmHandOff(ctx: ServerContext, q: HandOffQuestion): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<unknown>((resolve) => {
    timer = setTimeout(() => resolve({ allow: false }), HAND_OFF_ANSWER_MS);
    timer.unref();
  });
  try {
    const raw = await Promise.race([sendRequest(ctx.connection, ConfirmHandOffRequest, q), timeout]);
    return handOffDecision.parse(raw).allow;
  } catch (e) {
    ctx.log.warn(`mcp: the hand-off to ${q.toName} could not be confirmed: ${message(e)}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
