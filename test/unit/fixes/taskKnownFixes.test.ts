// Known fixes for a dispatched task: errors of files the task names or the session edited, and
// the text left alone when nothing matches.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../../../src/core/fixes/fixRepository';
import { knownFixLine } from '../../../src/core/fixes/knownFixes';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import { type DiagnosticInfo } from '../../../src/core/fixes/textTypes';
import { taskErrors, taskKnownFixes, withKnownFixes } from '../../../src/core/fixes/taskKnownFixes';

const err = (name: string): DiagnosticInfo => ({
  message: `Cannot assign to '${name}' because it is a constant.`,
  source: 'ts',
  code: 2588,
  severity: 'error',
  range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
});
const files = [
  { path: '/w/src/b.ts', languageId: 'typescript', diagnostics: [err('max')] },
  { path: '/w/src/other.ts', languageId: 'typescript', diagnostics: [err('x')] },
  { path: '/w/lib/edited.ts', diagnostics: [err('y'), { ...err('z'), severity: 'warning' as const }] },
];

describe('task known fixes', () => {
  test('errors come from files the task names (path or file name) or the session edited', () => {
    const errors = taskErrors({ text: 'Fix the build error in b.ts please', folder: '/w', workingSet: ['lib/edited.ts'], files });
    assert.deepEqual(
      errors.map((e) => e.file),
      ['src/b.ts', 'lib/edited.ts'],
    );
    assert.equal(taskErrors({ text: 'Look at src/other.ts', folder: '/w/', workingSet: [], files }).length, 1);
    assert.equal(taskErrors({ text: 'Improve the docs', folder: '/w', workingSet: [], files }).length, 0);
  });

  test('matching learned fixes are appended briefly; otherwise the text is unchanged', async () => {
    const store = await FixStore.open(new InMemoryFixRepository());
    assert.equal(withKnownFixes(store, { text: 'Fix b.ts', folder: '/w', workingSet: [], files }, 0.6), 'Fix b.ts');
    await store.learn({
      error: { message: err('limit').message, source: 'ts', code: 2588, languageId: 'typescript', file: '/w/a.ts' },
      diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit = 1;\nlimit = 2;\n'),
      origin: 'manual',
      now: 1,
    });
    const text = withKnownFixes(store, { text: 'Fix b.ts', folder: '/w', workingSet: [], files }, 0.6);
    assert.match(text, /^Fix b\.ts\n\nKnown fixes for errors currently in these files/);
    assert.match(text, /\+let limit = 1;/);
    assert.ok(text.length < 1600);
  });

  test("the fixes for given files (a handoff's), one line each", async () => {
    const store = await FixStore.open(new InMemoryFixRepository());
    await store.learn({
      error: { message: err('limit').message, source: 'ts', code: 2588, languageId: 'typescript', file: '/w/a.ts' },
      diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit = 1;\nlimit = 2;\n'),
      origin: 'manual',
      now: 1,
    });
    assert.deepEqual(taskKnownFixes(store, { text: '', folder: '/w', workingSet: ['/w/docs/none.md'], files }, 0.6), []);
    const found = taskKnownFixes(store, { text: '', folder: '/w', workingSet: ['/w/src/b.ts'], files }, 0.6);
    assert.equal(found.length, 1);
    const line = found[0] ? knownFixLine(found[0]) : '';
    assert.match(line, /^Cannot assign to 'max' because it is a constant\. \(src\/b\.ts\): ".+", worked 0\/0 times$/);
  });
});
