// Routed commands: Send Task… (the router picks the session, with its reasons), Explain
// Routing… (the full scoring, nothing sent) and Fan Out Task… (one task split over a glob).
import * as vscode from 'vscode';
import {
  AuditLogRequest,
  DispatchRequest,
  ExplainRouteRequest,
  FanOutFinishedNotification,
  FanOutRequest,
  RouteRequest,
  type AuditEntryView,
  type DispatchResult,
  type RouteDecisionView,
} from '../../protocol/routing';
import type { CreateSessionParams } from '../../protocol/sessions';
import { CommandIds, SettingKeys } from '../contributions';
import { askText, onAcceptItem, QuickFlow, withQuickFlow } from '../input/quickFlow';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';
import { FanOutReports } from './fanOutReports';
import { explainMarkdown, independenceView, mustConfirm, routePickRows, routePickTitle } from './routingPresentation';

export interface SendTaskArgs {
  text?: string;
  /** Overrides agentAffinity.routing.confirm. */
  confirm?: boolean;
  independent?: boolean;
}

export interface RoutingCommandDeps {
  orchestrator: OrchestratorController;
  /** Called after every dispatch (the dashboard refreshes its audit log). */
  onDispatched(): void;
  /** Where explanations and fan-out reports open: read-only, nothing to save when they close. */
  documents: ReadOnlyDocuments;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function newSessionParams(d: RouteDecisionView): CreateSessionParams | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.find((f) => f.name === d.newSession?.folder) ?? folders[0];
  if (!folder) return undefined;
  const label = d.newSession?.specialty.split('/').filter(Boolean).pop() ?? 'general';
  return {
    name: label,
    agent: 'claude',
    folder: folder.uri.fsPath,
    ...(d.newSession ? { specialty: { label: d.newSession.specialty, globs: d.newSession.globs } } : {}),
  };
}

