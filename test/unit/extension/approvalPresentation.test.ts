// How an agent's permission question reads, and the command arguments that name a request and an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decisionArgument,
  permissionLabel,
  permissionQuestion,
  requestArgument,
} from '../../../src/extension/approvals/approvalPresentation';

test('the question: run a shell tool, use any other', () => {
  assert.equal(
    permissionQuestion({ sessionName: 'backend', toolName: 'Bash', detail: 'npm test' }),
    "'backend' wants to run Bash: `npm test`",
  );
  assert.equal(
    permissionQuestion({ sessionName: 'docs', toolName: 'Write', detail: 'README.md' }),
    "'docs' wants to use Write: `README.md`",
  );
  assert.equal(permissionQuestion({ sessionName: 's', toolName: 'Bash', detail: 'echo `date`' }), "'s' wants to run Bash: `echo 'date'`");
  assert.equal(permissionLabel({ toolName: 'Bash', detail: 'ls' }), 'Bash: ls');
});

test('arguments: a session id, a tree node, a request; allow, deny, or an answer with a message', () => {
  assert.deepEqual(requestArgument('s-1'), { sessionId: 's-1' });
  assert.deepEqual(requestArgument({ kind: 'session', sessionId: 's-1' }), { sessionId: 's-1' });
  assert.deepEqual(requestArgument({ sessionId: 's-1', requestId: 'r' }), { sessionId: 's-1', requestId: 'r' });
  assert.deepEqual(requestArgument({ kind: 'permission', sessionId: 's-1', request: { sessionId: 's-1', requestId: 'r' } }), {
    sessionId: 's-1',
    requestId: 'r',
  });
  assert.deepEqual(requestArgument(undefined), {});
  assert.deepEqual(requestArgument(7), {});
  assert.deepEqual(decisionArgument('allow'), { allow: true });
  assert.deepEqual(decisionArgument('deny'), { allow: false });
  assert.deepEqual(decisionArgument({ allow: false, message: ' not now ' }), { allow: false, message: 'not now' });
  assert.equal(decisionArgument('yes'), undefined);
  assert.equal(decisionArgument({ allow: 'yes' }), undefined);
  assert.equal(decisionArgument(undefined), undefined);
});
