// Tests: Task-text analysis and context-independent task recognition.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/routing/fileIndex';
import { analyzeTaskText, filesNamedBy } from '../../../src/core/routing/textAnalysis';
import { recognizeIndependent } from '../../../src/core/routing/independence';

function index(): FileIndex {
  const f = new FileIndex();
  for (const p of [
    'api/src/auth/session.ts',
    'api/src/auth/tokenStore3.ts',
    'api/src/billing/invoiceView2.ts',
    'app/src/state/cart3.tsx',
    'app/src/forms/cart3.ts',
    'app/src/components/userView7.tsx',
  ])
    f.add(p);
  return f;
}

describe('task-text analysis', () => {
  test('a workspace path is resolved exactly, and by suffix', () => {
    const a = analyzeTaskText('Look at api/src/auth/session.ts and auth/tokenStore3.ts please', index());
    assert.deepEqual(
      a.files.map((m) => [m.path, m.via, m.weight]),
      [
        ['api/src/auth/session.ts', 'path', 1],
        ['api/src/auth/tokenStore3.ts', 'path', 1],
      ],
    );
  });

  test('a file name is resolved; the extension tells same-stem files apart', () => {
    const a = analyzeTaskText('Fix the failing check in cart3.ts', index());
    assert.deepEqual(
      a.files.map((m) => m.path),
      ['app/src/forms/cart3.ts'],
    );
    assert.equal(a.files[0]?.via, 'name');
  });

  test('a symbol named after its file resolves to it (use/validate prefixes too)', () => {
    for (const sym of ['InvoiceView2', 'useInvoiceView2', 'validateInvoiceView2']) {
      const a = analyzeTaskText(`Add input validation to ${sym}`, index());
      assert.deepEqual(
        a.files.map((m) => [m.path, m.via]),
        [['api/src/billing/invoiceView2.ts', 'symbol']],
        sym,
      );
    }
    assert.deepEqual(filesNamedBy('useTokenStore3', index()), ['api/src/auth/tokenStore3.ts']);
    assert.deepEqual(filesNamedBy('Nothing9', index()), []);
  });

  test('an ambiguous symbol is shared between its candidates', () => {
    const a = analyzeTaskText('Add input validation to Cart3', index());
    assert.equal(a.files.length, 2);
    assert.ok(a.files.every((m) => m.weight === 0.45));
  });

  test('the symbol index is asked first', () => {
    const symbols = { lookup: (s: string): readonly string[] => (s === 'refreshSession' ? ['api/src/auth/session.ts'] : []) };
    const a = analyzeTaskText('Make refreshSession retry', index(), symbols);
    assert.deepEqual(
      a.files.map((m) => [m.path, m.via, m.weight]),
      [['api/src/auth/session.ts', 'symbol', 1]],
    );
  });

  test('plain words are matched against directory segments (plural or singular)', () => {
    const a = analyzeTaskText('Refactor the billing flow and the component tree', index());
    assert.deepEqual(a.areas.map((x) => [x.dir, x.word]).sort(), [
      ['api/src/billing', 'billing'],
      ['app/src/components', 'component'],
    ]);
    assert.ok(!a.words.includes('the'));
  });

  test('a directory path names an area (and the directories under it)', () => {
    const f = index();
    f.add('api/src/auth/oauth/google.ts');
    const a = analyzeTaskText('Clean up src/auth before the release', f);
    assert.deepEqual(a.files, []);
    assert.deepEqual(a.areas.map((x) => x.dir).sort(), ['api/src/auth', 'api/src/auth/oauth']);
    assert.deepEqual(a.unresolved, []);
  });

  test('a longer word names a folder it starts with, at half weight', () => {
    const a = analyzeTaskText('The authentication is slow', index());
    assert.deepEqual(
      a.areas.map((x) => [x.dir, x.weight]),
      [['api/src/auth', 0.5]],
    );
  });

  test('a deleted file is no longer resolved', () => {
    const f = index();
    assert.equal(f.remove('app/src/forms/cart3.ts'), true);
    assert.equal(f.remove('app/src/forms/cart3.ts'), false);
    assert.deepEqual(
      analyzeTaskText('Add input validation to Cart3', f).files.map((m) => [m.path, m.weight]),
      [['app/src/state/cart3.tsx', 0.9]],
    );
    assert.equal(f.countInDir('app/src/forms'), 0);
  });

  test('file-like tokens that match nothing are reported as unresolved', () => {
    const a = analyzeTaskText('Fix the failing check in missing9.ts and src/nowhere/x', index());
    assert.deepEqual(a.files, []);
    assert.deepEqual([...a.unresolved].sort(), ['missing9.ts', 'src/nowhere/x']);
  });
});

describe('context-independent tasks', () => {
  test('formatting, headers, generated docs and per-file tests are recognized', () => {
    for (const text of [
      'Run the formatter over the repository',
      'Update the license header in every file',
      'Regenerate the API docs',
      'Write unit tests for each file in src/utils',
      'Add a copyright header to all files',
    ]) {
      assert.equal(recognizeIndependent(text).independent, true, text);
    }
  });

  test('ordinary tasks are not, and a hand mark wins either way', () => {
    assert.equal(recognizeIndependent('Fix the failing check in session.ts').independent, false);
    assert.equal(recognizeIndependent('Refactor the auth token flow to handle errors').independent, false);
    assert.deepEqual(recognizeIndependent('Fix session.ts', true), { independent: true, why: 'marked context-independent' });
    assert.equal(recognizeIndependent('Run the formatter over the repository', false).independent, false);
  });
});
