import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adaptFix, nameSubstitutions, substituteNames } from '../../../src/core/fixes/fixAdaptation';
import { signError } from '../../../src/core/fixes/signature';
import { applyTextEdits } from '../../../src/core/fixes/textEdits';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';

const range = (line: number): { start: { line: number; character: number }; end: { line: number; character: number } } => ({
  start: { line, character: 0 },
  end: { line, character: 1 },
});
const ts2339 = (prop: string, type: string): ReturnType<typeof signError> =>
  signError({ message: `Property '${prop}' does not exist on type '${type}'.`, source: 'ts', code: 2339, languageId: 'typescript' });

// Learned in one file: `user.nmae` misspelled, fixed to `user.name`.
const learnedBefore = 'function show(user: User) {\n  console.log(user.nmae);\n}\n';
const learnedAfter = 'function show(user: User) {\n  console.log(user.name);\n}\n';
const learned = ts2339('nmae', 'User');
const fix = { diff: makeUnifiedDiff(learnedBefore, learnedAfter), fixIdentifiers: learned.identifiers, anchorLine: 1 };

describe('adapting a learned fix', () => {
  test('the same fix at the same code in another file', () => {
    const doc = 'import x from "y";\n\nfunction show(user: User) {\n  console.log(user.nmae);\n}\n';
    const r = adaptFix({ ...fix, documentText: doc, diagnosticRange: range(3), identifiers: learned.identifiers });
    assert.ok(r.ok);
    assert.equal(applyTextEdits(doc, r.edits), doc.replace('nmae', 'name'));
  });

  test('names substituted from the new message and indentation adjusted', () => {
    const doc =
      'class A {\n    method() {\n        function show(account: Account) {\n            console.log(account.nmae);\n        }\n    }\n}\n';
    const next = ts2339('nmae', 'Account');
    const r = adaptFix({
      ...fix,
      diff: makeUnifiedDiff(
        'function show(user: User) {\n  console.log(user.nmae);\n}\n',
        'function show(user: User) {\n  console.log(user.name);\n}\n',
      ),
      documentText: doc,
      diagnosticRange: range(3),
      identifiers: next.identifiers,
    });
    assert.equal(r.ok, false, 'the context names `user`, which the message does not carry');
    const doc2 =
      'class A {\n    method() {\n        function show(user: Account) {\n            console.log(user.nmae);\n        }\n    }\n}\n';
    const r2 = adaptFix({ ...fix, documentText: doc2, diagnosticRange: range(3), identifiers: next.identifiers });
    assert.ok(r2.ok);
    assert.deepEqual(r2.substitutions, [['User', 'Account']]);
    assert.equal(applyTextEdits(doc2, r2.edits), doc2.replace('user.nmae', 'user.name'));
  });

  test('a renamed identifier from the message is substituted in the diff', () => {
    const before = 'const total: number = count;\n';
    const after = 'const total: number = Number(count);\n';
    const learnedError = signError({
      message: "Type 'string' is not assignable to type 'number'.",
      source: 'ts',
      code: 2322,
      languageId: 'typescript',
    });
    const newError = signError({
      message: "Type 'string' is not assignable to type 'bigint'.",
      source: 'ts',
      code: 2322,
      languageId: 'typescript',
    });
    const doc = 'let a = 1;\nconst total: bigint = count;\n';
    const r = adaptFix({
      diff: makeUnifiedDiff(before, after),
      fixIdentifiers: learnedError.identifiers,
      anchorLine: 0,
      documentText: doc,
      diagnosticRange: range(1),
      identifiers: newError.identifiers,
    });
    assert.ok(r.ok);
    assert.equal(applyTextEdits(doc, r.edits), 'let a = 1;\nconst total: bigint = Number(count);\n');
  });

  test('fuzzy context: surrounding lines differ, changed lines match', () => {
    const doc = '// header\nfunction other() {\n  console.log(user.nmae);\n  return 1;\n}\n';
    const r = adaptFix({ ...fix, documentText: doc, diagnosticRange: range(2), identifiers: learned.identifiers });
    assert.ok(r.ok);
    assert.equal(applyTextEdits(doc, r.edits), doc.replace('nmae', 'name'));
  });

  test('picks the occurrence nearest the diagnostic', () => {
    const block = 'function show(user: User) {\n  console.log(user.nmae);\n}\n';
    const doc = block + '\n'.repeat(5) + block;
    const r = adaptFix({ ...fix, documentText: doc, diagnosticRange: range(9), identifiers: learned.identifiers });
    assert.ok(r.ok);
    assert.equal(r.edits[0]?.range.start.line, 8);
  });

  test('cannot adapt: code not present, too far away, or a broken diff', () => {
    const absent = adaptFix({ ...fix, documentText: 'const a = 1;\n', diagnosticRange: range(0), identifiers: learned.identifiers });
    assert.equal(absent.ok, false);
    assert.match((absent as { reason: string }).reason, /not found/);
    const far = adaptFix({
      ...fix,
      documentText: 'x\n'.repeat(200) + learnedBefore,
      diagnosticRange: range(0),
      identifiers: learned.identifiers,
    });
    assert.equal(far.ok, false);
    const broken = adaptFix({ ...fix, diff: 'nonsense', documentText: learnedBefore, diagnosticRange: range(1), identifiers: [] });
    assert.match((broken as { reason: string }).reason, /does not parse/);
  });

  test('a pure insertion needs its context', () => {
    const diff = makeUnifiedDiff('import a from "a";\nuse(b);\n', 'import a from "a";\nimport b from "b";\nuse(b);\n');
    const doc = 'import a from "a";\nuse(b);\n';
    const r = adaptFix({ diff, fixIdentifiers: [], documentText: doc, diagnosticRange: range(1), identifiers: [] });
    assert.ok(r.ok);
    assert.equal(applyTextEdits(doc, r.edits), 'import a from "a";\nimport b from "b";\nuse(b);\n');
    const elsewhere = adaptFix({ diff, fixIdentifiers: [], documentText: 'use(b);\n', diagnosticRange: range(0), identifiers: [] });
    assert.equal(elsewhere.ok, false);
  });

  test('CRLF documents and a last line without newline', () => {
    const doc = 'function show(user: User) {\r\n  console.log(user.nmae);\r\n}';
    const r = adaptFix({ ...fix, documentText: doc, diagnosticRange: range(1), identifiers: learned.identifiers });
    assert.ok(r.ok);
    assert.equal(applyTextEdits(doc, r.edits), 'function show(user: User) {\r\n  console.log(user.name);\r\n}');
  });

  test('substitution is positional, whole-word and swap-safe', () => {
    assert.deepEqual(nameSubstitutions(['a', 'b'], ['b', 'a']), [
      ['a', 'b'],
      ['b', 'a'],
    ]);
    assert.deepEqual(nameSubstitutions(['a'], ['b', 'c']), []);
    assert.equal(
      substituteNames('a + b + ab', [
        ['a', 'b'],
        ['b', 'a'],
      ]),
      'b + a + ab',
    );
    assert.equal(substituteNames('x.$el', [['$el', 'node']]), 'x.node');
  });
});