export function registerRoutingCommands({ orchestrator, onDispatched, documents }: RoutingCommandDeps): IDisposable[] {
  const reports = new FanOutReports(documents);
  const onFanOutFinished = orchestrator.onNotification(FanOutFinishedNotification, (p) => {
    reports
      .finished(p)
      .catch((e: unknown) => void vscode.window.showErrorMessage(`Agent Affinity: could not show the fan-out report: ${errorMessage(e)}`));
  });

  const dispatch = async (decision: RouteDecisionView, target: string, text: string): Promise<DispatchResult | undefined> => {
    const newSession = target === 'new' ? newSessionParams(decision) : undefined;
    if (target === 'new' && !newSession) throw new Error('open a folder first; a new session needs a workspace folder');
    const result = await orchestrator.request(DispatchRequest, {
      decisionId: decision.decisionId,
      text,
      sessionId: target,
      by: target === decision.chosen ? 'router' : 'user',
      ...(newSession ? { newSession } : {}),
    });
    onDispatched();
    return result;
  };

  return [
    onFanOutFinished,
    vscode.commands.registerCommand(CommandIds.sendTask, async (arg?: SendTaskArgs | string) => {
      const args: SendTaskArgs = typeof arg === 'string' ? { text: arg } : (arg ?? {});
      // One quick input from the task text to the ranked sessions: the text stays on screen, busy, while the router decides.
      const flow = new QuickFlow();
      try {
        const text =
          args.text ??
          (await flow.input({
            title: 'Send Task',
            prompt: 'The router sends it to the session that already holds its context',
            placeholder: 'Fix the token refresh in api/auth/session.ts',
            validate: (v) => (v.trim() ? undefined : 'A task needs some text'),
          }));
        if (!text?.trim()) return undefined;
        let decision = await orchestrator.request(RouteRequest, {
          text: text.trim(),
          ...(args.independent !== undefined ? { independent: args.independent } : {}),
        });
        const config = vscode.workspace.getConfiguration();
        const confirm = args.confirm ?? config.get<boolean>(SettingKeys.routingConfirm, true);
        if (!mustConfirm(decision, confirm, config.get<boolean>(SettingKeys.routingConfirmCloseCalls, true))) {
          flow.dispose();
          const result = await dispatch(decision, decision.chosen, text.trim());
          if (result) {
            const why =
              decision.ranked.find((r) => r.sessionId === result.sessionId)?.reasons.join('; ') ||
              (decision.chosen === 'new' ? (decision.newSession?.reason ?? 'no session held its context') : '');
            void vscode.window.showInformationMessage(
              `Agent Affinity: sent to ${result.sessionName}${why ? ` (${why})` : ''}${result.handoffFrom ? `, with a handoff from ${result.handoffFrom}` : ''}.`,
            );
          }
          return result;
        }
        const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { target: string }>();
        qp.matchOnDetail = true;
        const show = (d: RouteDecisionView): void => {
          const rows = routePickRows(d);
          qp.title = routePickTitle(d);
          const view = independenceView(d);
          qp.placeholder = view.placeholder;
          qp.buttons = [{ iconPath: new vscode.ThemeIcon(view.button.icon), tooltip: view.button.tooltip }];
          qp.items = rows.map((r) => ({ label: r.label, description: r.description, detail: r.detail, target: r.target }));
          const best = qp.items.find((_, i) => rows[i]?.best);
          if (best) qp.activeItems = [best];
        };
        show(decision);
        // The title button marks the task context-independent (or back): the router decides again.
        const rerouting = qp.onDidTriggerButton(async () => {
          qp.busy = true;
          try {
            decision = await orchestrator.request(RouteRequest, { text: text.trim(), independent: !decision.independent });
            show(decision);
          } catch (e) {
            void vscode.window.showErrorMessage(`Agent Affinity: could not route the task again: ${errorMessage(e)}`);
          } finally {
            qp.busy = false;
          }
        });
        const picked = await flow.step<vscode.QuickPickItem & { target: string }>(qp, (answer) => onAcceptItem(qp, answer), [rerouting]);
        flow.dispose();
        if (!picked) return undefined;
        const result = await dispatch(decision, picked.target, text.trim());
        if (result)
          vscode.window.setStatusBarMessage(
            `$(check) Task sent to ${result.sessionName}${result.handoffFrom ? ` (handoff from ${result.handoffFrom})` : ''}`,
            5000,
          );
        return result;
      } catch (e) {
        void vscode.window.showErrorMessage(`Agent Affinity: could not send the task: ${errorMessage(e)}`);
        return undefined;
      } finally {
        flow.dispose();
      }
    }),
    vscode.commands.registerCommand(CommandIds.explainRouting, async (arg?: string) => {
      try {
        const text =
          arg ??
          (await askText({
            title: 'Explain Routing',
            prompt: 'A task to score (nothing is sent)',
            validate: (v) => (v.trim() ? undefined : 'A task needs some text'),
          }));
        if (!text?.trim()) return undefined;
        const decision = await orchestrator.request(ExplainRouteRequest, { text: text.trim() });
        const name = `routing-${decision.decisionId}.md`;
        documents.set(name, explainMarkdown(decision));
        await documents.show(name);
        return decision;
      } catch (e) {
        void vscode.window.showErrorMessage(`Agent Affinity: could not explain the routing: ${errorMessage(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(CommandIds.fanOutTask, async (arg?: { text?: string; glob?: string }) => {
      try {
        const asked = await withQuickFlow(async (flow) => {
          const text =
            arg?.text ??
            (await flow.input({
              title: 'Fan Out Task (1/2)',
              prompt: 'The same change to apply to many files',
              placeholder: 'Add the license header',
              validate: (v) => (v.trim() ? undefined : 'A task needs some text'),
            }));
          if (!text?.trim()) return undefined;
          const glob =
            arg?.glob ??
            (await flow.input({
              title: 'Fan Out Task (2/2)',
              prompt: 'Files to split it over (a glob, relative to the workspace)',
              value: 'src/**/*.ts',
              validate: (v) => (v.trim() ? undefined : 'A glob is needed'),
            }));
          return glob?.trim() ? { text: text.trim(), glob: glob.trim() } : undefined;
        });
        if (!asked) return undefined;
        const { text, glob } = asked;
        const plan = await orchestrator.request(FanOutRequest, { text, glob });
        onDispatched();
        if (plan.subtasks.length === 0) {
          void vscode.window.showWarningMessage(`Agent Affinity: nothing to fan out: ${plan.note ?? `no file matches ${glob}`}.`);
        } else {
          void vscode.window.showInformationMessage(
            `Agent Affinity: ${plan.matchedFiles} file(s) split into ${plan.subtasks.length} subtask(s) on ${new Set(plan.subtasks.map((s) => s.sessionName)).size} session(s)${plan.newSessions ? ` (${plan.newSessions} new)` : ''}.`,
          );
        }
        return plan;
      } catch (e) {
        void vscode.window.showErrorMessage(`Agent Affinity: could not fan out the task: ${errorMessage(e)}`);
        return undefined;
      }
    }),
  ];
}

/** The last routing decisions, for the dashboard. */
export async function fetchAudit(orchestrator: OrchestratorController, limit = 20): Promise<AuditEntryView[]> {
  return orchestrator.request(AuditLogRequest, { limit });
}
