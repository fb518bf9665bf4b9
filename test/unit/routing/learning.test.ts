// Tests: what the router learns online and how a decision uses it: code-style terms, BM25 over
// files, finished tasks (words ↔ touched files, session profiles), history and co-change, the
// measured trust of signals, calibrated confidence, reasons that cite what was learned, every
// session ranked, and the audit record.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRecord } from '../../../src/core/routing/audit';
import { pathTerms, stemWord, taskTerms, termsOf } from '../../../src/core/routing/codeTerms';
import { closeCallText, rankingConfidence } from '../../../src/core/routing/confidence';
import { RoutingKnowledge, describeLearned } from '../../../src/core/routing/routingKnowledge';
import { Router } from '../../../src/core/routing/router';
import { SignalReliability, reliabilityFactor } from '../../../src/core/routing/signalReliability';
import { SparseScores, TermIndex } from '../../../src/core/routing/termIndex';
import { AffinityTracker } from '../../../src/core/routing/tracker';
import { at, session } from '../../support/routing/builders';

describe('code-style terms', () => {
  test('camelCase, snake_case, kebab-case and paths split into stemmed words; stop words and numbers dropped', () => {
    assert.deepEqual(
      termsOf('Fix the elbowArrow binding_points in src/element/elbow-arrows.ts (#8575)').map((t) => t.term),
      ['elbow', 'arrow', 'bind', 'point', 'src', 'element', 'ts'],
    );
    assert.deepEqual(
      termsOf('HTMLParser parses URLs').map((t) => t.term),
      ['html', 'parser', 'parse', 'url'],
    );
    assert.equal(stemWord('queries'), 'query');
    assert.equal(stemWord('class'), 'class');
    assert.equal(stemWord('status'), 'status');
  });

  test('a conventional-commit scope is an area hint worth more, and the type is a term of its own', () => {
    const t = taskTerms('fix(editor): caret jumps when the editor loses focus');
    assert.equal(t.type, 'fix');
    assert.equal(t.scope, 'editor');
    assert.equal(t.weights[t.terms.indexOf('editor')], 2);
    assert.equal(t.weights[t.terms.indexOf('caret')], 1);
    assert.ok(t.terms.includes('type:fix'));
    assert.equal(taskTerms('plain words, no header').type, undefined);
  });

  test('a path weighs its file name double', () => {
    assert.deepEqual(
      [...pathTerms('packages/element/src/elbowArrow.ts')],
      [
        ['package', 1],
        ['element', 1],
        ['src', 1],
        ['elbow', 2],
        ['arrow', 2],
      ],
    );
  });
});

describe('BM25 term index', () => {
  test('rare terms outweigh common ones, and removing takes back what adding gave', () => {
    const ix = new TermIndex();
    for (let d = 0; d < 10; d++) ix.add(d, 'common', 1);
    ix.add(3, 'rare', 1);
    const out = new SparseScores();
    ix.score(['common', 'rare'], [1, 1], out, 1000);
    const best = [...out.touched].sort((a, b) => out.get(b) - out.get(a))[0];
    assert.equal(best, 3);
    assert.ok(ix.idf('rare') > ix.idf('common'));
    ix.remove(3, 'rare', 1);
    assert.equal(ix.documentFrequency('rare'), 0);
    out.clear();
    assert.equal(out.touched.length, 0);
  });

  test('a query over budget skips its most common term instead of walking every document', () => {
    const ix = new TermIndex();
    for (let d = 0; d < 5_000; d++) ix.add(d, 'everywhere', 1);
    ix.add(7, 'needle', 1);
    const out = new SparseScores();
    const walked = ix.score(['everywhere', 'needle'], [1, 1], out, 100);
    assert.equal(walked, 1);
    assert.deepEqual([...out.touched], [7]);
  });
});

