// Accuracy on a freshly generated trace (a seed the router was never tuned on): ≥ 80% top-1.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../../src/core/routing/traceFormat';
import { replayTrace } from '../../../src/core/routing/traceReplay';
import { ROUTING_TOOLS_DIR } from '../../support/fixturePaths';

const SEED = 4711;

describe('routing accuracy', () => {
  test(`top-1 accuracy on a generated trace (seed ${SEED}, 7 sessions, 300 tasks) is at least 80%`, () => {
    const gen = join(ROUTING_TOOLS_DIR, 'gen-trace.mjs');
    assert.ok(existsSync(gen), `${gen} not found (test/fixtures/routing/tools)`);
    const dir = mkdtempSync(join(tmpdir(), 'routing-acc-'));
    try {
      const trace = join(dir, 'trace.jsonl');
      const answers = join(dir, 'answers.jsonl');
      execFileSync(process.execPath, [
        gen,
        '--seed',
        String(SEED),
        '--sessions',
        '7',
        '--tasks',
        '300',
        '--out',
        trace,
        '--answers',
        answers,
      ]);
      const { events, errors } = parseTrace(readFileSync(trace, 'utf8'));
      assert.deepEqual(errors, []);
      const { decisions } = replayTrace(events);
      const accept = new Map<string, readonly string[]>();
      for (const line of readFileSync(answers, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const a = JSON.parse(line) as { task: string; accept: string[] };
        accept.set(a.task, a.accept);
      }
      assert.equal(decisions.length, accept.size);
      const hits = decisions.filter((d) => accept.get(d.task)?.includes(d.session) === true).length;
      const pct = (100 * hits) / decisions.length;
      assert.ok(pct >= 80, `top-1 accuracy ${pct.toFixed(1)}% < 80%`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
