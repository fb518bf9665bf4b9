import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentTaskEvent } from '../../../src/core/fixes/agentCapture';
import { captureFromAgentTask } from '../../../src/core/fixes/agentCapture';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import { T0 } from '../../support/fixes/builders';
import { TSC_OUTPUT, PYTEST_OUTPUT } from './fixtures/toolOutputs';

const clientDiff = {
  path: 'src/api/client.ts',
  diff: makeUnifiedDiff('const port: number = "80";\n', 'const port: number = 80;\n', {
    fromFile: 'a/src/api/client.ts',
    toFile: 'b/src/api/client.ts',
  }),
};
const otherDiff = { path: 'README.md', diff: makeUnifiedDiff('old\n', 'new\n') };
const failing: AgentTaskEvent = { kind: 'toolResult', text: TSC_OUTPUT, isError: true, toolName: 'Bash' };
const passing: AgentTaskEvent = { kind: 'toolResult', text: 'tsc: no errors', isError: false, toolName: 'Bash' };
const base = { sessionId: 's1', taskId: 't1', now: T0 };

describe('capture from agent tasks', () => {
  test('error seen, then a successful run, then success: one fix per error with the session and task', () => {
    const fixes = captureFromAgentTask({
      ...base,
      events: [failing, passing, { kind: 'outcome', success: true }],
      fileDiffs: [clientDiff, otherDiff],
    });
    assert.equal(fixes.length, 2);
    for (const f of fixes) {
      assert.equal(f.origin, 'agent');
      assert.equal(f.sessionId, 's1');
      assert.equal(f.taskId, 't1');
      assert.match(f.diff, /\+const port: number = 80;/);
      assert.doesNotMatch(f.diff, /README/, 'only the diff of the file the error named');
    }
    assert.deepEqual(fixes.map((f) => f.signature.code).sort(), ['2304', '2322']);
  });

  test('a failed task teaches nothing', () => {
    assert.deepEqual(
      captureFromAgentTask({ ...base, events: [failing, passing, { kind: 'outcome', success: false }], fileDiffs: [clientDiff] }),
      [],
    );
  });

  test('an error still shown by the last run is not taken as fixed', () => {
    assert.deepEqual(
      captureFromAgentTask({ ...base, events: [passing, failing, { kind: 'outcome', success: true }], fileDiffs: [clientDiff] }),
      [],
    );
  });

  test('no edits, or edits too large, teach nothing', () => {
    assert.deepEqual(captureFromAgentTask({ ...base, events: [failing, passing, { kind: 'outcome', success: true }], fileDiffs: [] }), []);
    const big = { path: 'src/api/client.ts', diff: makeUnifiedDiff('', Array.from({ length: 200 }, (_, i) => `l${i}`).join('\n')) };
    assert.deepEqual(
      captureFromAgentTask({ ...base, events: [failing, passing, { kind: 'outcome', success: true }], fileDiffs: [big] }),
      [],
    );
  });

  test('an error without a file uses all edited files (pytest)', () => {
    const fix = {
      path: 'calc.py',
      diff: makeUnifiedDiff('    return a + b + 1\n', '    return a + b\n', { fromFile: 'a/calc.py', toFile: 'b/calc.py' }),
    };
    const fixes = captureFromAgentTask({
      ...base,
      events: [
        { kind: 'toolResult', text: PYTEST_OUTPUT, isError: true },
        { kind: 'toolResult', text: '1 passed in 0.01s', isError: false },
        { kind: 'outcome', success: true },
      ],
      fileDiffs: [fix, { path: 'broken.py', diff: 'not a diff' }],
    });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]?.signature.language, 'python');
    assert.match(fixes[0]?.diff ?? '', /calc\.py/);
  });

  test('tool results without recognizable errors teach nothing', () => {
    assert.deepEqual(
      captureFromAgentTask({
        ...base,
        events: [{ kind: 'toolResult', text: 'Exit code 1', isError: true }, passing, { kind: 'outcome', success: true }],
        fileDiffs: [clientDiff],
      }),
      [],
    );
  });
});
