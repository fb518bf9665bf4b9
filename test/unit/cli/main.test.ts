import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';

function io(): { out: string[]; err: string[]; io: { out(s: string): void; err(s: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s) => out.push(s), err: (s) => err.push(s) } };
}

test('help lists the commands and exits 0; no command exits 2 with usage', async () => {
  const a = io();
  assert.equal(await runCli(['help'], a.io), 0);
  assert.match(a.out.join('\n'), /usage: agent-affinity/);
  const b = io();
  assert.equal(await runCli([], b.io), 2);
});

test('an unknown command is an error naming it', async () => {
  const a = io();
  assert.equal(await runCli(['frobnicate'], a.io), 2);
  assert.match(a.err.join('\n'), /unknown command 'frobnicate'/);
});
