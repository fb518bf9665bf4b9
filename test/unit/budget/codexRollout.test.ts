// Codex session log: fill from the last token_count's last_token_usage and model_context_window.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCodexRollout, readCodexRollout } from '../../../src/core/budget/codexRollout';
import { CODEX_TOKEN_COUNT } from './fixtures/recordedLines';

const THREAD = '01997ddc-88f4-7e40-8dac-d558f31dd3ca';
const tokenCount = (last: number, total: number, window = 272_000): string =>
  JSON.stringify({
    timestamp: '2026-05-06T10:00:05.000Z',
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: {
        total_token_usage: { input_tokens: total, cached_input_tokens: total / 2, output_tokens: 50, total_tokens: total + 50 },
        last_token_usage: { input_tokens: last, cached_input_tokens: 0, output_tokens: 30, total_tokens: last + 30 },
        model_context_window: window,
      },
    },
  });

describe('Codex rollout log', () => {
  let home = '';
  let file = '';
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'aa-codex-'));
    const dir = join(home, 'sessions', '2026', '05', '06');
    await mkdir(dir, { recursive: true });
    file = join(dir, `rollout-2026-05-06T10-00-00-${THREAD}.jsonl`);
    await writeFile(
      file,
      [
        JSON.stringify({
          timestamp: '2026-05-06T10:00:00.000Z',
          type: 'session_meta',
          payload: { id: THREAD, cwd: '/repo', originator: 'codex_exec', cli_version: '0.50.0' },
        }),
        JSON.stringify({
          timestamp: '2026-05-06T10:00:00.500Z',
          type: 'turn_context',
          payload: { model: 'gpt-5-codex', cwd: '/repo', effort: 'medium' },
        }),
        CODEX_TOKEN_COUNT,
        'not json',
        JSON.stringify({ type: 'event_msg', payload: { type: 'token_count', info: null } }),
        tokenCount(40_000, 90_000),
        '',
      ].join('\n'),
    );
  });
  after(async () => rm(home, { recursive: true, force: true }));

  test('the last token_count wins; a null info does not erase it', async () => {
    const r = await readCodexRollout(file);
    assert.equal(r.threadId, THREAD);
    assert.equal(r.cwd, '/repo');
    assert.equal(r.model, 'gpt-5-codex');
    assert.equal(r.fill.usedTokens, 40_030);
    assert.equal(r.fill.window, 272_000);
    assert.equal(r.fill.windowSource, 'agent');
    assert.deepEqual(r.totals, { inputTokens: 45_000, outputTokens: 50, cacheCreationTokens: 0, cacheReadTokens: 45_000 });
    assert.equal(r.garbageLines, 1);
  });

  test("finds a thread's rollout file", async () => {
    assert.equal(await findCodexRollout(home, THREAD), file);
    assert.equal(await findCodexRollout(home, 'other'), null);
    assert.equal(await findCodexRollout(join(home, 'missing'), THREAD), null);
  });

  test('looks in the day folders around the last run first, and walks the rest when it is not there', async () => {
    const today = new Date(2026, 10, 22, 0, 30);
    const pad = (n: number): string => String(n).padStart(2, '0');
    // Written the evening before (local time): still found from the day folders.
    const dir = join(home, 'sessions', '2026', '11', '21');
    await mkdir(dir, { recursive: true });
    const recent = join(dir, `rollout-2026-11-21T23-59-00-${THREAD}.jsonl`);
    await writeFile(recent, tokenCount(1000, 1000) + '\n');
    assert.equal(await findCodexRollout(home, THREAD, today), recent);
    // Nothing around that date: the walk finds the May file (and the newer November one).
    const far = new Date(2027, 0, 10);
    assert.equal(await findCodexRollout(home, THREAD, far), recent);
    await rm(recent);
    assert.equal(
      await findCodexRollout(home, THREAD, today),
      file,
      `day folders ${pad(today.getMonth() + 1)}/${pad(today.getDate())} were empty`,
    );
  });
});
