// How an agent's permission question reads, and the command arguments that name a request and an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addedRulesMessage,
  alwaysAllowPrompt,
  decisionArgument,
  permissionLabel,
  permissionQuestion,
  requestArgument,
  suggestionMessage,
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

test('Always Allow and suggested rules, in words', () => {
  assert.deepEqual(decisionArgument('alwaysAllow'), { allow: true, always: true });
  assert.equal(
    addedRulesMessage({
      file: '/w/app/.claude/settings.local.json',
      added: ['Bash(npm test *)'],
      notAdded: [],
      removed: ['Bash(npm test)'],
      backupPath: '/s/permission-backups/settings.local.json.20261207-010203.bak',
      created: false,
    }),
    'added Bash(npm test *) to /w/app/.claude/settings.local.json; removed 1 rule(s) it covers (Bash(npm test)); the old file is kept at /s/permission-backups/settings.local.json.20261207-010203.bak.',
  );
  assert.match(
    addedRulesMessage({
      file: '/w/f',
      added: [],
      notAdded: [{ rule: 'Bash(ls *)', reason: 'already covered by Bash(*) in allow' }],
      removed: [],
      created: false,
    }),
    /Bash\(ls \*\) not added: already covered/,
  );
  const text = suggestionMessage({
    rules: ['Bash(npm run lint *)'],
    folder: '/w/app',
    allowsThisWeek: 3,
    extraCoverage: 'Bash(npm run lint *) also allows every "npm run lint" command (any arguments)',
  });
  assert.match(text, /^you allowed this 3 times this week in app\. Add Bash\(npm run lint \*\) to its \.claude\/settings\.local\.json/);
  assert.match(text, /It also allows every "npm run lint" command/);
  assert.match(alwaysAllowPrompt({ file: '/w/app/.claude/settings.local.json', extraCoverage: '' }), /Allows exactly this call/);
  assert.match(alwaysAllowPrompt({ file: '/f', extraCoverage: 'x' }, { n: 1, of: 2 }), /^Rule 1 of 2\. .*Newly allows: x/);
});
