// Property tests of the wildcard matching (fast-check): the linear matchers agree with simple
// references on small inputs, containment is sound, and adversarial star/space patterns (the
// ones that froze the orchestrator through a backtracking regex) stay within a per-case time
// budget, so a super-linear path fails here instead of hanging.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { commandMatches, compileCommandPattern, patternContains } from '../../../src/core/permissions/commandPattern';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { decide } from '../../../src/core/permissions/matcher';
import { domainMatches } from '../../../src/core/permissions/namePatterns';
import { pathGlobMatchesPath } from '../../../src/core/permissions/pathGlob';
import { wildcardMatches } from '../../../src/core/permissions/wildcard';
import { withinBudget } from '../../support/timeBudget';

/** Generous per-case budget: linear code takes well under a millisecond; exponential code takes seconds. */
const BUDGET_MS = 250;

function timed<T>(what: string, f: () => T): T {
  return withinBudget(what, f, BUDGET_MS);
}

/** Reference `*`-glob matcher: the textbook dynamic programme, quadratic but obviously right. */
function refGlob(pattern: string, text: string): boolean {
  const m = pattern.length;
  const n = text.length;
  let prev = new Array<boolean>(n + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= m; i++) {
    const cur = new Array<boolean>(n + 1).fill(false);
    const pc = pattern[i - 1];
    if (pc === '*') {
      cur[0] = prev[0] ?? false;
      for (let j = 1; j <= n; j++) cur[j] = (prev[j] ?? false) || (cur[j - 1] ?? false);
    } else {
      for (let j = 1; j <= n; j++) cur[j] = (prev[j - 1] ?? false) && pc === text[j - 1];
    }
    prev = cur;
  }
  return prev[n] ?? false;
}

/** Reference command-rule semantics (PERMISSIONS-REFERENCE 1.4) on top of refGlob. */
function refCommand(spec: string, command: string): boolean {
  const normalized = spec.endsWith(':*') ? `${spec.slice(0, -2)} *` : spec;
  const star = normalized.indexOf('*');
  if (star < 0) return normalized === command;
  if (star === normalized.length - 1 && normalized.endsWith(' *')) {
    const prefix = normalized.slice(0, -2);
    return command === prefix || (command.startsWith(prefix) && /\s/.test(command[prefix.length] ?? ''));
  }
  return refGlob(normalized, command);
}

const small = (chars: string[], max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength: max }).map((xs) => xs.join(''));
const patternArb = small(['a', 'b', ' ', '*', '*', ':'], 14);
const textArb = small(['a', 'b', ' ', '*', ':'], 16);
/** Adversarial shapes: many stars separated by spaces, long runs of one letter. */
const adversarialPattern = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(' z', ' a', '', ' *', 'z'), fc.constantFrom('* ', '*', ' * '))
  .map(([k, tail, unit]) => `${unit.repeat(k).trim()}${tail}`);
const adversarialText = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('a ', 'a', ' ', 'a a'), fc.constantFrom('', 'z', ' b'))
  .map(([k, unit, tail]) => `${unit.repeat(k)}${tail}`);

