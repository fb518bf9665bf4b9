// Property tests (fast-check): the task-text analysis, the term splitter, the trace parser and the
// git log parser never throw on random or adversarial input, keep their invariants, and stay
// within a time budget per case that only a super-linear path can break (a linear pass over these
// inputs takes a few milliseconds; the budget is tens of times that).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { taskTerms, termsOf } from '../../../src/core/routing/codeTerms';
import { withinBudget } from '../../support/timeBudget';
import { GitLogParser, type GitLogCommit } from '../../../src/core/routing/gitLogParser';
import { recognizeIndependent } from '../../../src/core/routing/independence';
import { Router } from '../../../src/core/routing/router';
import { analyzeTaskText, codeLikeIdentifiers, MAX_ANALYZED_CHARS, pathAndFileTokens } from '../../../src/core/routing/textAnalysis';
import { parseTrace, parseTraceLine } from '../../../src/core/routing/traceFormat';
import { at, threeSessions } from '../../support/routing/builders';

/**
 * Per case: a linear pass over the largest input (the 64 KB the analysis reads, or ~400 KB for the
 * parsers) takes a few milliseconds; a quadratic one over the same input takes hundreds.
 */
const BUDGET_MS = 150;

function timed<T>(what: string, f: () => T, budget = BUDGET_MS): T {
  return withinBudget(what, f, budget);
}

/** Characters that make tokenizers work hardest: path, name and identifier characters, separators. */
const HARD = 'aZ09_$@.-/ \\\n\t:;,()`\'"#éß漢\u0000\uD83D\uDE00';
const hardChar = fc.constantFrom(...HARD.split(''));

/** A text made of a short pattern repeated up to ~200 KB (long runs of one token kind), or random. */
const adversarial = fc.oneof(
  fc.tuple(fc.array(hardChar, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40_000 })).map(([p, n]) => p.join('').repeat(n)),
  // Large texts of one short unit repeated: many tiny tokens, or one endless token.
  fc
    .tuple(
      fc.constantFrom('a', 'a ', 'a.', 'a/', 'run ', 'Aa', 'x_', 'a-', '.', '/', 'aB3 ', 'src/a.ts ', 'é ', 'x.y '),
      fc.integer({ min: 20_000, max: 100_000 }),
    )
    .map(([p, n]) => p.repeat(n)),
  fc.string({ unit: 'grapheme', maxLength: 2_000 }),
  fc.string({ unit: 'binary', maxLength: 2_000 }),
  fc
    .array(fc.constantFrom('fix(', 'src/', 'ui', '.ts', 'Store', '_', '3', ' ', '/', '.', 'HTTP', 's'), { maxLength: 4_000 })
    .map((a) => a.join('')),
);

const RUNS = { numRuns: 60, seed: 4242 };

describe('task-text analysis (properties)', () => {
  const files = threeSessions().files;

  test('never throws, reads at most its cap, and stays linear', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const a = timed('analyzeTaskText', () => analyzeTaskText(text, files));
        assert.ok(a.read <= MAX_ANALYZED_CHARS && a.read <= text.length);
        assert.ok(a.words.length <= 256);
        for (const w of a.words) assert.equal(w, w.toLowerCase());
        const ids = timed('codeLikeIdentifiers', () => codeLikeIdentifiers(text));
        assert.equal(new Set(ids).size, ids.length, 'each identifier once');
        for (const id of ids) assert.ok(text.includes(id));
        timed('recognizeIndependent', () => recognizeIndependent(text));
      }),
      RUNS,
    );
  });

  test('path tokens are two or more non-empty segments found in the text; file names have an extension', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const { paths, names } = timed('pathAndFileTokens', () => pathAndFileTokens(text.slice(0, MAX_ANALYZED_CHARS)));
        for (const p of paths) {
          assert.ok(text.includes(p));
          const segments = p.split('/');
          assert.ok(segments.length >= 2 && segments.every((s) => s.length > 0), p);
        }
        for (const n of names) assert.match(n, /^[\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,5}$/);
      }),
      RUNS,
    );
  });

  test('terms are lowercase words of 2 to 40 characters, each once, read within the cap', () => {
    fc.assert(
      fc.property(adversarial, fc.integer({ min: 0, max: 5_000 }), (text, cap) => {
        const t = timed('taskTerms', () => taskTerms(text, cap));
        assert.ok(t.read <= cap);
        assert.equal(new Set(t.terms).size, t.terms.length);
        assert.equal(t.weights.length, t.terms.length);
        for (const term of t.terms) {
          if (term.startsWith('type:')) continue;
          assert.ok(term.length >= 2 && term.length <= 40, term);
          assert.equal(term, term.toLowerCase());
        }
        timed('termsOf', () => termsOf(text, 10_000));
      }),
      RUNS,
    );
  });

  test('routing a huge adversarial text decides quickly and says the text was cut', () => {
    const router = new Router(threeSessions());
    fc.assert(
      fc.property(fc.constantFrom('a', 'a ', 'a.', 'a/', 'run ', 'someName ', 'é漢 ', 'src/a/b.ts ', 'x.y '), (unit) => {
        const text = unit.repeat(Math.ceil(5_000_000 / unit.length));
        // The target is under 100 ms; the budget leaves room for a loaded machine.
        const d = timed('route (5 MB text)', () => router.route({ id: 'huge', text }, at(1)), 250);
        assert.match(d.notes.join(' '), /only the first 64 KB of the task's 4\.8 MB of text were read/);
        assert.ok(d.ranked[0]?.reasons.some((r) => r.startsWith('only the first 64 KB')));
      }),
      { numRuns: 9, seed: 7 },
    );
  });
});

