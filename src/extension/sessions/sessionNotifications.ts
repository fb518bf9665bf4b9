// Notifications a person wants: a task finished while its session is not on screen, a session failed.
// A failure notice is withdrawn once the failure is resolved (the session is retried, resumed,
// stopped or deleted): VS Code cannot close a message notification, so the notice is a progress
// notification (the one kind an extension can close) that draws no bar, with its actions as links
// and Cancel to dismiss it; a recovery then says so in the status bar for a few seconds.
import * as vscode from 'vscode';
import { TaskFinishedNotification } from '../../protocol/sessions';
import { CommandIds } from '../contributions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { EXECUTABLE_SETTINGS, FailureTracker, failureNoticeText, recoveredText } from './failureNotices';
import type { SessionsModel } from './sessionsModel';
import { settingsPlaceFor } from '../settings/openSetting';
import type { TranscriptDocuments } from './transcriptDocuments';

export class SessionNotifications extends Disposable {
  private readonly failures = new FailureTracker();
  /** Open failure notices by session id: close() withdraws one. */
  private readonly notices = new Map<string, () => void>();

  constructor(
    orchestrator: OrchestratorController,
    model: SessionsModel,
    transcripts: TranscriptDocuments,
    sessionsViewVisible: () => boolean,
  ) {
    super();
    this._register(
      orchestrator.onNotification(TaskFinishedNotification, ({ sessionId, sessionName, task }) => {
        if (task.status !== 'succeeded' || sessionsViewVisible() || transcripts.isOpen(sessionId)) return;
        void vscode.window
          .showInformationMessage(`Agent Affinity: '${sessionName}' finished “${task.text.slice(0, 60)}”.`, 'Open Transcript')
          .then((c) => c && vscode.commands.executeCommand(CommandIds.openSessionTranscript, sessionId));
      }),
    );
    this._register(
      model.onDidChange(() => {
        const { failed, resolved } = this.failures.update(model.all());
        for (const r of resolved) {
          const close = this.notices.get(r.sessionId);
          if (!close) continue;
          close();
          if (r.recovered) this._register(vscode.window.setStatusBarMessage(recoveredText(r.name), 5000));
        }
        for (const s of failed) {
          const setting = EXECUTABLE_SETTINGS[s.agent];
          const label = settingsPlaceFor(setting);
          const command = label === 'Remote settings' ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
          this.showFailure(s.id, failureNoticeText(s, { label, command }));
        }
      }),
    );
    this._register({ dispose: () => [...this.notices.values()].forEach((close) => close()) });
  }

  private showFailure(sessionId: string, text: string): void {
    this.notices.get(sessionId)?.();
    let close = (): void => undefined;
    const closed = new Promise<void>((resolve) => (close = resolve));
    this.notices.set(sessionId, close);
    void closed.then(() => {
      if (this.notices.get(sessionId) === close) this.notices.delete(sessionId);
    });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, cancellable: true }, (progress, token) => {
      // No title: the notification appears with this first report, whose 0% draws no progress bar.
      progress.report({ message: text, increment: 0 });
      token.onCancellationRequested(close);
      return closed;
    });
  }
}
