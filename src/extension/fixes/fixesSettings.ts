// The learned-fix settings: read from the configuration and sent to the orchestrator at every
// start and on every change (they apply to the next lookup, capture and dispatched task).
import * as vscode from 'vscode';
import { FixesConfigNotification, type FixesConfig } from '../../protocol/fixes';
import { SettingKeys } from '../contributions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

/** The exclude globs as set (an invalid value counts as none; the default comes from package.json). */
function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string') : [];
}

export function readFixesConfig(): FixesConfig {
  const c = vscode.workspace.getConfiguration();
  const threshold = c.get<number>(SettingKeys.fixesSimilarityThreshold, 0.6);
  return {
    enabled: c.get<boolean>(SettingKeys.fixesEnabled, true) !== false,
    similarityThreshold: typeof threshold === 'number' && Number.isFinite(threshold) ? Math.min(1, Math.max(0.3, threshold)) : 0.6,
    shareWithSessions: c.get<boolean>(SettingKeys.fixesShareWithSessions, true) !== false,
    exclude: stringList(c.get<unknown>(SettingKeys.fixesExclude)),
  };
}

export class FixesSettings extends Disposable {
  private config = readFixesConfig();

  constructor(orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') orchestrator.notify(FixesConfigNotification, this.config);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('agentAffinity.fixes')) return;
        this.config = readFixesConfig();
        orchestrator.notify(FixesConfigNotification, this.config);
      }),
    );
  }

  get current(): FixesConfig {
    return this.config;
  }
}
