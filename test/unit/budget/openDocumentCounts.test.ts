// The budget's open-document token counts driven by LSP incremental sync as an editor sends it:
// after every change event (several changes per event, CRLF text, edits at the start and end,
// deletes, full-text changes) the count equals a from-scratch chunked count of the final text, and
// whatever cannot be replayed exactly falls back to a whole-text recount instead of drifting.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { chunkedTokenCount } from '../../../src/core/budget/incrementalDocument';
import { OpenDocumentCounts } from '../../../src/core/budget/openDocumentCounts';
import { EditorBuffer, lspDocuments } from '../../support/lspDocuments';
import { seededRandom } from '../../support/seededRandom';

const URI = 'file:///work/src/big.ts';
/** One token per word, punctuation run or line break, so every character counts. */
const count = (t: string): number => (t.match(/\w+|[^\w\s]+|\n/g) ?? []).length;
const fresh = (text: string): number => chunkedTokenCount(count, text);

function sourceText(lines: number, eol: string, r: () => number): string {
  const words = ['const', 'value', '=', 'await', 'fetch(url);', 'return', '{', '}', 'if', '(x)', '// note', 'export', 'function', 'name()'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = Math.floor(r() * 8);
    out.push(Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join(' '));
  }
  return out.join(eol);
}

function setup(text: string): {
  lsp: ReturnType<typeof lspDocuments>;
  counts: OpenDocumentCounts;
  editor: EditorBuffer;
  version: () => number;
} {
  const lsp = lspDocuments();
  const counts = new OpenDocumentCounts(count);
  counts.listen(lsp.port);
  lsp.open(URI, text);
  const doc = lsp.documents.get(URI);
  assert.ok(doc);
  counts.open(doc);
  let v = 1;
  return { lsp, counts, editor: new EditorBuffer(text), version: () => ++v };
}

function assertInStep(s: ReturnType<typeof setup>, what: string): void {
  assert.equal(s.lsp.documents.get(URI)?.getText(), s.editor.text, `server document after ${what}`);
  assert.equal(s.counts.document(URI)?.text, s.editor.text, `counted text after ${what}`);
  assert.equal(s.counts.tokens(URI), fresh(s.editor.text), `count after ${what}`);
}

function randomChange(editor: EditorBuffer, eol: string, r: () => number): TextDocumentContentChangeEvent {
  const len = editor.text.length;
  const at = r() < 0.1 ? 0 : r() < 0.1 ? len : Math.floor(r() * (len + 1));
  const pieces = ['x', ' foo(bar)', eol, `${eol}  next line${eol}`, '', 'é😀', `a${eol}b${eol}c`];
  const k = r();
  if (k < 0.4) return editor.replace(at, at, pieces[Math.floor(r() * pieces.length)] ?? ''); // insert
  if (k < 0.7) return editor.replace(at, at + Math.floor(r() * 200), ''); // delete, across lines too
  return editor.replace(at, at + Math.floor(r() * 40), pieces[Math.floor(r() * pieces.length)] ?? ''); // replace
}

