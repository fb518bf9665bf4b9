// Commands on sessions: create, send a task, stop, resume, rename, change settings, delete, transcript, terminal, retry.
import * as vscode from 'vscode';
import {
  CreateSessionRequest,
  DeleteSessionRequest,
  RenameSessionRequest,
  ResumeSessionRequest,
  RetryTaskRequest,
  SendTaskRequest,
  SessionTerminalRequest,
  StopSessionRequest,
  UpdateSessionSettingsRequest,
  type CreateSessionParams,
} from '../../protocol/sessions';
import { CommandIds } from '../contributions';
import type { IDisposable } from '../lifecycle';
import { askText, withQuickFlow } from '../input/quickFlow';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { askCreateSessionParams } from '../sessions/createSessionFlow';
import { resolveSession } from '../sessions/pickSession';
import { askSessionSettings, settingsArgument } from '../sessions/sessionSettingsFlow';
import { agentNames } from '../sessions/sessionPresentation';
import type { SessionsModel } from '../sessions/sessionsModel';
import type { SessionsTreeNode } from '../sessions/sessionsTreeProvider';
import { transcriptUri } from '../sessions/transcriptDocuments';
import { guarded } from '../input/guarded';
import { showSetupProblem } from '../settings/openSetting';

export interface SessionCommandDeps {
  orchestrator: OrchestratorController;
  model: SessionsModel;
}

function isCreateParams(arg: unknown): arg is CreateSessionParams {
  const a = arg as Partial<CreateSessionParams> | undefined;
  return typeof a === 'object' && a !== null && typeof a.name === 'string' && typeof a.agent === 'string' && typeof a.folder === 'string';
}