describe('wildcard matching (property tests)', () => {
  test('the linear *-glob matcher agrees with the reference on small inputs', () => {
    fc.assert(
      fc.property(patternArb, textArb, fc.boolean(), (p, t, ic) => {
        const got = timed(`${p} ~ ${t}`, () => wildcardMatches(p, t, ic));
        assert.equal(got, refGlob(ic ? p.toLowerCase() : p, ic ? t.toLowerCase() : t), `${JSON.stringify(p)} vs ${JSON.stringify(t)}`);
      }),
      { numRuns: 800 },
    );
  });

  test('command rules match as the reference semantics say (exact, prefix, any *)', () => {
    fc.assert(
      fc.property(patternArb, textArb, (spec, command) => {
        if (spec.trim() === '') return;
        const got = timed(spec, () => commandMatches(compileCommandPattern(spec), command));
        assert.equal(got, refCommand(spec, command), `${JSON.stringify(spec)} vs ${JSON.stringify(command)}`);
      }),
      { numRuns: 800 },
    );
  });

  test('containment is sound: when b contains a, b matches every instance of a', () => {
    const instance = fc.array(small(['a', 'b', ' ', '*'], 4), { minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(patternArb, patternArb, instance, (bs, as, fills) => {
        if (as.trim() === '' || bs.trim() === '') return;
        const a = compileCommandPattern(as);
        const b = compileCommandPattern(bs);
        if (!timed(`${bs} ⊇ ${as}`, () => patternContains(b, a))) return;
        // Instances of a: each * filled with a short text (and the bare prefix of a `x *` rule).
        let k = 0;
        const filled = a.normalized.replace(/\*/g, () => fills[k++ % fills.length] ?? '');
        const texts = [filled];
        if (a.prefixOnly) texts.push(a.normalized.slice(0, -2));
        for (const t of texts) {
          if (!commandMatches(a, t)) continue;
          assert.ok(commandMatches(b, t), `${bs} ⊇ ${as} claimed, but ${JSON.stringify(t)} is matched by a only`);
        }
      }),
      { numRuns: 800 },
    );
  });

  test('every pattern contains itself', () => {
    fc.assert(
      fc.property(patternArb, (s) => {
        if (s.trim() === '') return;
        const p = compileCommandPattern(s);
        assert.ok(patternContains(p, p), s);
      }),
      { numRuns: 300 },
    );
  });

  test('adversarial star/space patterns and commands stay within the budget (matcher and containment)', () => {
    fc.assert(
      fc.property(adversarialPattern, adversarialText, adversarialPattern, (ps, text, qs) => {
        const p = compileCommandPattern(ps);
        const q = compileCommandPattern(qs);
        const got = timed(`${ps} ~ ${text.slice(0, 40)}…`, () => commandMatches(p, text));
        if (ps.length <= 30 && text.length <= 60) assert.equal(got, refCommand(ps, text));
        timed(`${ps} ⊇ ${qs}`, () => patternContains(p, q) || patternContains(q, p));
      }),
      { numRuns: 300 },
    );
  });

  test('two-rule settings with adversarial star/space rules consolidate within the budget', () => {
    fc.assert(
      fc.property(adversarialPattern, fc.integer({ min: 1, max: 60 }), fc.boolean(), (stars, k, generalize) => {
        const lists = { allow: [`Bash(${stars})`, `Bash(${'a '.repeat(k)}*)`], ask: [], deny: [] };
        timed(`consolidate ${lists.allow.join(', ')}`, () => consolidate(lists, { generalize }));
      }),
      { numRuns: 120 },
    );
  });

  test('the two rules that froze the orchestrator: decided and consolidated at once', () => {
    const rules = { allow: ['Bash(* * * * * * * * * * * * z)', `Bash(${'a '.repeat(40)}*)`], ask: [], deny: [] };
    const r = timed('consolidate', () => consolidate(rules));
    assert.deepEqual(r.rules.allow, rules.allow);
    assert.equal(
      timed('decide', () => decide(rules, { tool: 'Bash', command: `${'a '.repeat(60)}y` })),
      'allow',
    );
  });
});

describe('long hostile rules (property tests)', () => {
  // One repeated unit, thousands of times: the shapes that made regexes (`\S*$`, `^([^()]*?)\s*\(`,
  // e-mail and password patterns) and per-prefix lookups quadratic.
  const units = [
    'a',
    'a ',
    ' ',
    '* ',
    '/',
    '//',
    'http://',
    '.',
    ':',
    'x:',
    '"',
    '\\',
    '-u ',
    'a@',
    'a://a:',
    '"password":"',
    '(',
    '1',
    '<<',
  ];
  const LONG_BUDGET_MS = 1500;
  test('two-rule files made of one unit repeated 6,000 characters long consolidate in linear time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...units),
        fc.constantFrom('Bash', 'Read', 'Edit', 'WebFetch', 'PowerShell'),
        fc.constantFrom('', ' *', ':*', 'z', 'a b'),
        fc.boolean(),
        (unit, tool, tail, generalize) => {
          const body = unit.repeat(Math.ceil(6000 / unit.length));
          const lists = { allow: [`${tool}(a ${body}${tail})`, 'Bash(a a a *)'], deny: [`${tool}(x ${body}${tail})`], ask: [] };
          withinBudget(`${tool}(${JSON.stringify(unit)}…${tail})`, () => consolidate(lists, { generalize }), LONG_BUDGET_MS);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('path globs (property tests)', () => {
  const segArb = fc.constantFrom('a', 'b', 'ab', '.a', 'a.b');
  const pathArb = fc.array(segArb, { minLength: 1, maxLength: 6 }).map((xs) => `/${xs.join('/')}`);
  const globSeg = fc.constantFrom('a', 'b', '*', '?', '**', '[ab]', '[!a]', 'a*', '*b', '.a', 'a?b', '*.*');
  const globArb = fc.array(globSeg, { minLength: 1, maxLength: 6 }).map((xs) => `/${xs.join('/')}`);
  const MM = { dot: true, nocomment: true, nonegate: true, nobrace: true, noext: true } as const;

  /** The old semantics: minimatch on the path, then on each ancestor down to the first segment. */
  function refPath(glob: string, path: string): boolean {
    for (let p = path; p.lastIndexOf('/') >= 0; p = p.slice(0, p.lastIndexOf('/'))) {
      if (p === '') return false;
      if (minimatch(p, glob, MM)) return true;
    }
    return false;
  }

  test('the linear path matcher agrees with minimatch (path or an ancestor) on ordinary paths', () => {
    fc.assert(
      fc.property(globArb, pathArb, (glob, path) => {
        const got = timed(`${glob} ~ ${path}`, () => pathGlobMatchesPath(glob, path));
        assert.equal(got, refPath(glob, path), `${glob} vs ${path}`);
      }),
      { numRuns: 1500 },
    );
  });

  test('adversarial path globs (many ** and stars in a segment) stay within the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 200 }), (k, n) => {
        const deep = `/${Array.from({ length: n }, () => 'a').join('/')}/b`;
        timed('globstars', () => pathGlobMatchesPath(`/${'**/a/'.repeat(k)}c`, deep));
        timed('stars in a segment', () => pathGlobMatchesPath(`/${'*a'.repeat(k)}c`, `/${'a'.repeat(n * 20)}`));
      }),
      { numRuns: 100 },
    );
  });
});

describe('domain globs (property tests)', () => {
  test('label-by-label matching agrees with the reference on small hosts', () => {
    const nonEmpty = (chars: string[]): fc.Arbitrary<string> =>
      fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
    const label = nonEmpty(['a', 'b', '*']);
    const host = fc.array(nonEmpty(['a', 'b']), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('.'));
    const pattern = fc.array(label, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('.'));
    fc.assert(
      fc.property(pattern, host, (p, h) => {
        if (p === '*' || p.startsWith('*.')) return;
        // Reference: the same glob with `*` kept inside one label.
        const re = new RegExp(
          `^${p
            .split('*')
            .map((s) => s.replace(/\./g, '\\.'))
            .join('[^.]*')}$`,
        );
        assert.equal(domainMatches(p, h), re.test(h), `${p} vs ${h}`);
      }),
      { numRuns: 500 },
    );
  });
});
