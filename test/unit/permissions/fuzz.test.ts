// Seeded random rule sets (odd forms on purpose): the exact tier never changes a decision, the
// generalizing tier never turns deny/ask/allow into something else; both without relying on
// consolidate()'s own verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import type { RuleLists } from '../../../src/core/permissions/types';
import { assertNoWideningPastDenyAsk, assertSameDecisions } from '../../support/permissions/helpers';
import { seededRandom as rng } from '../../support/seededRandom';

const WORDS = [
  'git',
  'add',
  'commit',
  'push',
  '--force',
  'npm',
  'run',
  'build',
  'ls',
  '-la',
  'x',
  '.',
  'src/a.ts',
  'rm',
  '-rf',
  'timeout',
  '5',
  'FOO=1',
  'NODE_ENV=t',
  'do',
  'done',
  'echo',
  '"a b"',
  "'q'",
  '&&',
  '|',
  ';',
  'find',
  '-delete',
  'watch',
  'cd',
  'builtin',
  'env',
];
const OTHER = [
  'Read(src/**)',
  'Read(.env)',
  'Edit(src/**)',
  'Edit(//tmp/**)',
  'Read(//tmp/**)',
  'Read(**/*.ts)',
  'Edit(*.ts)',
  'Write(x)',
  'WebFetch(domain:*.a.com)',
  'WebFetch(domain:b.a.com)',
  'WebFetch(domain:a.com)',
  'WebFetch',
  'mcp__s',
  'mcp__s__t',
  'mcp__s__g_*',
  'mcp__*',
  'Bash',
  'Read',
  'Skill(x)',
  'Skill(x *)',
  'Agent(P)',
  'Task(P)',
];

test('seeded random rule sets keep their decisions', () => {
  const r = rng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const cmd = (): string => Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(WORDS)).join(' ');
  const rule = (): string => {
    if (r() >= 0.75) return pick(OTHER);
    const c = cmd();
    const k = r();
    return k < 0.3
      ? `Bash(${c})`
      : k < 0.55
        ? `Bash(${c} *)`
        : k < 0.7
          ? `Bash(${c}:*)`
          : k < 0.8
            ? `Bash(${c}*)`
            : k < 0.9
              ? `Bash(* ${c})`
              : `Bash(${c} * ${pick(WORDS)})`;
  };
  for (let i = 0; i < 150; i++) {
    const lists: RuleLists<string> = {
      allow: Array.from({ length: Math.floor(r() * 12) }, rule),
      deny: Array.from({ length: Math.floor(r() * 4) }, rule),
      ask: Array.from({ length: Math.floor(r() * 3) }, rule),
    };
    const exact = consolidate(lists);
    assertSameDecisions(lists, exact.rules);
    assert.equal(exact.verification.reverted, 0, JSON.stringify(lists));
    assertNoWideningPastDenyAsk(lists, consolidate(lists, { generalize: true }).rules);
  }
});
