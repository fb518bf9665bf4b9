// Escaping of task and agent text for logs and transcripts, and of values Node refuses to spawn with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import { printable, printableLine } from '../../../src/core/agents/printable';

test('printable keeps newlines and tabs, escapes the rest; printableLine escapes every control character', () => {
  const text = 'a\u0000b\u001b[31m\tc\r\nd\u007f\u0085\u202eе\u2028f\u2066';
  assert.equal(printable(text), 'a\\x00b\\x1b[31m\tc\\x0d\nd\\x7f\\x85\\u202eе\\u2028f\\u2066');
  assert.equal(printableLine(text), 'a\\x00b\\x1b[31m\\x09c\\x0d\\x0ad\\x7f\\x85\\u202eе\\u2028f\\u2066');
  assert.equal(printable('plain – text ✓'), 'plain – text ✓');
});

test('an argument Node refuses (NUL) fails the run without quoting the value', async () => {
  const adapter = new ClaudeAdapter({ executable: process.execPath, extraArgs: ['--append-system-prompt=private\u0000value'] });
  const o = await startAgentRun(adapter, { text: 'hello', cwd: process.cwd() }, () => undefined).outcome;
  assert.equal(o.ok, false);
  assert.equal(o.failure?.kind, 'spawn-error');
  assert.match(
    o.failure?.reason ?? '',
    /could not be started: an argument or environment value holds a character a process cannot receive \(NUL\)/,
  );
  assert.ok(!(o.failure?.reason ?? '').includes('private'), o.failure?.reason);
});