describe('learned knowledge', () => {
  test('words of past changes point to their files; co-change and recency are kept', () => {
    const k = new RoutingKnowledge();
    k.learn({
      text: 'fix: elbow arrow routing around shapes',
      files: ['packages/element/src/elbowArrow.ts', 'packages/element/src/routing.ts'],
    });
    k.learn({ text: 'feat: elbow arrow midpoints', files: ['packages/element/src/elbowArrow.ts'] });
    k.learn({ text: 'docs: release notes', files: ['docs/release.md'] });
    const p = k.predict(taskTerms('Undo for elbow arrows creates a wrong route'));
    assert.equal(k.path(p.ids[0] ?? -1), 'packages/element/src/elbowArrow.ts');
    const arrow = k.knownId('packages/element/src/elbowArrow.ts') ?? -1;
    const route = k.knownId('packages/element/src/routing.ts') ?? -1;
    assert.equal(k.partners(arrow)?.get(route), 1);
    assert.equal(k.changesSince(arrow), 1);
    assert.equal(k.changesSince(k.fileId('never/changed.ts')), Infinity);
    const ev = k.evidence(arrow, taskTerms('Undo for elbow arrows'));
    assert.deepEqual(ev, { words: ['elbow', 'arrows'], changes: 2, inPath: true });
    assert.deepEqual(k.stats(), { commits: 3, tasks: 0, files: 4, words: k.stats().words });
  });

  test('a bounded memory of changes: the oldest is forgotten and its words taken back', () => {
    const k = new RoutingKnowledge({ maxChanges: 2 });
    k.learn({ text: 'zebra stripes', files: ['a.ts'] });
    k.learn({ text: 'lion mane', files: ['b.ts'] });
    k.learn({ text: 'tiger teeth', files: ['c.ts'] });
    assert.equal(k.predict(taskTerms('zebra')).ids.length, 0);
    assert.equal(k.path(k.predict(taskTerms('tiger')).ids[0] ?? -1), 'c.ts');
    assert.equal(k.stats().commits, 2);
  });

  test('how much was learned, in words for a status text', () => {
    assert.equal(describeLearned({ commits: 0, tasks: 0, files: 0, words: 0 }), 'nothing learned yet');
    assert.equal(describeLearned({ commits: 2000, tasks: 1, files: 10, words: 10 }), 'learned from 2,000 commits and 1 finished task');
    assert.equal(describeLearned({ commits: 0, tasks: 35, files: 10, words: 10 }), 'learned from 35 finished tasks');
  });

  test('a deleted file is no candidate any more', () => {
    const k = new RoutingKnowledge();
    k.learn({ text: 'zebra stripes', files: ['zoo/zebra.ts'] });
    k.fileDeleted('zoo/zebra.ts');
    assert.equal(k.predict(taskTerms('zebra')).ids.length, 0);
  });
});

/** Two sessions over two areas, with history that says which words go where. */
function workspace(): { tracker: AffinityTracker; router: Router } {
  const tracker = new AffinityTracker();
  tracker.addSession(session('canvas', ['src/render/**'], ''), at(0));
  tracker.addSession(session('forms', ['src/forms/**'], ''), at(0));
  tracker.addKnownFiles(['src/render/canvas.ts', 'src/render/viewport.ts', 'src/forms/field.ts', 'src/forms/submit.ts']);
  tracker.learnHistory([
    { text: 'fix: zoom jitter when panning', files: ['src/render/viewport.ts'] },
    { text: 'feat: smooth zoom on trackpads', files: ['src/render/viewport.ts', 'src/render/canvas.ts'] },
    { text: 'fix: required marker on empty inputs', files: ['src/forms/field.ts'] },
    { text: 'feat: disable the button while sending', files: ['src/forms/submit.ts'] },
  ]);
  tracker.touch('canvas', 'src/render/viewport.ts', 'edit', at(1));
  tracker.touch('forms', 'src/forms/field.ts', 'edit', at(2));
  return { tracker, router: new Router(tracker) };
}