describe('trace parser (properties)', () => {
  const event = fc.oneof(
    fc.record({ t: fc.nat(), type: fc.constant('open'), file: fc.string({ minLength: 1 }) }),
    fc.record({ t: fc.nat(), type: fc.constant('edit'), file: fc.string({ minLength: 1 }), by: fc.string() }),
    fc.record({
      t: fc.nat(),
      type: fc.constant('touch'),
      session: fc.string({ minLength: 1 }),
      file: fc.string({ minLength: 1 }),
      kind: fc.constantFrom('read', 'edit'),
    }),
    fc.record({
      t: fc.nat(),
      type: fc.constant('task'),
      id: fc.string({ minLength: 1 }),
      text: fc.string({ unit: 'binary', maxLength: 500 }),
      load: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.nat()),
    }),
    fc.record({
      t: fc.nat(),
      type: fc.constant('history'),
      text: fc.string(),
      files: fc.array(fc.string({ minLength: 1 }), { maxLength: 12 }),
    }),
    fc.record({
      t: fc.nat(),
      type: fc.constant('done'),
      task: fc.string({ minLength: 1 }),
      session: fc.string({ minLength: 1 }),
      ok: fc.boolean(),
    }),
  );

  test('valid events round-trip through JSON Lines', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const { events: parsed, errors } = parseTrace(events.map((e) => JSON.stringify(e)).join('\n'));
        assert.deepEqual(errors, []);
        assert.equal(parsed.length, events.length);
        for (let i = 0; i < events.length; i++) assert.equal(parsed[i]?.type, events[i]?.type);
      }),
      RUNS,
    );
  });

  test('any line is an event or a message naming the line; never an exception, and linear', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            adversarial,
            event.map((e) => JSON.stringify(e)),
          ),
          { maxLength: 8 },
        ),
        (lines) => {
          const content = lines.join('\n');
          const r = timed('parseTrace', () => parseTrace(content));
          for (const e of r.errors) assert.match(e, /^line \d+: /);
          for (const l of lines) {
            const one = timed('parseTraceLine', () => parseTraceLine(l.slice(0, 100_000)));
            assert.ok(typeof one === 'string' || typeof one.t === 'number');
          }
        },
      ),
      RUNS,
    );
  });
});

describe('git log parser (properties)', () => {
  const commit = fc.record({
    hash: fc.stringMatching(/^[0-9a-f]{40}$/),
    parents: fc.array(fc.stringMatching(/^[0-9a-f]{40}$/), { maxLength: 2 }),
    subject: fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/\u0000/g, '')),
    changes: fc.array(
      fc.record({
        status: fc.constantFrom('A', 'M', 'D', 'R100', 'C075'),
        path: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => s.replace(/\u0000/g, '_')),
        from: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => s.replace(/\u0000/g, '_')),
      }),
      { maxLength: 6 },
    ),
  });

  /** Bytes as `git log -z --name-status --format=%x00%x00%H %P%x00%s` prints them. */
  function gitBytes(
    commits: readonly { hash: string; parents: string[]; subject: string; changes: { status: string; path: string; from: string }[] }[],
  ): Buffer {
    let out = '';
    for (const c of commits) {
      out += `\u0000\u0000${c.hash} ${c.parents.join(' ')}\u0000${c.subject}\u0000`;
      if (c.changes.length > 0) {
        out += '\n';
        for (const ch of c.changes)
          out += /^[RC]/.test(ch.status) ? `${ch.status}\u0000${ch.from}\u0000${ch.path}\u0000` : `${ch.status}\u0000${ch.path}\u0000`;
      }
    }
    return Buffer.from(out, 'utf8');
  }

  function parseInChunks(bytes: Buffer, cuts: readonly number[]): GitLogCommit[] {
    const p = new GitLogParser();
    const out: GitLogCommit[] = [];
    let from = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
      const to = Math.min(bytes.length, Math.max(from, c));
      out.push(...p.push(bytes.subarray(from, to)));
      from = to;
    }
    out.push(...p.push(bytes.subarray(from)), ...p.end());
    return out;
  }

  test('commits come out the same however the output is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(commit, { maxLength: 8 }), fc.array(fc.nat({ max: 4_000 }), { maxLength: 10 }), (commits, cuts) => {
        const bytes = gitBytes(commits);
        const whole = parseInChunks(bytes, []);
        assert.deepEqual(parseInChunks(bytes, cuts), whole);
        assert.equal(whole.length, commits.length);
        for (let i = 0; i < commits.length; i++) {
          assert.equal(whole[i]?.hash, commits[i]?.hash);
          assert.equal(whole[i]?.parents, commits[i]?.parents.length);
          assert.equal(whole[i]?.changes.length, commits[i]?.changes.length);
        }
      }),
      RUNS,
    );
  });

  test('garbage never throws, and costs linear time', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const p = new GitLogParser();
        timed('GitLogParser', () => {
          p.push(Buffer.from(text, 'utf8'));
          p.end();
        });
      }),
      RUNS,
    );
  });
});
