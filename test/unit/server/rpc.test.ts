// Every request the orchestrator receives is checked against its schema before its handler runs:
// bad parameters are answered with InvalidParams naming the field (the same checks over a real
// connection: test/integration/server/orchestrator.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { AnswerApprovalRequest } from '../../../src/protocol/approvals';
import { CreateSessionRequest, SendTaskRequest } from '../../../src/protocol/sessions';
import { checkParams } from '../../../src/server/rpc';

const invalid =
  (message: RegExp) =>
  (e: unknown): boolean =>
    e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && message.test(e.message);

test('an answer to a permission question: a non-boolean allow and missing parameters are refused, naming what is wrong', () => {
  assert.throws(
    () => checkParams(AnswerApprovalRequest.method, { sessionId: 's-1', requestId: 'r-1', allow: 'yes' }),
    invalid(/invalid parameters: allow: .*expected boolean/),
  );
  assert.throws(() => checkParams(AnswerApprovalRequest.method, null), invalid(/^affinity\/approvals\/answer: invalid parameters/));
  assert.deepEqual(checkParams(AnswerApprovalRequest.method, { sessionId: 's-1', requestId: 'r-1', allow: false, message: 'no' }), {
    sessionId: 's-1',
    requestId: 'r-1',
    allow: false,
    message: 'no',
  });
});

test('a session whose specialty is not an object is refused before it is created (it once broke sessions/list)', () => {
  assert.throws(
    () => checkParams(CreateSessionRequest.method, { name: 'bad', agent: 'claude', folder: '/w', specialty: 'x' }),
    invalid(/specialty/),
  );
});

test('a task depending on "abc" is refused, not read as the tasks "a", "b" and "c"', () => {
  assert.throws(() => checkParams(SendTaskRequest.method, { sessionId: 's-1', text: 'go', dependsOn: 'abc' }), invalid(/dependsOn/));
  assert.deepEqual(checkParams(SendTaskRequest.method, { sessionId: 's-1', text: 'go', dependsOn: ['t-1'] }), {
    sessionId: 's-1',
    text: 'go',
    dependsOn: ['t-1'],
  });
});
