// Tests: open editors count by recency of focus: the active editor most, one just switched away
// from a good deal, one opened and never looked at, or left open for a long time, little.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorState } from '../../../src/core/routing/editorState';
import { MIN, at } from '../../support/routing/builders';

const weightOf = (e: EditorState, path: string, now: number): number => e.focus(now).find((f) => f.path === path)?.weight ?? 0;

describe('open editors by recency of focus', () => {
  test('the active editor counts most, the one just left next, one opened long ago little', () => {
    const e = new EditorState(5 * MIN, 100);
    e.opened('old.ts', at(0));
    e.opened('left.ts', at(29));
    e.setEditors(['left.ts'], 'left.ts', at(29));
    e.opened('now.ts', at(30));
    e.setEditors(['now.ts'], 'now.ts', at(30));
    const now = at(30);
    const active = weightOf(e, 'now.ts', now);
    const left = weightOf(e, 'left.ts', now);
    const old = weightOf(e, 'old.ts', now);
    assert.equal(active, 1);
    assert.ok(left > 0.7 && left < active, `just left: ${left}`);
    assert.ok(old < 0.01, `open for 30 min, never focused: ${old}`);
  });

  test('an editor focused a while ago counts from when it lost the focus, not from when it was opened', () => {
    const e = new EditorState(5 * MIN, 100);
    e.opened('a.ts', at(0));
    e.setEditors(['a.ts'], 'a.ts', at(0));
    e.opened('b.ts', at(20));
    e.setEditors(['b.ts'], 'b.ts', at(20));
    e.opened('c.ts', at(24));
    // a.ts had the focus until minute 20, c.ts was opened at minute 24 and never focused.
    const now = at(25);
    const a = weightOf(e, 'a.ts', now);
    const c = weightOf(e, 'c.ts', now);
    assert.ok(Math.abs(a - 0.75 * 2 ** -1) < 1e-9, `a: ${a}`);
    assert.ok(Math.abs(c - 0.5 * 2 ** -0.2) < 1e-9, `c: ${c}`);
    e.closed('a.ts');
    e.opened('a.ts', at(25));
    assert.ok(Math.abs(weightOf(e, 'a.ts', at(25)) - 0.5) < 1e-9, 'reopened: its old focus is forgotten');
  });
});
