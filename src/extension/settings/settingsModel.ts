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

  /** Tells the person, once per value and window, of each workspace value that is not used. */
  tellOverrides(): void {
    for (const o of this.reading.overrides) {
      const id = `${o.key}=${JSON.stringify(o.workspaceValue)}`;
      if (o.accepted || this.told.has(id)) continue;
      this.told.add(id);
      void this.ask(o);
    }
  }

  private async ask(o: WorkspaceOverride): Promise<void> {
    const name = o.key.replace(/^agentAffinity\./, '');
    const choice = await vscode.window.showWarningMessage(
      `Agent Affinity: this workspace's settings ask for ${name}: ${show(o.workspaceValue)}. Agents keep your own setting (${show(o.ownValue)}), because a workspace's settings come with the repository. Use the workspace's value only if you trust it.`,
      'Keep Mine',
      "Use the Workspace's Value",
      'Open Workspace Settings',
    );
    if (choice === "Use the Workspace's Value") await this.accept(o);
    else if (choice === 'Open Workspace Settings') await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
  }

  /** Accepts a workspace value for this workspace (kept in the extension's workspace state, never in a file). */
  async accept(o: WorkspaceOverride): Promise<void> {
    const accepted = { ...this.accepted(), [o.key]: JSON.stringify(o.workspaceValue) };
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

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
