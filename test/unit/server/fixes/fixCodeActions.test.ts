// The code actions learned fixes offer: apply (with the adapted edit and the counting command),
// show (when the fix cannot be placed), remember (errors without a fix); warnings get nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import { FixStore } from '../../../../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../../../../src/core/fixes/fixRepository';
import { makeUnifiedDiff } from '../../../../src/core/fixes/unifiedDiff';
import { FixServerCommands } from '../../../../src/protocol/fixes';
import { REMEMBER_FIX_COMMAND, planFixCodeActions } from '../../../../src/server/fixes/fixCodeActions';

const BEFORE_A = 'const limit = 1;\nlimit = 2;\nexport { limit };\n';
const AFTER_A = 'let limit = 1;\nlimit = 2;\nexport { limit };\n';
const B = 'const max = 1;\nmax = 2;\nexport { max };\n';

function tsError(name: string, line: number): Diagnostic {
  return {
    message: `Cannot assign to '${name}' because it is a constant.`,
    source: 'ts',
    code: 2588,
    severity: 1,
    range: { start: { line, character: 0 }, end: { line, character: name.length } },
  };
}

async function storeWithFix(): Promise<FixStore> {
  const store = await FixStore.open(new InMemoryFixRepository());
  await store.learn({
    error: {
      message: "Cannot assign to 'limit' because it is a constant.",
      source: 'ts',
      code: 2588,
      languageId: 'typescript',
      file: '/w/a.ts',
    },
    diff: makeUnifiedDiff(BEFORE_A, AFTER_A, { fromFile: 'a/a.ts', toFile: 'b/a.ts' }),
    origin: 'diagnostic',
    anchorLine: 1,
    file: '/w/a.ts',
    now: 1000,
  });
  return store;
}

describe('planFixCodeActions', () => {
  test('the same error in another file with another name is offered as an applicable edit', async () => {
    const store = await storeWithFix();
    const plan = planFixCodeActions(store, {
      uri: 'file:///w/b.ts',
      languageId: 'typescript',
      text: B,
      diagnostics: [tsError('max', 1)],
      threshold: 0.6,
    });
    assert.equal(plan.actions.length, 1);
    const [action] = plan.actions;
    assert.ok(action);
    assert.match(action.title, /^Apply learned fix: Cannot assign to 'limit'/);
    assert.equal(action.isPreferred, true);
    const edits = action.edit?.changes?.['file:///w/b.ts'];
    assert.ok(edits && edits.length === 1);
    assert.match(edits[0]?.newText ?? '', /^let max = 1;/);
    assert.equal(action.command?.command, FixServerCommands.applied);
    assert.deepEqual(plan.offered, [store.all()[0]?.id]);
  });

  test('a fix whose code is not found nearby is shown instead of applied', async () => {
    const store = await storeWithFix();
    const text = 'function f() {\n  const other = 3;\n  other = 4;\n}\n';
    const plan = planFixCodeActions(store, {
      uri: 'file:///w/c.ts',
      languageId: 'typescript',
      text,
      diagnostics: [tsError('other', 2)],
      threshold: 0.6,
    });
    assert.equal(plan.actions.length, 1);
    assert.match(plan.actions[0]?.title ?? '', /^Show learned fix:/);
    assert.equal(plan.actions[0]?.command?.command, FixServerCommands.show);
    assert.equal(plan.actions[0]?.edit, undefined);
  });

  test('an error without a learned fix offers Remember Fix; warnings offer nothing', async () => {
    const store = await storeWithFix();
    const other: Diagnostic = {
      message: "Cannot find name 'foo'.",
      source: 'ts',
      code: 2304,
      severity: 1,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    };
    const warning: Diagnostic = { ...tsError('max', 1), severity: 2 };
    const plan = planFixCodeActions(store, {
      uri: 'file:///w/b.ts',
      languageId: 'typescript',
      text: B,
      diagnostics: [other, warning],
      threshold: 0.6,
    });
    assert.equal(plan.actions.length, 1);
    assert.equal(plan.actions[0]?.command?.command, REMEMBER_FIX_COMMAND);
    assert.equal(plan.actions[0]?.command?.arguments?.[0], 'file:///w/b.ts');
    assert.deepEqual(plan.offered, []);
  });
});
