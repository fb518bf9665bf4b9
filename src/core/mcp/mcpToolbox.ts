// The MCP tools' handlers behind one call: the caller (a session, told by its token, with the task
// it runs), the tool and its checked arguments in; a small text answer out. A handler that throws
// is answered with the reason, never passed on; every call is timed and reported (the dashboard's
// metrics count each tool's calls per session).
import { contextBudget, contextPack } from './budgetTools';
import { knownFixes, recordFix } from './fixTools';
import { HandOffChains } from './handOffChains';
import { handOff, route, whoHolds } from './sessionTools';
import { refusal, type ToolAnswer } from './toolAnswer';
import type {
  Caller,
  ContextPackInput,
  HandOffInput,
  KnownFixesInput,
  RecordFixInput,
  RouteInput,
  ToolPorts,
  WhoHoldsInput,
} from './toolPorts';

/** Each tool's input. */
export interface ToolInputs {
  known_fixes: KnownFixesInput;
  record_fix: RecordFixInput;
  context_budget: Record<string, never>;
  who_holds: WhoHoldsInput;
  context_pack: ContextPackInput;
  route: RouteInput;
  hand_off: HandOffInput;
}

export type ToolName = keyof ToolInputs;

export interface ToolCallRecord {
  sessionId?: string;
  tool: ToolName;
  latencyMs: number;
  isError: boolean;
}

export class McpToolbox {
  private readonly chains = new HandOffChains();

  constructor(
    private readonly ports: ToolPorts,
    private readonly onCall: (record: ToolCallRecord) => void = () => undefined,
  ) {}

  /** Who a session token's session is, and the task it runs now. */
  caller(sessionId: string | undefined): Caller {
    if (sessionId === undefined) return {};
    const s = this.ports.sessions.get(sessionId);
    if (!s) return {};
    const running = [...s.history].reverse().find((t) => t.status === 'running');
    return { sessionId, sessionName: s.name, ...(running ? { taskId: running.id } : {}) };
  }

  async call<K extends ToolName>(tool: K, caller: Caller, input: ToolInputs[K]): Promise<ToolAnswer> {
    const started = performance.now();
    let result: ToolAnswer;
    try {
      result = await this.run(tool, caller, input);
    } catch (e) {
      result = refusal(`${tool} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.onCall({
      ...(caller.sessionId !== undefined ? { sessionId: caller.sessionId } : {}),
      tool,
      latencyMs: performance.now() - started,
      isError: result.isError === true,
    });
    return result;
  }

  private run<K extends ToolName>(tool: K, caller: Caller, input: ToolInputs[K]): ToolAnswer | Promise<ToolAnswer> {
    const p = this.ports;
    // Each case's input is the tool's own (ToolInputs[K] narrowed by the name).
    switch (tool) {
      case 'known_fixes':
        return knownFixes(p, caller, input as KnownFixesInput);
      case 'record_fix':
        return recordFix(p, caller, input as RecordFixInput);
      case 'context_budget':
        return contextBudget(p, caller);
      case 'who_holds':
        return whoHolds(p, caller, input as WhoHoldsInput);
      case 'context_pack':
        return contextPack(p, caller, input as ContextPackInput);
      case 'route':
        return route(p, caller, input as RouteInput);
      case 'hand_off':
        return handOff(p, this.chains, caller, input as HandOffInput);
      default:
        return refusal(`There is no tool ${String(tool)}.`);
    }
  }
}
