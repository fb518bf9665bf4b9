import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractErrors } from '../../../src/core/fixes/errorExtraction';
import { errorSignature } from '../../../src/core/fixes/signature';
import * as out from './fixtures/toolOutputs';

const brief = (text: string): Array<[string, string | undefined, string | number | undefined, string | undefined]> =>
  extractErrors(text).map((e) => [e.message, e.source, e.code, e.file]);

describe('error extraction from tool output', () => {
  test('tsc (plain and pretty)', () => {
    assert.deepEqual(brief(out.TSC_OUTPUT), [
      ["Type 'string' is not assignable to type 'number'.", 'ts', 'TS2322', 'src/api/client.ts'],
      ["Cannot find name 'fetchJson'.", 'ts', 'TS2304', 'src/api/client.ts'],
    ]);
    assert.deepEqual(brief(out.TSC_PRETTY), [["Property 'foo' does not exist on type 'Bar'.", 'ts', 'TS2339', 'src/a.ts']]);
  });

  test('the tsc CLI error signs like the language service diagnostic', () => {
    const [cli] = extractErrors(out.TSC_OUTPUT);
    assert.ok(cli);
    assert.equal(
      errorSignature(cli).key,
      errorSignature({ message: "Type 'A' is not assignable to type 'B'.", source: 'ts', code: 2322, languageId: 'typescript' }).key,
    );
  });

  test('eslint stylish: errors only, with the rule', () => {
    assert.deepEqual(brief(out.ESLINT_STYLISH), [
      ["'unused' is assigned a value but never used", 'eslint', '@typescript-eslint/no-unused-vars', '/home/ana/proj/src/index.ts'],
    ]);
  });

  test('rustc with E-code and location', () => {
    const [e] = extractErrors(out.CARGO_OUTPUT);
    assert.deepEqual([e?.message, e?.code, e?.file, e?.line], ['mismatched types', 'E0308', 'src/main.rs', 4]);
    assert.equal(extractErrors(out.CARGO_OUTPUT).length, 1, 'the summary "could not compile" line has no location');
  });

  test('go build and go vet', () => {
    assert.deepEqual(brief(out.GO_BUILD), [
      ['declared and not used: count', 'go', undefined, 'main.go'],
      ['undefined: fmt.Printl', 'go', undefined, 'main.go'],
    ]);
    assert.deepEqual(brief(out.GO_VET), [['fmt.Printf format %d has arg name of wrong type string', 'vet', undefined, 'main.go']]);
  });

  test('mypy and pyright', () => {
    assert.deepEqual(brief(out.MYPY_OUTPUT), [
      ['Argument 1 to "save" has incompatible type "str"; expected "int"', 'mypy', 'arg-type', 'app/models.py'],
    ]);
    assert.deepEqual(brief(out.PYRIGHT_OUTPUT), [
      ['"requests" is not defined', 'pyright', 'reportUndefinedVariable', '/home/ana/app/views.py'],
    ]);
  });

  test('python traceback: the exception with the innermost frame', () => {
    const [e] = extractErrors(out.PY_TRACEBACK);
    assert.deepEqual(
      [e?.message, e?.file, e?.line],
      ["ValueError: invalid literal for int() with base 10: 'abc'", '/home/ana/app/main.py', 8],
    );
  });

  test('pytest: E line and FAILED summary sign alike', () => {
    const errors = extractErrors(out.PYTEST_OUTPUT);
    assert.equal(errors.length, 2);
    assert.equal(new Set(errors.map((e) => errorSignature(e).key)).size, 1);
  });

  test('node stack traces; plain text yields nothing', () => {
    assert.deepEqual(brief(out.NODE_STACK), [
      ["TypeError: Cannot read properties of undefined (reading 'map')", 'node', undefined, undefined],
    ]);
    assert.deepEqual(extractErrors('All tests passed.\nDone in 3.2s\nerror handling is fine'), []);
    assert.deepEqual(extractErrors(''), []);
  });
});