export function registerSessionCommands({ orchestrator, model }: SessionCommandDeps): IDisposable[] {
  const reg = (id: string, what: string, body: (arg?: unknown, arg2?: unknown) => Promise<unknown>): IDisposable =>
    vscode.commands.registerCommand(id, guarded(what, body));
  return [
    // With a CreateSessionParams argument (keybindings, other extensions, tests) nothing is asked.
    reg(CommandIds.createSession, 'create the session', async (arg) => {
      const given = isCreateParams(arg);
      const params = given ? arg : await askCreateSessionParams(orchestrator);
      if (!params) return undefined;
      const { session: s, setupProblem } = await orchestrator.request(CreateSessionRequest, params);
      // A CLI that will not start is said now, with the settings to change, before a task fails.
      if (setupProblem)
        void showSetupProblem(
          `session '${s.name}' was created, but ${agentNames[s.agent]} will not start: ${setupProblem.message}`,
          setupProblem.setting,
        );
      else if (!given) {
        void vscode.window
          .showInformationMessage(`Agent Affinity: session '${s.name}' (${agentNames[s.agent]}) is ready in ${s.cwd}.`, 'Send Task…')
          .then((c) => c && vscode.commands.executeCommand(CommandIds.sendTaskToSession, s.id));
      }
      return s;
    }),
    // (session, text): with a text argument the task is sent without asking.
    reg(CommandIds.sendTaskToSession, 'send the task', async (arg, textArg) => {
      const given = typeof textArg === 'string' && textArg.trim() ? textArg.trim() : undefined;
      const asked = await withQuickFlow(async (flow) => {
        const s = await resolveSession(model, arg, 'Session to send the task to', undefined, flow);
        if (!s) return undefined;
        const text =
          given ??
          (
            await flow.input({
              title: `Send Task to ${s.name}`,
              prompt: `What should ${agentNames[s.agent]} do?`,
              placeholder: 'Describe the task',
              validate: (v) => (v.trim() ? undefined : 'A task needs some text'),
            })
          )?.trim();
        return text ? { s, text } : undefined;
      });
      if (!asked) return undefined;
      const { s, text } = asked;
      const task = await orchestrator.request(SendTaskRequest, { sessionId: s.id, text });
      if (given !== undefined) return task;
      vscode.window.setStatusBarMessage(`$(check) Task sent to ${s.name}`, 4000);
      return task;
    }),
    reg(CommandIds.stopSession, 'stop the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to stop', ['idle', 'starting', 'running', 'waiting', 'failed']);
      if (s) await orchestrator.request(StopSessionRequest, { sessionId: s.id });
    }),
    reg(CommandIds.resumeSession, 'resume the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to resume', ['stopped', 'failed']);
      if (s) await orchestrator.request(ResumeSessionRequest, { sessionId: s.id });
    }),
    reg(CommandIds.renameSession, 'rename the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to rename');
      if (!s) return;
      const name = await askText({
        title: 'Rename Session',
        value: s.name,
        validate: (v) => (v.trim() ? undefined : 'A session needs a name'),
      });
      if (name?.trim() && name.trim() !== s.name) await orchestrator.request(RenameSessionRequest, { sessionId: s.id, name: name.trim() });
    }),
    // (session, { model?, permissionMode? }): with a settings argument nothing is asked.
    reg(CommandIds.configureSession, "change the session's settings", async (arg, settingsArg) => {
      const s = await resolveSession(model, arg, 'Session to change');
      if (!s) return undefined;
      const change = settingsArgument(settingsArg) ?? (await askSessionSettings(s));
      if (!change) return undefined;
      const updated = await orchestrator.request(UpdateSessionSettingsRequest, { sessionId: s.id, ...change });
      vscode.window.setStatusBarMessage(
        `$(check) ${updated.name}: ${updated.model ?? "the agent's default model"}${updated.permissionMode ? `, ${updated.permissionMode}` : ''} from its next task`,
        5000,
      );
      return updated;
    }),
    reg(CommandIds.deleteSession, 'delete the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to delete');
      if (!s) return;
      const busy = s.state === 'running' || s.state === 'starting' || s.state === 'waiting' ? ' Its running task is stopped.' : '';
      const wt = s.worktree ? ` Its worktree ${s.worktree.path} is removed when clean (branch ${s.worktree.branch} stays).` : '';
      const ok = await vscode.window.showWarningMessage(
        `Delete session '${s.name}'?${busy}${wt}`,
        { modal: true, detail: "Its transcript and queue are deleted; the agent conversation stays in the agent's own history." },
        'Delete',
      );
      if (ok !== 'Delete') return;
      let result = await orchestrator.request(DeleteSessionRequest, { sessionId: s.id, removeWorktree: 'ifClean' });
      if (!result.deleted && result.worktreeKept) {
        const choice = await vscode.window.showWarningMessage(
          `The worktree of '${s.name}' was not removed: ${result.worktreeKept}.`,
          { modal: true },
          'Delete Anyway (Discard Changes)',
          'Keep Worktree, Delete Session',
        );
        if (!choice) return;
        result = await orchestrator.request(DeleteSessionRequest, {
          sessionId: s.id,
          removeWorktree: choice.startsWith('Delete Anyway') ? 'force' : 'keep',
        });
      }
      if (result.worktreeKept)
        void vscode.window.showInformationMessage(`Agent Affinity: session deleted; worktree ${result.worktreeKept}.`);
    }),
    reg(CommandIds.openSessionTranscript, 'open the transcript', async (arg) => {
      const s = await resolveSession(model, arg, 'Session whose transcript to open');
      if (!s) return;
      const doc = await vscode.workspace.openTextDocument(transcriptUri(s.id, s.name));
      await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: typeof arg === 'string' });
    }),
    reg(CommandIds.openSessionInTerminal, 'open the session in a terminal', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to open in a terminal');
      if (!s) return;
      const cmd = await orchestrator.request(SessionTerminalRequest, { sessionId: s.id });
      if (!cmd) {
        void vscode.window.showInformationMessage(`Agent Affinity: ${agentNames[s.agent]} has no interactive mode to open.`);
        return;
      }
      // shellPath + shellArgs: the agent runs directly with an argument array, no shell parsing.
      const terminal = vscode.window.createTerminal({
        name: `${s.name} (${agentNames[s.agent]})`,
        shellPath: cmd.command,
        shellArgs: cmd.args,
        cwd: cmd.cwd,
        env: cmd.env,
      });
      terminal.show();
    }),
    reg(CommandIds.retryTask, 'retry the task', async (arg) => {
      const node = arg as SessionsTreeNode | undefined;
      if (!node || node.kind !== 'task') {
        void vscode.window.showInformationMessage('Agent Affinity: pick a failed task in the Sessions view to retry it.');
        return;
      }
      await orchestrator.request(RetryTaskRequest, { sessionId: node.sessionId, taskId: node.task.id });
    }),
  ];
}
