// The sessions tree: grouped by workspace folder when there are several, each session with its
// state icon, agent and specialty, its running task and queue as children.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SessionBudgetSummary } from '../../protocol/budget';
import type { ApprovalRequest } from '../../protocol/approvals';
import type { SessionSummary, TaskSummary } from '../../protocol/sessions';
import { CommandIds } from '../contributions';
import { Disposable } from '../lifecycle';
import { permissionLabel, permissionQuestion } from '../approvals/approvalPresentation';
import {
  budgetLevelColor,
  sessionAccessibilityLabel,
  sessionDescription,
  sessionTooltip,
  stateIcons,
  taskDescription,
  taskLabel,
} from './sessionPresentation';
import type { SessionsModel } from './sessionsModel';

/** Where the tree reads each session's budget (the budgets model). */
export interface SessionBudgetSource {
  get(sessionId: string): SessionBudgetSummary | undefined;
  onDidChange: vscode.Event<void>;
}

export type SessionsTreeNode =
  | { kind: 'folder'; folder: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'task'; sessionId: string; task: TaskSummary; running: boolean }
  | { kind: 'permission'; sessionId: string; request: ApprovalRequest };

/** The questions agents wait on (the permission requests model). */
export interface ApprovalSource {
  forSession(sessionId: string): ApprovalRequest[];
  onDidChange: vscode.Event<void>;
}

/** The session the active editor has most affinity with (marked in the tree). */
export interface ActiveSessionSource {
  readonly sessionId: string | undefined;
  readonly reason: string | undefined;
  onDidChange: vscode.Event<void>;
}

export class SessionsTreeProvider extends Disposable implements vscode.TreeDataProvider<SessionsTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly model: SessionsModel,
    private readonly budgets?: SessionBudgetSource,
    private readonly active?: ActiveSessionSource,
    private readonly permissions?: ApprovalSource,
  ) {
    super();
    if (permissions) this._register(permissions.onDidChange(() => this.changed.fire()));
    this._register(model.onDidChange(() => this.changed.fire()));
    if (budgets) this._register(budgets.onDidChange(() => this.changed.fire()));
    if (active) this._register(active.onDidChange(() => this.changed.fire()));
  }

  getChildren(node?: SessionsTreeNode): SessionsTreeNode[] {
    if (!node) {
      const groups = this.model.byFolder();
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.length > 1 || groups.size > 1) {
        const order = [...new Set([...folders.map((f) => f.uri.fsPath), ...groups.keys()])].filter((f) => groups.has(f));
        return order.map((folder) => ({ kind: 'folder', folder }));
      }
      return this.model.all().map((s) => ({ kind: 'session', sessionId: s.id }));
    }
    if (node.kind === 'folder') {
      return (this.model.byFolder().get(node.folder) ?? []).map((s) => ({ kind: 'session', sessionId: s.id }));
    }
    if (node.kind === 'session') {
      const s = this.model.get(node.sessionId);
      if (!s) return [];
      // The questions first: the agent is blocked until one is answered.
      const children: SessionsTreeNode[] = (this.permissions?.forSession(s.id) ?? []).map((request) => ({
        kind: 'permission',
        sessionId: s.id,
        request,
      }));
      if (s.current) children.push({ kind: 'task', sessionId: s.id, task: s.current, running: true });
      for (const t of s.queue) children.push({ kind: 'task', sessionId: s.id, task: t, running: false });
      const lastFailed = [...s.recent].reverse().find((t) => t.status === 'failed' && t.retryable);
      if (lastFailed && !s.current) children.push({ kind: 'task', sessionId: s.id, task: lastFailed, running: false });
      return children;
    }
    return [];
  }

  getTreeItem(node: SessionsTreeNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(path.basename(node.folder), vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.tooltip = node.folder;
      item.contextValue = 'folder';
      item.id = `folder:${node.folder}`;
      return item;
    }
    if (node.kind === 'session') {
      const s = this.model.get(node.sessionId);
      if (!s) return new vscode.TreeItem('(deleted session)');
      return sessionItem(
        s,
        this.budgets?.get(s.id),
        this.active?.sessionId === s.id ? (this.active.reason ?? '') : undefined,
        (this.permissions?.forSession(s.id).length ?? 0) > 0,
      );
    }
    if (node.kind === 'permission') return permissionItem(node.request);
    return taskItem(node.task, node.running, node.sessionId);
  }

  getParent(node: SessionsTreeNode): SessionsTreeNode | undefined {
    if (node.kind === 'task' || node.kind === 'permission') return { kind: 'session', sessionId: node.sessionId };
    return undefined;
  }
}

function sessionItem(s: SessionSummary, budget: SessionBudgetSummary | undefined, activeReason?: string, asking = false): vscode.TreeItem {
  const hasChildren = asking || s.current !== undefined || s.queue.length > 0 || s.recent.some((t) => t.status === 'failed' && t.retryable);
  const item = new vscode.TreeItem(s.name, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `session:${s.id}`;
  item.description = `${activeReason !== undefined ? '◉ ' : ''}${sessionDescription(s, budget)}`;
  const md = new vscode.MarkdownString(sessionTooltip(s), true);
  if (activeReason !== undefined)
    md.appendMarkdown(`\n\n$(target) Most affinity with the active editor${activeReason ? `: ${escapeMarkdown(activeReason)}` : ''}`);
  item.tooltip = md;
  const icon = stateIcons[s.state];
  // The state's shape, coloured by the context budget once it passes a threshold.
  const color = budgetLevelColor(budget) ?? icon.color;
  item.iconPath = new vscode.ThemeIcon(icon.icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `session.${s.state}`;
  item.accessibilityInformation = { label: sessionAccessibilityLabel(s, budget, activeReason !== undefined) };
  item.command = { command: CommandIds.openSessionTranscript, title: 'Open Session Transcript', arguments: [s.id] };
  return item;
}

function permissionItem(r: ApprovalRequest): vscode.TreeItem {
  const item = new vscode.TreeItem(permissionLabel(r), vscode.TreeItemCollapsibleState.None);
  item.id = `permission:${r.sessionId}:${r.requestId}`;
  item.description = 'waiting for your answer';
  item.tooltip = permissionQuestion(r);
  item.iconPath = new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
  item.contextValue = 'permission';
  item.command = {
    command: CommandIds.answerPermissionRequest,
    title: 'Answer Permission Request…',
    arguments: [{ sessionId: r.sessionId, requestId: r.requestId }],
  };
  return item;
}

function taskItem(t: TaskSummary, running: boolean, sessionId: string): vscode.TreeItem {
  const item = new vscode.TreeItem(taskLabel(t), vscode.TreeItemCollapsibleState.None);
  item.id = `task:${sessionId}:${t.id}:${t.status}`;
  item.description = taskDescription(t);
  item.tooltip = new vscode.MarkdownString().appendCodeblock(t.text, 'text');
  item.iconPath = new vscode.ThemeIcon(running ? 'play-circle' : t.status === 'failed' ? 'warning' : 'clock');
  item.contextValue = t.status === 'failed' && t.retryable ? 'task.retryable' : `task.${t.status}`;
  return item;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
