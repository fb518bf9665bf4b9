// The orchestrator's settings on the host: read under settingsPolicy's rules, re-read on every
// change, and the one place that tells the person when a workspace asked for more than their own
// settings allow (once per value and window), with a way to accept that value for this workspace.
import * as vscode from 'vscode';
import type { OrchestratorSettings } from '../../protocol/settings';
import { SettingKeys } from '../contributions';
import { Disposable } from '../lifecycle';
import { readOrchestratorSettings, type AcceptedOverrides, type WorkspaceOverride } from './settingsPolicy';

/** workspaceState key: the workspace values the person accepted, by setting key (JSON of the value). */
const ACCEPTED_KEY = 'agentAffinity.acceptedWorkspaceSettings';

export class SettingsModel extends Disposable {
  private reading: ReturnType<typeof readOrchestratorSettings>;
  private readonly told = new Set<string>();
  private readonly changed = this._register(new vscode.EventEmitter<OrchestratorSettings>());
  /** Fires with the new settings whenever one the orchestrator reads changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly workspaceState: vscode.Memento) {
    super();
    this.reading = this.read();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentAffinity')) this.reload();
      }),
    );
  }

  get current(): OrchestratorSettings {
    return this.reading.settings;
  }

  /** Workspace values of protected settings that differ from the person's own. */
  get overrides(): readonly WorkspaceOverride[] {
    return this.reading.overrides;
  }

  /** Tells the person, once per value and window, of the workspace values that are not used: one
   *  notification for all of them, so a hostile repository's many asks are not a flood. */
  tellOverrides(): void {
    const untold: WorkspaceOverride[] = [];
    for (const o of this.reading.overrides) {
      const id = `${o.key}=${JSON.stringify(o.workspaceValue)}`;
      if (o.accepted || this.told.has(id)) continue;
      this.told.add(id);
      untold.push(o);
    }
    if (untold.length > 0) void this.ask(untold);
  }

  private async ask(overrides: WorkspaceOverride[]): Promise<void> {
    const one = overrides.length === 1 ? overrides[0] : undefined;
    const asks = overrides.map((o) => `${settingName(o.key)}: ${show(o.workspaceValue)} (yours: ${show(o.ownValue)})`).join('; ');
    const message = one
      ? `Agent Affinity: this workspace's settings ask for ${settingName(one.key)}: ${show(one.workspaceValue)}. Agents keep your own setting (${show(one.ownValue)}), because a workspace's settings come with the repository. Use the workspace's value only if you trust it.`
      : `Agent Affinity: this workspace's settings ask for ${overrides.length} settings that would change what agents may do: ${asks}. Agents keep your own settings, because a workspace's settings come with the repository.`;
    const useIt = one ? "Use the Workspace's Value" : 'Choose Which to Use…';
    const choice = await vscode.window.showWarningMessage(message, 'Keep Mine', useIt, 'Open Workspace Settings');
    if (choice === 'Open Workspace Settings') await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    if (choice !== useIt) return;
    if (one) return this.acceptAll([one]);
    const picked = await vscode.window.showQuickPick(
      overrides.map((o) => ({ label: settingName(o.key), description: show(o.workspaceValue), detail: `yours: ${show(o.ownValue)}`, o })),
      {
        canPickMany: true,
        title: "Use the workspace's value for…",
        placeHolder: 'Only for this workspace; your own settings stay as they are',
      },
    );
    if (picked && picked.length > 0) await this.acceptAll(picked.map((p) => p.o));
  }

  /** Accepts workspace values for this workspace (kept in the extension's workspace state, never in a file). */
  async acceptAll(overrides: readonly WorkspaceOverride[]): Promise<void> {
    const accepted = { ...this.accepted() };
    for (const o of overrides) accepted[o.key] = JSON.stringify(o.workspaceValue);
    await this.workspaceState.update(ACCEPTED_KEY, accepted);
    this.reload();
  }

  private accepted(): AcceptedOverrides {
    const v = this.workspaceState.get<unknown>(ACCEPTED_KEY);
    if (typeof v !== 'object' || v === null) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  private read(): ReturnType<typeof readOrchestratorSettings> {
    const config = vscode.workspace.getConfiguration();
    return readOrchestratorSettings((key) => config.inspect(key), this.accepted());
  }

  private reload(): void {
    this.reading = this.read();
    this.changed.fire(this.reading.settings);
    this.tellOverrides();
  }
}

/** Extension-only settings read where they are used (the orchestrator does not need them). */
export function worktreesByDefault(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(SettingKeys.worktreeByDefault, false) === true;
}

function settingName(key: string): string {
  return key.replace(/^agentAffinity\./, '');
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
