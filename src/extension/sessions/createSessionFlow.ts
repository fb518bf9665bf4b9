// The Create Session… flow: folder, agent, specialty globs, name, worktree — one quick input through
// every step.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorktreeSupportRequest, type AgentKindName, type CreateSessionParams } from '../../protocol/sessions';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { withQuickFlow, type QuickFlow } from '../input/quickFlow';
import { worktreesByDefault } from '../settings/settingsModel';
import { parseGlobs } from './globInput';
import { agentNames } from './sessionPresentation';

const specialtyPresets: { label: string; globs: string[] }[] = [
  { label: 'backend', globs: ['src/server/**', 'server/**', 'backend/**', 'api/**'] },
  { label: 'frontend', globs: ['webview-ui/**', 'frontend/**', 'web/**', '**/*.tsx', '**/*.css'] },
  { label: 'tests', globs: ['test/**', 'tests/**', '**/*.test.*', '**/*.spec.*'] },
  { label: 'docs', globs: ['docs/**', '**/*.md'] },
];

export async function askCreateSessionParams(orchestrator: OrchestratorController): Promise<CreateSessionParams | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Agent Affinity: open a folder first; every session belongs to a workspace folder.');
    return undefined;
  }
  return withQuickFlow((flow) => askInFlow(flow, orchestrator, folders));
}

async function askInFlow(
  flow: QuickFlow,
  orchestrator: OrchestratorController,
  folders: readonly vscode.WorkspaceFolder[],
): Promise<CreateSessionParams | undefined> {
  const folder =
    folders.length === 1
      ? folders[0]
      : (
          await flow.pick(
            folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })),
            { placeholder: 'Workspace folder for the session', title: 'Create Session (1/5)' },
          )
        )?.folder;
  if (!folder) return undefined;

  const agent = await flow.pick(
    (Object.keys(agentNames) as AgentKindName[]).map((k) => ({
      label: agentNames[k],
      description: k === 'command' ? 'the command line in agentAffinity.command.commandLine' : '',
      agentKind: k,
    })),
    { placeholder: 'Agent', title: 'Create Session (2/5)' },
  );
  if (!agent) return undefined;

  const specialty = await flow.pick(
    [
      { label: 'general', description: 'no specialty', globs: [] as string[] },
      ...specialtyPresets.map((p) => ({ label: p.label, description: p.globs.join(', '), globs: p.globs })),
      { label: 'custom…', description: 'type a label and globs', globs: [] as string[] },
    ],
    { placeholder: 'Specialty (what this session works on)', title: 'Create Session (3/5)' },
  );
  if (!specialty) return undefined;
  let spec: { label: string; globs: string[] } | undefined =
    specialty.label === 'general' ? undefined : { label: specialty.label, globs: specialty.globs };
  if (specialty.label === 'custom…') {
    const label = await flow.input({
      prompt: 'Specialty label',
      placeholder: 'auth',
      title: 'Create Session (3/5)',
      validate: (v) => (v.trim() ? undefined : 'A specialty needs a label'),
    });
    if (!label) return undefined;
    const globs = await flow.input({
      prompt: 'Globs, comma-separated, relative to the folder',
      placeholder: 'api/auth/**, **/*.tsx',
      title: 'Create Session (3/5)',
      validate: (v) => parseGlobs(v).error,
    });
    if (globs === undefined) return undefined;
    spec = { label: label.trim(), globs: parseGlobs(globs).globs };
  }

  const name = await flow.input({
    prompt: 'Session name',
    value: spec?.label ?? agent.label.toLowerCase().replace(/\s.*/, ''),
    title: 'Create Session (4/5)',
    validate: (v) => (v.trim() ? undefined : 'A session needs a name'),
  });
  if (!name) return undefined;

  // The answered name stays on screen, busy, while the orchestrator checks for git.
  const support = await orchestrator.request(WorktreeSupportRequest, { folder: folder.uri.fsPath });
  const byDefault = support.available && worktreesByDefault();
  const choice = await flow.pick(
    [
      { label: 'Work in the folder', description: path.basename(folder.uri.fsPath), worktree: false, picked: !byDefault },
      support.available
        ? { label: 'Isolate in a git worktree', description: 'its own branch and folder', worktree: true, picked: byDefault }
        : {
            label: '$(circle-slash) Isolate in a git worktree',
            description: `unavailable: ${support.reason ?? 'no git repository'}`,
            worktree: false,
            picked: false,
          },
    ].sort((a, b) => Number(b.picked) - Number(a.picked)),
    { placeholder: 'Where the agent works', title: 'Create Session (5/5)' },
  );
  if (!choice) return undefined;
  const worktree = choice.worktree;
  return {
    name: name.trim(),
    agent: agent.agentKind,
    folder: folder.uri.fsPath,
    ...(spec ? { specialty: spec } : {}),
    ...(worktree ? { worktree: true } : {}),
  };
}
