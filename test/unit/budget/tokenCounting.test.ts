// Token counting: lazy encoder load, content-hash cache, and the incremental document whose count
// after random edits equals a full recount of the resulting text.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TokenCounter, modelTokenFactor, type TokenEncoder } from '../../../src/core/budget/tokenCounter';
import {
  IncrementalTokenDocument,
  chunkedTokenCount,
  openTokenDocument,
  type TextEdit,
} from '../../../src/core/budget/incrementalDocument';
import { rng } from '../../support/budget/transcriptBuilder';

/** A deterministic fake encoder: one token per word or punctuation run; counts its calls. */
function fakeLoader(): { loader: () => Promise<TokenEncoder>; loads: () => number; calls: () => number } {
  let loads = 0;
  let calls = 0;
  return {
    loader: async () => {
      loads++;
      return {
        count: (t: string) => {
          calls++;
          return (t.match(/\w+|[^\w\s]+|\n/g) ?? []).length;
        },
        dispose: () => undefined,
      };
    },
    loads: () => loads,
    calls: () => calls,
  };
}

function applyToString(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += (lines[i]?.length ?? 0) + 1;
    return o + p.character;
  };
  return text.slice(0, offset(e.start)) + e.text + text.slice(offset(e.end));
}

function randomEdit(text: string, r: () => number): TextEdit {
  const lines = text.split('\n');
  const pos = (): { line: number; character: number } => {
    const line = Math.floor(r() * lines.length);
    return { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 1)) };
  };
  let a = pos();
  let b = r() < 0.5 ? { ...a } : pos();
  if (b.line < a.line || (b.line === a.line && b.character < a.character)) [a, b] = [b, a];
  if (b.line - a.line > 40) b = { line: a.line, character: a.character };
  const kinds = ['', 'x', 'const y = 2;', '\n', 'a\nb\nc\n', '\n\n  return value;\n}\n', '😀 ünïcode'];
  return { start: a, end: b, text: kinds[Math.floor(r() * kinds.length)] ?? '' };
}

function sourceText(lines: number, r: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = Math.floor(r() * 5);
    out.push(
      kind === 0 ? '' : kind === 1 ? '}' : `${'  '.repeat(Math.floor(r() * 4))}const v${i} = compute(${Math.floor(r() * 1000)}, "s${i}");`,
    );
  }
  return out.join('\n');
}

describe('TokenCounter', () => {
  test('the encoder loads lazily, once, even for concurrent first calls', async () => {
    const f = fakeLoader();
    const counter = new TokenCounter({ loader: f.loader });
    assert.equal(f.loads(), 0);
    assert.equal(counter.isLoaded(), false);
    assert.throws(() => counter.countLoaded('x'), /not loaded/);
    const [a, b] = await Promise.all([counter.count('hello world'), counter.count('hello there')]);
    assert.equal(a, 2);
    assert.equal(b, 2);
    assert.equal(f.loads(), 1);
  });

  test('counts are cached by content hash', async () => {
    const f = fakeLoader();
    const counter = new TokenCounter({ loader: f.loader, maxEntries: 2 });
    await counter.count('one two');
    await counter.count('one two');
    assert.equal(f.calls(), 1);
    assert.deepEqual(counter.stats(), { hits: 1, misses: 1, entries: 1 });
    await counter.count('three');
    await counter.count('four');
    assert.equal(counter.stats().entries, 2, 'LRU bound');
    await counter.count('one two');
    assert.equal(f.calls(), 4, 'evicted entry recounted');
    assert.equal(await counter.count(''), 0);
  });

  test('real tiktoken o200k_base counts (an estimate) and special-token text is ordinary', async () => {
    const counter = new TokenCounter();
    try {
      assert.equal(await counter.count('hello world'), 2);
      assert.ok((await counter.count('<|endoftext|> is just text')) > 3);
    } finally {
      counter.dispose();
    }
  });

  test('model calibration factors', () => {
    assert.equal(modelTokenFactor('claude-sonnet-4-5'), 1.2);
    assert.equal(modelTokenFactor('claude-opus-4-7'), 1.55);
    assert.equal(modelTokenFactor('gpt-5'), 1);
  });
});

