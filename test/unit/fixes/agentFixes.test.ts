// Agent tasks: tool results, before-snapshots of edited files and tokens are recorded per task;
// a successful task that saw a compiler error and then a clean run teaches the agent's diff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { agentFileDiffs, fixesFromAgentTask } from '../../../src/core/fixes/agentFixes';
import { TaskActivity } from '../../../src/core/fixes/taskActivity';

const files = new Map<string, string>([['/w/src/a.ts', 'const limit = 1;\nlimit = 2;\n']]);
const read = (p: string): string | undefined => files.get(p);

function toolUse(id: string, name: string, path: string): AgentEvent {
  return {
    type: 'tool_use',
    toolId: id,
    toolName: name,
    input: {},
    files: [{ path, access: name === 'Read' ? 'read' : 'edit' }],
    isSidechain: false,
  };
}
function usage(id: string, input: number, output: number): AgentEvent {
  return {
    type: 'usage',
    messageId: id,
    model: 'm',
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    isSidechain: false,
  };
}

function runTask(success: boolean): { activity: TaskActivity; done: ReturnType<TaskActivity['finished']> } {
  files.set('/w/src/a.ts', 'const limit = 1;\nlimit = 2;\n');
  const activity = new TaskActivity(read);
  activity.started('s1', 't1', '/w');
  activity.event('s1', 't1', {
    type: 'tool_result',
    toolId: 'x0',
    isError: true,
    text: "src/a.ts(2,1): error TS2588: Cannot assign to 'limit' because it is a constant.",
  });
  activity.event('s1', 't1', usage('m1', 100, 10));
  activity.event('s1', 't1', usage('m1', 100, 20)); // the same message repeated: counted once, last figures
  activity.event('s1', 't1', toolUse('e1', 'Edit', 'src/a.ts'));
  files.set('/w/src/a.ts', 'let limit = 1;\nlimit = 2;\n');
  activity.event('s1', 't1', { type: 'tool_result', toolId: 'e1', isError: false, text: 'ok' });
  activity.event('s1', 't1', usage('m2', 50, 5));
  activity.event('s1', 't1', { type: 'tool_result', toolId: 'x1', isError: false, text: 'tsc: no errors' });
  activity.event('other', 't9', usage('m3', 1000, 1000)); // another task: ignored
  return { activity, done: activity.finished('s1', 't1', success) };
}

describe('agent task capture', () => {
  test('records before-snapshots relative to the session folder and the task tokens', () => {
    const { done } = runTask(true);
    assert.ok(done);
    assert.equal(done.before.get('/w/src/a.ts'), 'const limit = 1;\nlimit = 2;\n');
    assert.equal(done.tokens, 175);
    assert.deepEqual(done.events.at(-1), { kind: 'outcome', success: true });
    const diffs = agentFileDiffs(done, '/w', read);
    assert.equal(diffs.length, 1);
    assert.equal(diffs[0]?.path, 'src/a.ts');
    assert.match(diffs[0]?.diff ?? '', /^--- a\/src\/a\.ts\n\+\+\+ b\/src\/a\.ts\n@@/);
  });

  test('a successful task that cleared a compiler error teaches the fix with its session and task', () => {
    const { done } = runTask(true);
    assert.ok(done);
    const fixes = fixesFromAgentTask({ sessionId: 's1', taskId: 't1', cwd: '/w', activity: done, readText: read, now: 5 });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]?.origin, 'agent');
    assert.equal(fixes[0]?.sessionId, 's1');
    assert.equal(fixes[0]?.taskId, 't1');
    assert.match(fixes[0]?.diff ?? '', /\+let limit = 1;/);
  });

  test('a file the capture scope refuses teaches nothing; paths are asked absolute (relative ones resolved in the session folder)', () => {
    const { done } = runTask(true);
    assert.ok(done);
    const asked: string[] = [];
    const input = { sessionId: 's1', taskId: 't1', cwd: '/w', activity: done, readText: read, now: 5 };
    const refused = fixesFromAgentTask({
      ...input,
      isSource: (p) => {
        asked.push(p);
        return p !== '/w/src/a.ts';
      },
    });
    assert.deepEqual(refused, []);
    assert.ok(asked.length > 0 && asked.every((p) => p === '/w/src/a.ts'), JSON.stringify(asked));
    assert.equal(fixesFromAgentTask({ ...input, isSource: () => true }).length, 1);
  });

  test('a failed task teaches nothing; an unrecorded task yields nothing', () => {
    const { done, activity } = runTask(false);
    assert.ok(done);
    assert.deepEqual(fixesFromAgentTask({ sessionId: 's1', taskId: 't1', cwd: '/w', activity: done, readText: read, now: 5 }), []);
    assert.equal(activity.finished('s1', 'never', true), undefined);
  });

  test('an edit the CLI ran before its tool_use event was read keeps the text from before, as the agent reports it', () => {
    files.set('/w/src/b.ts', 'const limit = 1;\n');
    const activity = new TaskActivity(read);
    activity.started('s1', 't2', '/w');
    activity.event('s1', 't2', {
      type: 'tool_result',
      toolId: 'x0',
      isError: true,
      text: "src/b.ts(1,1): error TS2588: Cannot assign to 'limit' because it is a constant.",
    });
    files.set('/w/src/b.ts', 'let limit = 1;\n'); // the CLI wrote first; our read comes too late
    activity.event('s1', 't2', toolUse('e1', 'Write', 'src/b.ts'));
    activity.event('s1', 't2', {
      type: 'tool_result',
      toolId: 'e1',
      isError: false,
      text: 'updated',
      originalFile: { path: '/w/src/b.ts', text: 'const limit = 1;\n' },
    });
    // A later edit's report does not replace the text from before the first edit.
    files.set('/w/src/b.ts', 'let limit = 2;\n');
    activity.event('s1', 't2', toolUse('e2', 'Edit', 'src/b.ts'));
    activity.event('s1', 't2', {
      type: 'tool_result',
      toolId: 'e2',
      isError: false,
      text: 'updated',
      originalFile: { path: '/w/src/b.ts', text: 'let limit = 1;\n' },
    });
    activity.event('s1', 't2', { type: 'tool_result', toolId: 'x1', isError: false, text: 'tsc: no errors' });
    const done = activity.finished('s1', 't2', true);
    assert.equal(done?.before.get('/w/src/b.ts'), 'const limit = 1;\n');
    const fixes = done ? fixesFromAgentTask({ sessionId: 's1', taskId: 't2', cwd: '/w', activity: done, readText: read, now: 5 }) : [];
    assert.equal(fixes.length, 1);
    assert.match(fixes[0]?.diff ?? '', /-const limit = 1;\n\+let limit = 2;/);
  });
});
