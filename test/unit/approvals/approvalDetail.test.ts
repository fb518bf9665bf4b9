// The one line a permission question shows of the tool call: command, path, URL, or a fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permissionDetail } from '../../../src/core/approvals/approvalDetail';

test('the command, the folder-relative path, the URL', () => {
  assert.equal(permissionDetail('Bash', { command: 'npm test', description: 'Run tests' }), 'npm test');
  assert.equal(permissionDetail('Write', { file_path: '/w/src/a.ts', content: 'x' }, '/w'), 'src/a.ts');
  assert.equal(permissionDetail('Edit', { file_path: '/elsewhere/a.ts' }, '/w'), '/elsewhere/a.ts');
  assert.equal(permissionDetail('WebFetch', { url: 'https://example.com', prompt: 'p' }), 'https://example.com');
});

test('one line, shortened; the agent description or the input for unknown tools; bad input never throws', () => {
  assert.equal(permissionDetail('Bash', { command: 'echo a\n  && echo b' }), 'echo a && echo b');
  const long = permissionDetail('Bash', { command: 'x'.repeat(500) });
  assert.equal(long.length, 160);
  assert.ok(long.endsWith('…'));
  assert.equal(permissionDetail('mcp__db__query', { sql: 'select 1' }), '{"sql":"select 1"}');
  assert.equal(permissionDetail('mcp__db__query', {}, undefined, 'Query the database'), 'Query the database');
  assert.equal(permissionDetail('Bash', { command: 42 }), '{"command":42}');
  assert.equal(permissionDetail('Other', {}), '(no input)');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(permissionDetail('Other', cyclic), '(no input)');
});