describe('OpenDocumentCounts driven by LSP incremental sync', () => {
  for (const eol of ['\n', '\r\n']) {
    test(`random multi-change events on ${eol === '\n' ? 'LF' : 'CRLF'} text equal a fresh count after every event`, () => {
      const r = seededRandom(eol.length * 101);
      const s = setup(sourceText(1500, eol, r));
      let fullText = 0;
      for (let i = 0; i < 400; i++) {
        // Each change applies to the text the previous ones left, as in an LSP didChange.
        const changes: TextDocumentContentChangeEvent[] = [];
        const n = 1 + Math.floor(r() * 4);
        const withFullText = i % 97 === 50;
        for (let c = 0; c < n; c++) {
          if (withFullText && c === 1) changes.push(s.editor.setText(sourceText(300, eol, r))); // a full-text change inside an event
          changes.push(randomChange(s.editor, eol, r));
        }
        if (withFullText && n > 1) fullText++;
        s.lsp.change(URI, s.version(), changes);
        assertInStep(s, `event ${i}`);
      }
      assert.ok(fullText > 0, 'some events carried a full-text change');
      assert.deepEqual(s.counts.stats(), { incremental: 400 - fullText, fullText, fallbacks: 0 });
    });
  }

  test('edits at the very start and end, deletes across CRLF line ends, deleting everything', () => {
    const s = setup('alpha beta\r\ngamma\r\ndelta epsilon');
    const steps: [string, () => TextDocumentContentChangeEvent[]][] = [
      ['insert at start', () => [s.editor.replace(0, 0, 'first\r\n')]],
      ['insert at end', () => [s.editor.replace(s.editor.text.length, s.editor.text.length, '\r\nlast')]],
      [
        'delete a CRLF line end',
        () => {
          const at = s.editor.text.indexOf('\r\ngamma');
          return [s.editor.replace(at, at + 2, '')];
        },
      ],
      ['delete the first line with its CRLF', () => [s.editor.replace(0, s.editor.text.indexOf('\n') + 1, '')]],
      [
        'two changes in one event (end first, then start)',
        () => [s.editor.replace(s.editor.text.length - 4, s.editor.text.length, 'END'), s.editor.replace(0, 5, 'START')],
      ],
      ['delete to the end', () => [s.editor.replace(3, s.editor.text.length, '')]],
      ['delete everything', () => [s.editor.replace(0, s.editor.text.length, '')]],
      ['type into the empty document', () => [s.editor.replace(0, 0, 'a'), s.editor.replace(1, 1, '\r\n'), s.editor.replace(3, 3, 'b')]],
      ['full-text change', () => [s.editor.setText('one\r\ntwo\r\nthree')]],
      ['edit after the full-text change', () => [s.editor.replace(5, 8, 'TWO')]],
    ];
    for (const [what, make] of steps) {
      s.lsp.change(URI, s.version(), make());
      assertInStep(s, what);
    }
    assert.equal(s.counts.stats().fallbacks, 0);
  });

  test('a one-line edit in a large document re-encodes a chunk or two, not the file', () => {
    const s = setup(sourceText(20_000, '\n', seededRandom(5)));
    const doc = s.counts.document(URI);
    assert.ok(doc);
    const before = doc.recountedChunks;
    const at = s.editor.text.indexOf('\n', s.editor.text.length >> 1) + 1;
    s.lsp.change(URI, s.version(), [s.editor.replace(at, at, '// edited ')]);
    assert.ok(doc.recountedChunks - before <= 3, `recounted ${doc.recountedChunks - before} chunks`);
    assertInStep(s, 'the edit');
  });

  test('changes it cannot replay exactly fall back to a whole-text recount', () => {
    const s = setup('one\r\ntwo\r\nthree');
    const change = (what: string, changes: TextDocumentContentChangeEvent[], expected: string): void => {
      const before = s.counts.stats().fallbacks;
      s.lsp.change(URI, s.version(), changes);
      s.editor.text = expected;
      assertInStep(s, what);
      assert.equal(s.counts.stats().fallbacks, before + 1, `${what} falls back`);
    };
    // Past the end of a line: the editor's document clamps before the CRLF, a naive replay would not.
    change(
      'character past the line end',
      [{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: '!' }],
      'one!\r\ntwo\r\nthree',
    );
    change(
      'line past the end',
      [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: '?' }],
      'one!\r\ntwo\r\nthree?',
    );
    change(
      'a range given end first',
      [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 0 } }, text: 'TWO' }],
      'one!\r\nTWO\r\nthree?',
    );
    change(
      'a rangeLength that disagrees',
      [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, rangeLength: 5, text: 'O' }],
      'One!\r\nTWO\r\nthree?',
    );
    // A lone CR is a line break for LSP: line numbers no longer match a split on \n.
    change(
      'inserting a lone CR',
      [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '\r' }],
      'O\rne!\r\nTWO\r\nthree?',
    );
    change(
      'an edit below the lone CR',
      [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, text: 'two' }],
      'O\rne!\r\ntwo\r\nthree?',
    );
    change(
      'removing the lone CR',
      [{ range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } }, text: '' }],
      'One!\r\ntwo\r\nthree?',
    );
    // Back in step: the next plain edit is replayed.
    const incremental = s.counts.stats().incremental;
    s.lsp.change(URI, s.version(), [s.editor.replace(0, 1, 'o')]);
    assertInStep(s, 'a plain edit after the fallbacks');
    assert.equal(s.counts.stats().incremental, incremental + 1);
  });

  test('a missed change event (version gap) is caught and recounted', () => {
    const s = setup('a\nb\nc');
    const doc = s.lsp.documents.get(URI);
    assert.ok(doc);
    TextDocument.update(doc, [s.editor.replace(0, 1, 'A')], s.version()); // behind the tracker's back
    s.lsp.change(URI, s.version(), [s.editor.replace(2, 3, 'B')]);
    assertInStep(s, 'the event after the missed one');
    assert.equal(s.counts.stats().fallbacks, 1);
  });

  test('documents from a plain TextDocuments (no recorded changes) are recounted from their text', () => {
    const lsp = lspDocuments(new TextDocuments(TextDocument));
    const counts = new OpenDocumentCounts(count);
    counts.listen(lsp.port);
    lsp.open(URI, 'x y\nz');
    const doc = lsp.documents.get(URI);
    assert.ok(doc);
    counts.open(doc);
    lsp.change(URI, 2, [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, rangeLength: 0, text: ' w' }]);
    assert.equal(counts.tokens(URI), fresh('x y\nz w'));
    assert.deepEqual(counts.stats(), { incremental: 0, fullText: 0, fallbacks: 1 });
  });

  test('untracked documents are ignored, closed ones dropped, and a failing count never throws', () => {
    const s = setup('a b c');
    s.lsp.open('file:///other.ts', 'untracked');
    s.lsp.change('file:///other.ts', 2, [{ text: 'still untracked' }]);
    assert.equal(s.counts.tokens('file:///other.ts'), undefined);

    let broken = false;
    const lsp = lspDocuments();
    const counts = new OpenDocumentCounts((t) => {
      if (broken) throw new Error('encoder disposed');
      return count(t);
    });
    counts.listen(lsp.port);
    lsp.open(URI, 'p q');
    const doc = lsp.documents.get(URI);
    assert.ok(doc);
    counts.open(doc);
    broken = true;
    assert.doesNotThrow(() => lsp.change(URI, 2, [{ text: 'r s t' }]));
    assert.equal(counts.tokens(URI), undefined, 'dropped, to be counted afresh on next use');

    s.lsp.close(URI);
    assert.equal(s.counts.tokens(URI), undefined);
  });
});
