// Builds the adapters for every agent kind from the user's settings, in one place.
import type { AgentAdapter } from './agentAdapter';
import type { AgentKind } from './agentEvents';
import { ClaudeAdapter, type ClaudeAdapterOptions } from './claudeAdapter';
import { CodexAdapter, type CodexAdapterOptions } from './codexAdapter';
import { CommandAdapter } from './commandAdapter';
import { GeminiAdapter, type GeminiAdapterOptions } from './geminiAdapter';

export interface AgentSettings {
  claude?: ClaudeAdapterOptions;
  codex?: CodexAdapterOptions;
  gemini?: GeminiAdapterOptions;
  /** agentAffinity.command.commandLine: the generic agent, `{task}` where the task goes. */
  commandLine?: string;
}

export interface AdapterSet {
  adapters: Partial<Record<AgentKind, AgentAdapter>>;
  /** Settings that could not be used, in words (e.g. an unclosed quote in the command line). */
  problems: string[];
}

const settingFor: Record<AgentKind, (s: AgentSettings) => unknown> = {
  claude: (s) => s.claude,
  codex: (s) => s.codex,
  gemini: (s) => s.gemini,
  command: (s) => s.commandLine?.trim() || undefined,
};

/** The agent kinds whose adapter settings differ between `prev` and `next` (their adapters must be
 *  rebuilt; the others keep theirs, and with them their sessions' warm processes). */
export function changedAgentKinds(prev: AgentSettings, next: AgentSettings): AgentKind[] {
  return (Object.keys(settingFor) as AgentKind[]).filter(
    (k) => JSON.stringify(settingFor[k](prev)) !== JSON.stringify(settingFor[k](next)),
  );
}

export function createAdapters(settings: AgentSettings = {}): AdapterSet {
  const adapters: Partial<Record<AgentKind, AgentAdapter>> = {
    claude: new ClaudeAdapter(settings.claude),
    codex: new CodexAdapter(settings.codex),
    gemini: new GeminiAdapter(settings.gemini),
  };
  const problems: string[] = [];
  if (settings.commandLine !== undefined && settings.commandLine.trim() !== '') {
    try {
      adapters.command = new CommandAdapter(settings.commandLine);
    } catch (err) {
      problems.push(`agentAffinity.command.commandLine: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { adapters, problems };
}
