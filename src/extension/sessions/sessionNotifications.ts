// Notifications a person wants: a task finished while its session is not on screen, a session failed.
import * as vscode from 'vscode';
import { TaskFinishedNotification, type SessionSummary } from '../../protocol/sessions';
import { CommandIds } from '../contributions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { SessionsModel } from './sessionsModel';
import { notStartedNote } from './sessionPresentation';
import type { TranscriptDocuments } from './transcriptDocuments';

export class SessionNotifications extends Disposable {
  private readonly lastState = new Map<string, SessionSummary['state']>();

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
        for (const s of model.all()) {
          const before = this.lastState.get(s.id);
          this.lastState.set(s.id, s.state);
          if (s.state === 'failed' && before !== undefined && before !== 'failed') {
            const tail = s.lastError?.stderrTail.slice(-3).join(' | ');
            void vscode.window
              .showErrorMessage(
                `Agent Affinity: session '${s.name}' failed: ${s.lastError?.reason ?? 'unknown reason'}${tail ? ` (${tail})` : ''}${notStartedNote(s)}`,
                'Open Transcript',
                'Resume',
              )
              .then((c) => {
                if (c === 'Open Transcript') return vscode.commands.executeCommand(CommandIds.openSessionTranscript, s.id);
                if (c === 'Resume') return vscode.commands.executeCommand(CommandIds.resumeSession, s.id);
                return undefined;
              });
          }
        }
      }),
    );
  }
}
