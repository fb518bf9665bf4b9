// The rules the person's repeated Allow answers suggest, as the host knows them: kept current from
// the orchestrator's notification and reloaded whole when it (re)starts. A new suggestion is told
// once, in a notification (Add Rule / Not Now / Never); the dashboard lists them all.
import * as vscode from 'vscode';
import {
  ListRuleSuggestionsRequest,
  ResolveRuleSuggestionRequest,
  RuleSuggestionsNotification,
  type AddedAllowRules,
  type RuleSuggestion,
} from '../../protocol/approvals';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { addedRulesMessage, suggestionMessage } from './approvalPresentation';

export class RuleSuggestionsModel extends Disposable {
  private list: RuleSuggestion[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Suggestions told in a notification (tests). */
  readonly told: string[] = [];

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onNotification(RuleSuggestionsNotification, ({ suggestions, newlySuggested }) => {
        this.list = suggestions;
        this.changed.fire();
        if (newlySuggested) void this.tell(newlySuggested);
      }),
    );
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh().catch(() => undefined);
      }),
    );
  }

  all(): RuleSuggestion[] {
    return [...this.list];
  }

  async refresh(): Promise<RuleSuggestion[]> {
    this.list = await this.orchestrator.request(ListRuleSuggestionsRequest, undefined);
    this.changed.fire();
    return this.all();
  }

  /** Add Rule, Not Now or Never; an added rule is reported with the file it went to. */
  async resolve(id: string, how: 'add' | 'notNow' | 'never'): Promise<AddedAllowRules | undefined> {
    const { added } = await this.orchestrator.request(ResolveRuleSuggestionRequest, { id, how });
    if (added) void vscode.window.showInformationMessage(`Agent Affinity: ${addedRulesMessage(added)}`);
    return added;
  }

  private async tell(s: RuleSuggestion): Promise<void> {
    this.told.push(s.id);
    const choice = await vscode.window.showInformationMessage(`Agent Affinity: ${suggestionMessage(s)}`, 'Add Rule', 'Not Now', 'Never');
    if (this.isDisposed) return;
    const how = choice === 'Add Rule' ? 'add' : choice === 'Never' ? 'never' : choice === 'Not Now' ? 'notNow' : undefined;
    if (!how) return; // dismissed: it stays in the dashboard's list
    try {
      await this.resolve(s.id, how);
    } catch (e) {
      void vscode.window.showErrorMessage(`Agent Affinity: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
