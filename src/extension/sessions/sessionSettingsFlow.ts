// The Change Session Settings… flow: a session's model and permission mode, from quick picks.
import * as vscode from 'vscode';
import type { AgentKindName, SessionSettingsParams, SessionSummary } from '../../protocol/sessions';
import { withQuickFlow, type QuickFlow } from '../input/quickFlow';
import { agentNames } from './sessionPresentation';

/** Model names offered per agent (any other can be typed). */
const suggestedModels: Record<AgentKindName, string[]> = {
  claude: ['sonnet', 'opus', 'haiku'],
  codex: ['gpt-5-codex', 'gpt-5'],
  gemini: ['gemini-2.5-pro', 'gemini-2.5-flash'],
  command: [],
};

/** Permission modes a session can choose (Gemini CLI's approval modes follow these names). */
const permissionModes: Partial<Record<AgentKindName, { mode: string; detail: string }[]>> = {
  claude: [
    { mode: 'default', detail: 'Ask (in a non-interactive run: refuse) what the settings do not allow' },
    { mode: 'acceptEdits', detail: 'Allow file edits without asking' },
    { mode: 'plan', detail: 'Plan only: no edits or commands' },
    { mode: 'bypassPermissions', detail: 'Allow everything without asking (only in a sandbox)' },
  ],
  gemini: [
    { mode: 'default', detail: 'Gemini CLI has no edit or shell tools in a non-interactive run' },
    { mode: 'acceptEdits', detail: 'auto_edit: allow file edits without asking' },
    { mode: 'plan', detail: 'Plan only: read, no edits' },
    { mode: 'bypassPermissions', detail: 'yolo: allow everything without asking (only in a sandbox)' },
  ],
};

const modelName = /^[A-Za-z0-9_][\w.:/@[\]-]{0,99}$/;

type Change = Omit<SessionSettingsParams, 'sessionId'>;

async function askModel(flow: QuickFlow, s: SessionSummary): Promise<Change | undefined> {
  const items: (vscode.QuickPickItem & { value: string | null | 'other' })[] = [
    { label: "The agent's default", description: s.model === undefined ? 'current' : '', value: null },
    ...suggestedModels[s.agent].map((m) => ({ label: m, description: m === s.model ? 'current' : '', value: m })),
    ...(s.model !== undefined && !suggestedModels[s.agent].includes(s.model)
      ? [{ label: s.model, description: 'current', value: s.model }]
      : []),
    { label: 'Other…', description: 'type a model name', value: 'other' },
  ];
  const picked = await flow.pick(items, {
    title: `Model of ${s.name} (${agentNames[s.agent]})`,
    placeholder: "Used from the session's next task; the conversation resumes",
  });
  if (!picked) return undefined;
  if (picked.value !== 'other') return { model: picked.value };
  const typed = await flow.input({
    title: `Model of ${s.name}`,
    value: s.model ?? '',
    prompt: 'A model name or alias the agent CLI accepts',
    validate: (v) =>
      v.trim() === '' || modelName.test(v.trim()) ? undefined : "Letters, digits, '.', '-', '_', ':', '/', '@'; no leading '-'",
  });
  if (typed === undefined) return undefined;
  return { model: typed.trim() === '' ? null : typed.trim() };
}

async function askPermissionMode(flow: QuickFlow, s: SessionSummary): Promise<Change | undefined> {
  const modes = permissionModes[s.agent] ?? [];
  const picked = await flow.pick(
    modes.map((m) => ({ label: m.mode, description: m.mode === s.permissionMode ? 'current' : '', detail: m.detail, mode: m.mode })),
    { title: `Permission mode of ${s.name} (${agentNames[s.agent]})`, placeholder: "Used from the session's next task" },
  );
  return picked ? { permissionMode: picked.mode } : undefined;
}

/** Asks which setting to change and its new value; undefined when the user cancels. */
export function askSessionSettings(s: SessionSummary): Promise<Change | undefined> {
  return withQuickFlow(async (flow) => {
    if (permissionModes[s.agent] === undefined) return askModel(flow, s);
    const which = await flow.pick(
      [
        { label: 'Model', description: s.model ?? "the agent's default", which: 'model' as const },
        { label: 'Permission mode', description: s.permissionMode ?? 'from the settings', which: 'mode' as const },
      ],
      { title: `Change Settings of ${s.name}`, placeholder: 'What to change' },
    );
    if (!which) return undefined;
    return which.which === 'model' ? askModel(flow, s) : askPermissionMode(flow, s);
  });
}

/** A settings argument given to the command (tests, keybindings): `{ model?, permissionMode? }`. */
export function settingsArgument(arg: unknown): Change | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const out: Change = {};
  if ('model' in a && (typeof a.model === 'string' || a.model === null)) out.model = a.model;
  if ('permissionMode' in a && (typeof a.permissionMode === 'string' || a.permissionMode === null)) out.permissionMode = a.permissionMode;
  return Object.keys(out).length > 0 ? out : undefined;
}
