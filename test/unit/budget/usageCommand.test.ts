// `agent-affinity usage` through run() with a captured CliIo: table, JSON, folder filter, bad args.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageCommand } from '../../../src/cli/commands/usage';
import { writeTranscriptFolder } from '../../support/budget/transcriptBuilder';

function capture(): { io: { out(s: string): void; err(s: string): void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
    },
    out: () => out,
    err: () => err,
  };
}

interface JsonOut {
  sessions: Array<{
    sessionId: string;
    projectPath: string;
    inputTokens: number;
    cacheReadTokens: number;
    costUsd: number;
    usedTokens: number | null;
    contextWindow: number;
    costIsEstimate: boolean;
  }>;
  totals: { inputTokens: number; cacheReadTokens: number; costUsd: number };
}

describe('usage command', () => {
  let dir = '';
  let folders: string[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-usage-cli-'));
    folders = await writeTranscriptFolder({ root: dir, projects: 2, sessionsPerProject: 2, turns: 3, toolResultBytes: 400, seed: 5 });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('--json lists every session with totals, cost, fill and window', async () => {
    const c = capture();
    assert.equal(await usageCommand.run(['--claude-dir', dir, '--json'], c.io), 0);
    const json = JSON.parse(c.out()) as JsonOut;
    assert.equal(json.sessions.length, 4);
    for (const s of json.sessions) {
      assert.ok(folders.includes(s.projectPath));
      assert.ok(s.cacheReadTokens > 0 && s.costUsd > 0 && s.costIsEstimate);
      assert.ok(s.usedTokens != null && s.usedTokens > 0);
      assert.equal(s.contextWindow, 200_000);
    }
    assert.equal(
      json.totals.cacheReadTokens,
      json.sessions.reduce((n, s) => n + s.cacheReadTokens, 0),
    );
    assert.equal(c.err(), '');
  });

  test('the table shows project, tokens, cost and fill; --folder filters', async () => {
    const c = capture();
    assert.equal(await usageCommand.run([`--claude-dir=${dir}`, '--folder', folders[1] ?? ''], c.io), 0);
    const lines = c.out().trim().split('\n');
    assert.match(
      lines[0] ?? '',
      /^Session\s+Project\s+Last activity\s+Input\s+Output\s+Cache create\s+Cache read\s+Cost \(est\.\)\s+Context\s+Model$/,
    );
    assert.equal(lines.filter((l) => l.includes(folders[1] ?? '?')).length, 2);
    assert.ok(!c.out().includes(folders[0] ?? '?'));
    assert.match(c.out(), /\$\d+\.\d\d/);
    assert.match(c.out(), /\d+k\/200k \d+%/);
    assert.ok(lines.some((l) => /^Total\s+2 sessions/.test(l)));
  });

  test('no sessions: a clear message, exit 0', async () => {
    const c = capture();
    assert.equal(await usageCommand.run(['--claude-dir', join(dir, 'empty')], c.io), 0);
    assert.match(c.out(), /No Claude Code sessions found under .*empty\/projects/);
  });

  test('bad arguments: exit 2 with the usage text', async () => {
    const c = capture();
    assert.equal(await usageCommand.run(['--bogus'], c.io), 2);
    assert.match(c.err(), /unknown option "--bogus"/);
    const d = capture();
    assert.equal(await usageCommand.run(['--claude-dir'], d.io), 2);
    assert.match(d.err(), /--claude-dir needs a value/);
    const h = capture();
    assert.equal(await usageCommand.run(['--help'], h.io), 0);
    assert.match(h.out(), /Usage: agent-affinity usage/);
  });
});