describe('IncrementalTokenDocument', () => {
  test('random edits: text and count equal a full recount of the result', async () => {
    const f = fakeLoader();
    const counter = new TokenCounter({ loader: f.loader });
    await counter.ready();
    const count = (t: string): number => counter.countLoaded(t);
    const r = rng(1234);
    let text = sourceText(3000, r);
    const doc = new IncrementalTokenDocument(count, text);
    assert.equal(doc.tokens, chunkedTokenCount(count, text));
    for (let i = 0; i < 400; i++) {
      const edit = randomEdit(text, r);
      text = applyToString(text, edit);
      doc.applyEdit(edit);
      if (i % 20 === 0 || i > 390) {
        assert.equal(doc.text, text, `text after edit ${i}`);
        assert.equal(doc.tokens, chunkedTokenCount(count, text), `count after edit ${i}`);
      }
    }
  });

  test('length follows edits without joining the lines', () => {
    const count = (t: string): number => t.length;
    const r = rng(4321);
    let text = sourceText(500, r);
    const doc = new IncrementalTokenDocument(count, text);
    for (let i = 0; i < 200; i++) {
      const edit = randomEdit(text, r);
      text = applyToString(text, edit);
      doc.applyEdit(edit);
      assert.equal(doc.length, text.length, `length after edit ${i}`);
    }
  });

  test('tryApplyEdit applies exact LSP edits and refuses, unchanged, what an LSP document reads differently', () => {
    const count = (t: string): number => t.length;
    const doc = new IncrementalTokenDocument(count, 'ab\r\ncd\r\nef');
    const at = (line: number, character: number): { line: number; character: number } => ({ line, character });
    assert.equal(doc.tryApplyEdit({ start: at(0, 2), end: at(1, 0), text: '' }, 2), true, 'deleting a CRLF');
    assert.equal(doc.text, 'abcd\r\nef');
    assert.equal(doc.length, 8);
    for (const [edit, rangeLength] of [
      [{ start: at(0, 5), end: at(0, 5), text: 'x' }, undefined], // between \r and \n
      [{ start: at(2, 0), end: at(2, 0), text: 'x' }, undefined], // no such line
      [{ start: at(0, 2), end: at(0, 1), text: 'x' }, undefined], // end before start
      [{ start: at(0, -1), end: at(0, 1), text: 'x' }, undefined],
      [{ start: at(0, 0.5), end: at(0, 1), text: 'x' }, undefined],
      [{ start: at(0, 0), end: at(0, 1), text: 'x' }, 2], // wrong rangeLength
      [{ start: at(0, 1), end: at(0, 1), text: '\r' }, undefined], // makes a lone CR
      [{ start: at(1, 2), end: at(1, 2), text: 'z\r' }, undefined], // a lone CR at the end of the text
    ] as const) {
      assert.equal(doc.tryApplyEdit(edit, rangeLength), false, JSON.stringify(edit));
      assert.equal(doc.text, 'abcd\r\nef');
    }
    assert.equal(doc.tryApplyEdit({ start: at(0, 4), end: at(0, 4), text: '\r\nnew' }, 0), true, 'insert before a CRLF');
    assert.equal(doc.text, 'abcd\r\nnew\r\nef');
    assert.equal(doc.tokens, chunkedTokenCount(count, doc.text));
    const lone = new IncrementalTokenDocument(count, 'a\rb\nc');
    assert.equal(lone.tryApplyEdit({ start: at(1, 0), end: at(1, 0), text: 'x' }), false, 'a text with a lone CR is never edited in place');
    lone.setText('a\r\nb');
    assert.equal(lone.tryApplyEdit({ start: at(1, 0), end: at(1, 0), text: 'x' }), true, 'setText clears it');
    assert.equal(lone.text, 'a\r\nxb');
  });

  test('openTokenDocument loads the encoder and counts through the cache', async () => {
    const f = fakeLoader();
    const counter = new TokenCounter({ loader: f.loader });
    const doc = await openTokenDocument(counter, 'a b c\n'.repeat(50));
    assert.equal(f.loads(), 1);
    assert.ok(doc.tokens > 0);
    const again = await openTokenDocument(counter, 'a b c\n'.repeat(50));
    assert.equal(again.tokens, doc.tokens);
    assert.ok(counter.stats().hits > 0, 'identical chunks are cache hits');
  });

  test('edits at the very start and end, deleting everything, and an empty document', () => {
    const count = (t: string): number => (t.match(/\S+|\n/g) ?? []).length;
    const doc = new IncrementalTokenDocument(count, '');
    assert.equal(doc.tokens, 0);
    doc.applyEdit({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, text: 'a b\nc d\n' });
    assert.equal(doc.text, 'a b\nc d\n');
    assert.equal(doc.tokens, chunkedTokenCount(count, doc.text));
    doc.applyEdit({ start: { line: 2, character: 0 }, end: { line: 2, character: 0 }, text: 'tail' });
    assert.equal(doc.text, 'a b\nc d\ntail');
    doc.applyEdit({ start: { line: 0, character: 0 }, end: { line: 99, character: 99 }, text: '' });
    assert.equal(doc.text, '');
    assert.equal(doc.tokens, 0);
  });

  test('a one-line edit in a large file recounts one or two chunks, not the file', () => {
    const r = rng(9);
    const text = sourceText(25_000, r);
    const count = (t: string): number => (t.match(/\w+|[^\w\s]+|\n/g) ?? []).length;
    const doc = new IncrementalTokenDocument(count, text);
    assert.ok(doc.chunkCount > 300);
    const before = doc.recountedChunks;
    doc.applyEdit({ start: { line: 12_345, character: 0 }, end: { line: 12_345, character: 0 }, text: '// edited ' });
    assert.ok(doc.recountedChunks - before <= 3, `recounted ${doc.recountedChunks - before} chunks`);
    assert.equal(doc.tokens, chunkedTokenCount(count, doc.text));
  });

  describe('with the real encoder', () => {
    const counter = new TokenCounter();
    before(async () => counter.ready());
    after(() => counter.dispose());

    test('chunked total stays within 1 % of a whole-text encode and equals a recount after edits', () => {
      const r = rng(77);
      let text = sourceText(2000, r);
      const count = (t: string): number => counter.countLoaded(t);
      const doc = new IncrementalTokenDocument(count, text);
      const whole = counter.countLoaded(text);
      assert.ok(Math.abs(doc.tokens - whole) / whole < 0.01, `${doc.tokens} vs ${whole}`);
      for (let i = 0; i < 50; i++) {
        const edit = randomEdit(text, r);
        text = applyToString(text, edit);
        doc.applyEdit(edit);
      }
      assert.equal(doc.text, text);
      assert.equal(doc.tokens, chunkedTokenCount(count, text));
    });
  });
});