describe('decisions with learned knowledge', () => {
  test('a task that names no file goes where its words have gone, and the reason says so', () => {
    const { router } = workspace();
    const d = router.route({ id: 't1', text: 'Zoom stutters while panning on a big drawing' }, at(10));
    assert.equal(d.chosen, 'canvas');
    const reasons = d.ranked[0]?.reasons.join('; ') ?? '';
    assert.match(reasons, /'Zoom panning' appears in 2 past changes to src\/render\/viewport\.ts, which it edited 9 min ago/);
  });

  test('a finished task is learned with the files its agent touched after it was routed', () => {
    const { tracker, router } = workspace();
    tracker.touch('forms', 'src/forms/submit.ts', 'read', at(3)); // before the task: not its file
    router.route({ id: 't1', text: 'Captcha widget for the signup page' }, at(4));
    tracker.touch('forms', 'src/forms/captcha.ts', 'edit', at(5));
    tracker.taskDone('t1', 'forms', true, at(6));
    assert.equal(tracker.learned().tasks, 1);
    const p = tracker.knowledge.predict(taskTerms('captcha'));
    assert.deepEqual(
      p.ids.map((id) => tracker.knowledge.path(id)),
      ['src/forms/captcha.ts'],
    );
    // The session's profile learned the words: the next such task goes there too, said in words.
    tracker.touch('canvas', 'src/render/canvas.ts', 'edit', at(7));
    const d = router.route({ id: 't2', text: 'Captcha shows twice on signup' }, at(8));
    assert.equal(d.chosen, 'forms');
    assert.ok(d.ranked[0]?.reasons.some((r) => /captcha|signup/i.test(r)));
  });

  test('a likely file nobody holds goes to the session whose specialty covers it', () => {
    const { router } = workspace();
    const d = router.route({ id: 't1', text: 'disable the button while sending twice' }, at(10));
    assert.equal(d.chosen, 'forms');
    assert.ok(d.ranked[0]?.reasons.some((r) => /no session holds src\/forms\/submit\.ts/.test(r)));
  });

  test('every eligible session is ranked with a score and reasons, the ones with no affinity too', () => {
    const { tracker, router } = workspace();
    tracker.addSession(session('idle', ['docs/**'], ''), at(3));
    const d = router.route({ id: 't1', text: 'Zoom stutters while panning' }, at(10));
    assert.deepEqual(d.ranked.map((r) => r.sessionId).sort(), ['canvas', 'forms', 'idle']);
    for (const r of d.ranked) {
      assert.equal(typeof r.score, 'number');
      assert.ok(r.reasons.length > 0, r.sessionId);
    }
    assert.ok(d.ranked.find((r) => r.sessionId === 'idle')?.reasons.includes('holds none of the files this task is likely about'));
  });

  test('the decision carries a calibrated confidence, and the audit record keeps it', () => {
    const { router } = workspace();
    const task = { id: 't1', text: 'Zoom stutters while panning' };
    const d = router.route(task, at(10));
    const c = d.confidence;
    assert.ok(c);
    assert.ok(c.value > 0 && c.value < 1);
    assert.equal(c.leaders[0]?.sessionId, 'canvas');
    const sum = c.leaders.reduce((a, l) => a + l.probability, 0);
    assert.ok(sum <= 1.0001 && (c.leaders[0]?.probability ?? 0) > (c.leaders[1]?.probability ?? 0));
    const rec = auditRecord(task, d, { at: new Date(at(10)) });
    assert.equal(rec.confidence, c.value);
    assert.deepEqual(rec.leaders, c.leaders);
  });

  test('a close call is recognized and put in words', () => {
    const ranked = [
      { sessionId: 'backend', score: 1.0, reasons: [], components: [] },
      { sessionId: 'api', score: 0.98, reasons: [], components: [] },
      { sessionId: 'web', score: 0.1, reasons: [], components: [] },
    ];
    const c = rankingConfidence(ranked, 0.5);
    assert.ok(c);
    assert.equal(c.closeCall, true);
    assert.ok(c.value < 0.7 && c.level !== 'high', `a near tie is not a sure thing: ${c.value}`);
    assert.match(closeCallText(c), /^close call: backend 0\.\d\d, api 0\.\d\d$/);
    const clear = rankingConfidence([{ ...ranked[0]!, score: 3 }, ranked[2]!], 0.9);
    assert.equal(clear?.closeCall, false);
    assert.equal(clear?.level, 'high');
  });
});

describe('signal trust measured on finished tasks', () => {
  test('a signal that keeps pointing elsewhere loses weight; one that is right keeps it', () => {
    const r = new SignalReliability();
    assert.equal(r.precision('editors'), 0.5);
    for (let i = 0; i < 30; i++) {
      r.observe({ editors: [['unrelated/dir', 1]], learned: [['src/render', 1]] }, ['src/render/viewport.ts']);
    }
    assert.ok(r.precision('editors') < 0.15);
    assert.ok(r.precision('learned') > 0.85);
    assert.ok(reliabilityFactor(r.precision('editors')) < 0.1);
    assert.equal(reliabilityFactor(r.precision('learned')), 1);
  });

  test('the router scores where its signals pointed when the task finishes', () => {
    const { tracker, router } = workspace();
    tracker.didOpen('src/forms/submit.ts', at(3));
    router.route({ id: 't1', text: 'Zoom stutters while panning' }, at(4));
    tracker.touch('canvas', 'src/render/viewport.ts', 'edit', at(5));
    tracker.taskDone('t1', 'canvas', true, at(6));
    assert.ok(tracker.reliability.precision('editors') < 0.5, 'the open form was not about the task');
    assert.ok(tracker.reliability.precision('learned') > 0.5, 'the learned files were');
  });
});
