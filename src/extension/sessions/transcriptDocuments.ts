// Read-only transcript documents (`agent-affinity-transcript:/<name>.log?<sessionId>`) that follow
// a session's events live.
import * as vscode from 'vscode';
import { SessionTranscriptRequest, TranscriptAppendedNotification } from '../../protocol/sessions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export const TRANSCRIPT_SCHEME = 'agent-affinity-transcript';

export function transcriptUri(sessionId: string, name: string): vscode.Uri {
  const safe = name.replace(/[^\w.-]+/g, '-').slice(0, 40) || 'session';
  return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${safe}.transcript`, query: sessionId });
}

export class TranscriptDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly cache = new Map<string, string[]>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, this));
    this._register(
      orchestrator.onNotification(TranscriptAppendedNotification, ({ sessionId, lines }) => {
        const cached = this.cache.get(sessionId);
        if (!cached) return; // not open: the full transcript is fetched when it is
        cached.push(...lines);
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme === TRANSCRIPT_SCHEME && doc.uri.query === sessionId) this.changed.fire(doc.uri);
        }
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === TRANSCRIPT_SCHEME) this.cache.delete(doc.uri.query);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const sessionId = uri.query;
    let lines = this.cache.get(sessionId);
    if (!lines) {
      lines = await this.orchestrator.request(SessionTranscriptRequest, { sessionId });
      this.cache.set(sessionId, lines);
    }
    return lines.length
      ? `${lines.join('\n').trimStart()}\n`
      : '(no tasks yet: send this session a task and its transcript follows here live)\n';
  }

  isOpen(sessionId: string): boolean {
    return vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === TRANSCRIPT_SCHEME && e.document.uri.query === sessionId);
  }
}
