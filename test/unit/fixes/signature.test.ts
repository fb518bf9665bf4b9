import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCode, canonicalLanguage, canonicalSource, errorSignature, signError } from '../../../src/core/fixes/signature';
import { headLine, normalizeMessage } from '../../../src/core/fixes/messageNormalizer';
import { MUST_MATCH, MUST_NOT_MATCH } from './fixtures/errorMessages';

describe('error signatures', () => {
  for (const pair of MUST_MATCH) {
    test(`same signature: ${pair.name}`, () => {
      const a = errorSignature(pair.a);
      const b = errorSignature(pair.b);
      assert.equal(a.key, b.key, `${a.normalized} | ${b.normalized}`);
    });
  }
  for (const pair of MUST_NOT_MATCH) {
    test(`different signature: ${pair.name}`, () => {
      assert.notEqual(errorSignature(pair.a).key, errorSignature(pair.b).key);
    });
  }

  test('keeps source, code, language and the message shape', () => {
    const s = errorSignature({
      message: "Type 'string' is not assignable to type 'number'.",
      source: 'ts',
      code: 'TS2322',
      file: '/x/y.tsx',
    });
    assert.deepEqual(
      { language: s.language, source: s.source, code: s.code, normalized: s.normalized },
      { language: 'typescript', source: 'ts', code: '2322', normalized: 'type <q> is not assignable to type <q>' },
    );
  });

  test('identifiers are the replaced names, in order', () => {
    assert.deepEqual(signError({ message: "Property 'foo' does not exist on type 'Bar'.", source: 'ts', code: 2339 }).identifiers, [
      'foo',
      'Bar',
    ]);
    assert.deepEqual(signError({ message: 'undefined: fooBar', languageId: 'go' }).identifiers, ['fooBar']);
    assert.deepEqual(
      signError({ message: 'cannot use x (variable of type int) as string value in assignment', languageId: 'go' }).identifiers,
      ['x', 'int', 'string'],
    );
  });

  test('normalizes paths, urls, times, hex, numbers but not words with digits', () => {
    const n = normalizeMessage(
      'at C:\\src\\a.ts and src/b/c.py and https://x.io/a?b=1 at 12:30:01 0xdeadBEEF 42 items utf8 E0308',
      'unknown',
    );
    assert.equal(n.normalized, 'at <path> and <path> and <url> at <time> <hex> <n> item utf8 e0308');
  });

  test('apostrophes inside words are not quotes', () => {
    assert.equal(normalizeMessage("Module doesn't export 'a'", 'unknown').normalized, "module doesn't export <q>");
  });

  test('head line of a traceback is its exception line', () => {
    assert.equal(headLine('Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nKeyError: 3\n'), 'KeyError: 3');
    assert.equal(headLine('\n\nfirst\nsecond'), 'first');
  });

  test('canonical names', () => {
    assert.equal(canonicalSource('Pylance'), 'pyright');
    assert.equal(canonicalSource('typescript'), 'ts');
    assert.equal(canonicalCode('ts1005', 'ts'), '1005');
    assert.equal(canonicalCode('e0308', 'rustc'), 'E0308');
    assert.equal(canonicalLanguage('javascriptreact'), 'javascript');
    assert.equal(canonicalLanguage(undefined, 'main.rs'), 'rust');
    assert.equal(canonicalLanguage(undefined, undefined, 'mypy'), 'python');
    assert.equal(canonicalLanguage(undefined, 'README'), 'unknown');
  });

  test('odd input does not throw', () => {
    for (const message of ['', '\n\n', "'unterminated", '""', '`', '0x', '.'.repeat(10_000)]) {
      assert.equal(typeof errorSignature({ message }).key, 'string');
    }
  });
});
