// The budget's count of an open document, through the LSP document sync the orchestrator uses
// (test/support/lspDocuments drives it as VS Code's client does): didOpen and incremental didChange
// notifications (CRLF text, several changes per event), then the context pack's token count for
// that file equals a from-scratch chunked count of the editor's text (not the file on disk); after
// didClose the file is counted from disk again. A path VS Code percent-encodes is found too.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetStore } from '../../../src/core/budget/budgetStore';
import { BudgetWorkspace } from '../../../src/core/budget/budgetWorkspace';
import { chunkedTokenCount } from '../../../src/core/budget/incrementalDocument';
import { TokenCounter } from '../../../src/core/budget/tokenCounter';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { EditorBuffer, lspDocuments, type LspDocumentsDriver } from '../../support/lspDocuments';
import { manualSessions } from '../../support/sessions/manualSessions';

describe('open-document token counts in the context pack (LSP incremental sync)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aa-open-doc-'));
  const counter = new TokenCounter();
  after(() => {
    counter.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A budget workspace over `folder` with one Claude session; `pack` counts `file` in its context pack. */
  async function start(
    folder: string,
    file: string,
  ): Promise<{ docs: LspDocumentsDriver; pack(): Promise<number | undefined>; close(): Promise<void> }> {
    const storage = mkdtempSync(join(dir, 'storage-'));
    const docs = lspDocuments();
    const { manager } = manualSessions();
    const budget = new BudgetWorkspace({
      manager,
      store: await BudgetStore.open(storage, (p) => assert.fail(p.message)),
      documents: docs.port,
      folders: [folder],
      worktreeOf: () => undefined,
      settings: () => ({ ...DEFAULT_SETTINGS.budget, environment: {} }),
      log: () => undefined,
    });
    const s = manager.createSession({ name: 'backend', agent: 'claude', folder });
    return {
      docs,
      pack: async () => (await budget.contextPack(s.id, 'tidy auth.ts', [file])).files.find((f) => f.path === file)?.tokens,
      close: async () => {
        await budget.close();
        await manager.dispose();
      },
    };
  }

  test('the context pack counts the edited editor text, then the file on disk once closed', async () => {
    const folder = join(dir, 'workspace');
    const file = join(folder, 'auth.ts');
    const onDisk = 'export const onDisk = 1;\n';
    mkdirSync(folder);
    writeFileSync(file, onDisk);
    const w = await start(folder, file);
    try {
      const uri = `file://${file}`;
      const lines = Array.from({ length: 400 }, (_, i) => `export function f${i}(user: string): boolean { return user.length > ${i}; }`);
      const editor = new EditorBuffer(lines.join('\r\n'));
      w.docs.open(uri, editor.text, 1);
      await counter.ready();
      const fresh = (text: string): number => chunkedTokenCount((t) => counter.countLoaded(t), text);
      assert.equal(await w.pack(), fresh(editor.text), 'counted from the open document');

      let version = 1;
      const events = [
        () => [editor.replace(0, 0, '// header\r\n')],
        () => [editor.replace(editor.text.length, editor.text.length, '\r\n// footer'), editor.replace(12, 40, '')],
        () => [editor.replace(editor.text.indexOf('f200'), editor.text.indexOf('f200') + 4, 'renamed200'), editor.replace(500, 2500, '')],
        () => [editor.replace(editor.text.indexOf('\r\n', 3000), editor.text.indexOf('\r\n', 3000) + 2, '')],
        () => [editor.setText(`${editor.text}\r\n// replaced whole`), editor.replace(0, 2, '/*')],
      ];
      for (const make of events) {
        w.docs.change(uri, ++version, make());
        assert.equal(await w.pack(), fresh(editor.text), `after change ${version}`);
      }

      w.docs.close(uri);
      assert.equal(await w.pack(), counter.countLoaded(onDisk), 'counted from disk once closed');
    } finally {
      await w.close();
    }
  });

  test('a file whose path VS Code encodes (a space) is found as the open document', async () => {
    const folder = join(dir, 'my workspace');
    const file = join(folder, 'auth #1.ts');
    mkdirSync(folder);
    writeFileSync(file, 'export const onDisk = 1;\n');
    const w = await start(folder, file);
    try {
      // As VS Code writes it: the space and '#' percent-encoded.
      const uri = `file://${file.split('/').map(encodeURIComponent).join('/')}`;
      assert.match(uri, /my%20workspace\/auth%20%231\.ts$/);
      const text = 'export const inTheEditor = "not on disk yet, and longer than what is saved";\n';
      w.docs.open(uri, text, 1);
      await counter.ready();
      assert.equal(
        await w.pack(),
        chunkedTokenCount((t) => counter.countLoaded(t), text),
      );
    } finally {
      await w.close();
    }
  });
});
