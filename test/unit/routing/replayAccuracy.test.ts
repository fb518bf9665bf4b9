// Accuracy floors of the router replaying the real-history traces (excalidraw, vite, httpx) and the
// generated sample traces, scored by test/fixtures/routing/tools/score.mjs beside its baselines.
// Replays are deterministic: the floors sit a few points under what the router reaches, so a
// regression fails here while a change that keeps the accuracy never does.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../../src/core/routing/traceFormat';
import { replayTrace } from '../../../src/core/routing/traceReplay';
import { ROUTING_REAL_DIR, ROUTING_SAMPLES_DIR, ROUTING_TOOLS_DIR } from '../../support/fixturePaths';

interface Scored {
  readonly router: number;
  /** The best of score.mjs's round-robin, least-loaded and open-file-overlap baselines. */
  readonly bestBaseline: number;
}

function score(trace: string, answers: string): Scored {
  const { events, errors } = parseTrace(readFileSync(trace, 'utf8'));
  assert.deepEqual(errors, [], `${trace} parses without errors (history events included)`);
  const { decisions } = replayTrace(events);
  const dir = mkdtempSync(join(tmpdir(), 'routing-replay-'));
  try {
    const file = join(dir, 'decisions.jsonl');
    writeFileSync(file, decisions.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const out = execFileSync(
      process.execPath,
      [join(ROUTING_TOOLS_DIR, 'score.mjs'), '--trace', trace, '--answers', answers, '--decisions', file],
      { encoding: 'utf8' },
    );
    let router = NaN;
    let bestBaseline = 0;
    for (const line of out.split('\n')) {
      const m = /^(.+?) \| \d+ \| \d+ \| ([\d.]+)%$/.exec(line.trim());
      if (!m) continue;
      const pct = Number(m[2]);
      if ((m[1] ?? '').startsWith('router under test')) router = pct;
      else bestBaseline = Math.max(bestBaseline, pct);
    }
    return { router, bestBaseline };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the router reaches (at the time of writing) minus a few points. */
const REAL_FLOORS: Readonly<Record<string, number>> = { excalidraw: 60, vite: 66, httpx: 84 };
/** The product's target for the generated samples. */
const SAMPLE_FLOOR = 85;

describe('replay accuracy', () => {
  test('real-history traces: above the floors, 10 points above the best baseline, median at least 65%', () => {
    const results: number[] = [];
    for (const [name, floor] of Object.entries(REAL_FLOORS)) {
      const s = score(join(ROUTING_REAL_DIR, `${name}-trace.jsonl`), join(ROUTING_REAL_DIR, `${name}-answers.jsonl`));
      assert.ok(s.router >= floor, `${name}: ${s.router}% < floor ${floor}%`);
      assert.ok(s.router >= s.bestBaseline + 10, `${name}: ${s.router}% is not 10 points above the best baseline (${s.bestBaseline}%)`);
      results.push(s.router);
    }
    results.sort((a, b) => a - b);
    assert.ok((results[1] ?? 0) >= 65, `median ${results[1]}% < 65%`);
  });

  test(`generated sample traces: at least ${SAMPLE_FLOOR}%`, () => {
    for (const n of [1, 2, 3]) {
      const s = score(join(ROUTING_SAMPLES_DIR, `trace-${n}.jsonl`), join(ROUTING_SAMPLES_DIR, `answers-${n}.jsonl`));
      assert.ok(s.router >= SAMPLE_FLOOR, `sample ${n}: ${s.router}% < ${SAMPLE_FLOOR}%`);
    }
  });
});
