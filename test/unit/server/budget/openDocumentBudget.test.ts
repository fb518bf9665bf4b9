// The budget's count of an open document, end to end through the orchestrator process: VS Code's
// didOpen and incremental didChange notifications (CRLF text, several changes per event), then the
// context pack's token count for that file equals a from-scratch chunked count of the editor's text
// (not the file on disk); after didClose the file is counted from disk again.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextPackRequest } from '../../../../src/protocol/budget';
import { CreateSessionRequest } from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { chunkedTokenCount } from '../../../../src/core/budget/incrementalDocument';
import { TokenCounter } from '../../../../src/core/budget/tokenCounter';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../../support/workspaceOrchestrator';
import { EditorBuffer } from '../../../support/lspDocuments';

describe('open-document token counts through the orchestrator (LSP incremental sync)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aa-open-doc-'));
  const started: OrchestratorUnderTest[] = [];
  const counter = new TokenCounter();
  after(async () => {
    await closeLeftRunning(started);
    counter.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the context pack counts the edited editor text, then the file on disk once closed', async () => {
    const folder = join(dir, 'workspace');
    const storage = join(dir, 'storage');
    const file = join(folder, 'auth.ts');
    const onDisk = 'export const onDisk = 1;\n';
    mkdirSync(folder);
    mkdirSync(storage);
    writeFileSync(file, onDisk);
    const w = await startWorkspaceOrchestrator(started, { storage, folders: [folder], settings: defaultSettings });
    const s = (await w.o.request(CreateSessionRequest, { name: 'backend', agent: 'claude', folder })).session;
    const uri = `file://${file}`;
    const lines = Array.from({ length: 400 }, (_, i) => `export function f${i}(user: string): boolean { return user.length > ${i}; }`);
    const editor = new EditorBuffer(lines.join('\r\n'));
    await w.o.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: editor.text },
    });
    const packTokens = async (): Promise<number | undefined> => {
      const pack = await w.o.request(ContextPackRequest, { sessionId: s.id, task: 'tidy auth.ts', files: [file] });
      return pack.files.find((f) => f.path === file)?.tokens;
    };
    await counter.ready();
    const fresh = (text: string): number => chunkedTokenCount((t) => counter.countLoaded(t), text);
    assert.equal(await packTokens(), fresh(editor.text), 'counted from the open document');

    let version = 1;
    const events = [
      () => [editor.replace(0, 0, '// header\r\n')],
      () => [editor.replace(editor.text.length, editor.text.length, '\r\n// footer'), editor.replace(12, 40, '')],
      () => [editor.replace(editor.text.indexOf('f200'), editor.text.indexOf('f200') + 4, 'renamed200'), editor.replace(500, 2500, '')],
      () => [editor.replace(editor.text.indexOf('\r\n', 3000), editor.text.indexOf('\r\n', 3000) + 2, '')],
      () => [editor.setText(`${editor.text}\r\n// replaced whole`), editor.replace(0, 2, '/*')],
    ];
    for (const make of events) {
      await w.o.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: make(),
      });
      assert.equal(await packTokens(), fresh(editor.text), `after change ${version}`);
    }

    await w.o.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.equal(await packTokens(), counter.countLoaded(onDisk), 'counted from disk once closed');
    assert.equal(await w.o.close(), 0);
  });

  test('a file whose path VS Code encodes (a space) is found as the open document', async () => {
    const folder = join(dir, 'my workspace');
    const storage = join(dir, 'storage-encoded');
    const file = join(folder, 'auth #1.ts');
    mkdirSync(folder);
    mkdirSync(storage);
    writeFileSync(file, 'export const onDisk = 1;\n');
    const w = await startWorkspaceOrchestrator(started, { storage, folders: [folder], settings: defaultSettings });
    const s = (await w.o.request(CreateSessionRequest, { name: 'backend', agent: 'claude', folder })).session;
    // As VS Code writes it: the space and '#' percent-encoded.
    const uri = `file://${file.split('/').map(encodeURIComponent).join('/')}`;
    assert.match(uri, /my%20workspace\/auth%20%231\.ts$/);
    const text = 'export const inTheEditor = "not on disk yet, and longer than what is saved";\n';
    await w.o.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await counter.ready();
    const pack = await w.o.request(ContextPackRequest, { sessionId: s.id, task: 'tidy it', files: [file] });
    assert.equal(
      pack.files.find((f) => f.path === file)?.tokens,
      chunkedTokenCount((t) => counter.countLoaded(t), text),
    );
    assert.equal(await w.o.close(), 0);
  });
});
