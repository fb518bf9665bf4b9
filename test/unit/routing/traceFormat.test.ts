// Tests: Routing trace parsing and replay.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, parseTraceLine } from '../../../src/core/routing/traceFormat';
import { replayTrace } from '../../../src/core/routing/traceReplay';
import { fixturesDir } from '../../support/routing/builders';

const SMALL = join(fixturesDir(), 'smallTrace.jsonl');

describe('trace format and replay', () => {
  test('every event type parses', () => {
    const { events, errors } = parseTrace(readFileSync(SMALL, 'utf8'));
    assert.deepEqual(errors, []);
    assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['close', 'done', 'edit', 'open', 'session', 'task', 'touch']);
  });

  test('bad lines are reported with their number and skipped', () => {
    const { events, errors } = parseTrace(
      '{"t":1,"type":"open","file":"a.ts"}\nnot json\n{"t":2,"type":"warp"}\n\n{"type":"open","file":"b.ts"}\n{"t":3,"type":"touch","file":"c.ts"}\n[1]\n',
    );
    assert.equal(events.length, 1);
    assert.equal(errors.length, 5);
    assert.match(errors[0] ?? '', /^line 2: not JSON/);
    assert.equal(errors[1], 'line 3: unknown event type "warp"');
    assert.equal(errors[2], 'line 5: missing numeric "t"');
    assert.equal(errors[3], 'line 6: "touch" event without string "session"');
    assert.equal(errors[4], 'line 7: not a JSON object');
    assert.equal(
      typeof parseTraceLine('{"t":1,"type":"task","id":"t","text":"x","load":{"s1":"lots"}}'),
      'object',
      'bad load entries are ignored',
    );
  });

  test('replay decides each task from the events before it', () => {
    const { events } = parseTrace(readFileSync(SMALL, 'utf8'));
    const { decisions } = replayTrace(events);
    assert.deepEqual(decisions, [
      { task: 't1', session: 's1' },
      { task: 't2', session: 's2' },
      { task: 't3', session: 's2' },
      { task: 't4', session: 'new' },
    ]);
  });
});
