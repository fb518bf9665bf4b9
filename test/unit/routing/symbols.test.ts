// Tests: workspace symbols as a routing signal: the identifiers asked about, the symbol cache
// (TTL, invalidation, caps), the host's matching of provider answers, the orchestrator's bounded
// lookup, and a route decided through a symbol whose file name does not resemble it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../../src/core/routing/router';
import { joinReasons } from '../../../src/core/routing/reasons';
import { SymbolCache } from '../../../src/core/routing/symbolCache';
import { analyzeTaskText, codeLikeIdentifiers } from '../../../src/core/routing/textAnalysis';
import { definingFiles, requestedNames, symbolNameMatches } from '../../../src/extension/routing/symbolMatch';
import { DEFAULT_SYMBOL_LOOKUP_LIMITS, WorkspaceSymbols } from '../../../src/core/routing/workspaceSymbols';
import { at, threeSessions } from '../../support/routing/builders';

describe('code-like identifiers of a task', () => {
  test('camelCase, PascalCase, snake and digit tokens; plain words and repeats left out', () => {
    assert.deepEqual(
      codeLikeIdentifiers(
        'Fix the rounding in reconcileQuarterTotals, then InvoiceView and MAX_ROWS; reconcileQuarterTotals again, cart3 too',
      ),
      ['reconcileQuarterTotals', 'InvoiceView', 'MAX_ROWS', 'cart3'],
    );
    assert.deepEqual(codeLikeIdentifiers('Make the login page faster'), []);
  });

  test('parts of paths and file names are not identifiers', () => {
    assert.deepEqual(codeLikeIdentifiers('In api/authStore/sessionKeys.ts and tokenStore3.ts call refreshToken'), ['refreshToken']);
  });

  test('they are exactly the tokens the analysis asks the symbol index about', () => {
    const text = 'Rename parseTotals in billing/lineItems.ts and check useCart2 with MAX_ROWS';
    const asked: string[] = [];
    analyzeTaskText(text, threeSessions().files, {
      lookup: (s) => {
        asked.push(s);
        return [];
      },
    });
    assert.deepEqual(asked, codeLikeIdentifiers(text));
  });
});

describe('symbol cache', () => {
  test('a found definition lives for the TTL; "none" for the shorter miss TTL', () => {
    let now = 0;
    const c = new SymbolCache({ ttlMs: 1000, missTtlMs: 100 }, () => now);
    c.set('parseTotals', ['billing/ledger.ts']);
    c.set('nowhere', []);
    assert.deepEqual(c.lookup('parseTotals'), ['billing/ledger.ts']);
    assert.deepEqual(c.missing(['parseTotals', 'nowhere', 'other', 'other']), ['other']);
    now = 150;
    assert.deepEqual(c.missing(['parseTotals', 'nowhere']), ['nowhere']);
    now = 1001;
    assert.deepEqual(c.lookup('parseTotals'), []);
    assert.deepEqual(c.missing(['parseTotals']), ['parseTotals']);
    assert.equal(c.size, 0);
  });

  test('a changed file drops the names it defined, and only those', () => {
    const c = new SymbolCache();
    c.set('a', ['x/one.ts', 'x/two.ts']);
    c.set('b', ['x/two.ts']);
    c.set('c', ['y/three.ts']);
    assert.equal(c.fileChanged('./x/two.ts'), 2);
    assert.deepEqual(c.missing(['a', 'b', 'c']), ['a', 'b']);
    assert.deepEqual(c.lookup('c'), ['y/three.ts']);
  });

  test('files per name and names are capped; the oldest name goes first', () => {
    const c = new SymbolCache({ maxNames: 2, maxFilesPerName: 2 });
    c.set('a', ['1.ts', '2.ts', '2.ts', '3.ts', '']);
    assert.deepEqual(c.lookup('a'), ['1.ts', '2.ts']);
    c.set('b', ['b.ts']);
    c.set('a', ['1.ts']); // refreshed: now the newest
    c.set('c', ['c.ts']);
    assert.equal(c.size, 2);
    assert.deepEqual(c.lookup('b'), []);
    assert.deepEqual(c.lookup('a'), ['1.ts']);
  });
});

describe('matching provider symbols (host)', () => {
  test('exact, case-sensitive names and qualified forms', () => {
    assert.ok(symbolNameMatches('reconcileQuarterTotals', 'reconcileQuarterTotals'));
    assert.ok(symbolNameMatches('Ledger.reconcileQuarterTotals', 'reconcileQuarterTotals'));
    assert.ok(symbolNameMatches('Ledger::reconcileQuarterTotals', 'reconcileQuarterTotals'));
    assert.ok(symbolNameMatches('reconcileQuarterTotals(int, int)', 'reconcileQuarterTotals'));
    assert.ok(symbolNameMatches('reconcileQuarterTotals()', 'reconcileQuarterTotals')); // TypeScript's form for functions
    assert.ok(!symbolNameMatches('ReconcileQuarterTotals', 'reconcileQuarterTotals'));
    assert.ok(!symbolNameMatches('reconcileQuarterTotalsSoon', 'reconcileQuarterTotals'));
    assert.ok(!symbolNameMatches('myreconcileQuarterTotals', 'reconcileQuarterTotals'));
  });

  test('definition-like kinds first, outside files and dependencies dropped, distinct and capped', () => {
    const VARIABLE = 12;
    const FUNCTION = 11;
    const files = definingFiles(
      'total',
      [
        { name: 'total', kind: VARIABLE, file: '/w/a.ts' },
        { name: 'total', kind: FUNCTION, file: '/w/b.ts' },
        { name: 'total', kind: FUNCTION, file: undefined },
        { name: 'total', kind: FUNCTION, file: '/w/node_modules/x/index.d.ts' },
        { name: 'totals', kind: FUNCTION, file: '/w/c.ts' },
        { name: 'Cart.total', file: '/w/b.ts' },
        { name: 'total', file: '/w/d.ts' },
      ],
      8,
    );
    assert.deepEqual(files, ['/w/b.ts', '/w/a.ts', '/w/d.ts']);
    assert.deepEqual(
      definingFiles(
        'total',
        [
          { name: 'total', file: '/1' },
          { name: 'total', file: '/2' },
        ],
        1,
      ),
      ['/1'],
    );
  });

  test('requested names are validated, distinct and capped', () => {
    assert.deepEqual(requestedNames({ names: ['a1', 'a1', 'not a name', 3, 'b_2', 'c$'] }, 12), ['a1', 'b_2', 'c$']);
    assert.deepEqual(requestedNames({ names: ['a1', 'b1', 'c1'] }, 2), ['a1', 'b1']);
    assert.deepEqual(requestedNames(undefined, 12), []);
    assert.deepEqual(requestedNames({ names: 'x' }, 12), []);
  });
});

describe('bounded lookup (orchestrator)', () => {
  const keyOf = (p: string): string | undefined => (p.startsWith('/w/') ? p.slice(3) : undefined);

  test('asks only for unknown identifiers and maps the files to workspace keys', async () => {
    const asked: string[][] = [];
    const s = new WorkspaceSymbols({
      keyOf,
      ask: async (names) => {
        asked.push(names);
        return names.map((name) => ({ name, files: name === 'reconcileQuarterTotals' ? ['/w/billing/ledger.ts', '/elsewhere/x.ts'] : [] }));
      },
    });
    await s.prepare('fix the rounding in reconcileQuarterTotals and MAX_ROWS');
    assert.deepEqual(s.cache.lookup('reconcileQuarterTotals'), ['billing/ledger.ts']);
    await s.prepare('reconcileQuarterTotals again, and MAX_ROWS, and newThing');
    assert.deepEqual(asked, [['reconcileQuarterTotals', 'MAX_ROWS'], ['newThing']]);
    s.fileChanged('billing/ledger.ts');
    await s.prepare('reconcileQuarterTotals');
    assert.deepEqual(asked.at(-1), ['reconcileQuarterTotals']);
  });

  test('a host that does not answer in time costs at most the timeout; a late answer still fills the cache', async () => {
    let answer: ((v: unknown) => void) | undefined;
    const s = new WorkspaceSymbols({
      keyOf,
      limits: { ...DEFAULT_SYMBOL_LOOKUP_LIMITS, roundTripTimeoutMs: 50 },
      ask: () => new Promise((resolve) => (answer = resolve)),
    });
    const started = Date.now();
    await s.prepare('reconcileQuarterTotals');
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(s.cache.lookup('reconcileQuarterTotals'), []);
    answer?.([
      { name: 'reconcileQuarterTotals', files: ['/w/billing/ledger.ts'] },
      { name: 'unasked', files: ['/w/u.ts'] },
    ]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(s.cache.lookup('reconcileQuarterTotals'), ['billing/ledger.ts']);
    assert.deepEqual(s.cache.lookup('unasked'), []);
  });

  test('names the host left out (timed out there) are asked again; malformed answers are ignored', async () => {
    let calls = 0;
    const s = new WorkspaceSymbols({ keyOf, ask: async () => (++calls === 1 ? [{ name: 'aB', files: 'nope' }, 7] : []) });
    await s.prepare('aB');
    await s.prepare('aB');
    assert.equal(calls, 2);
  });

  test('a host without the handler is not asked again; other errors are', async () => {
    let calls = 0;
    const logs: string[] = [];
    const missing = new WorkspaceSymbols({
      keyOf,
      log: (m) => logs.push(m),
      ask: () => {
        calls++;
        return Promise.reject(Object.assign(new Error('Unhandled method'), { code: -32601 }));
      },
    });
    await missing.prepare('aB');
    await missing.prepare('cD');
    assert.equal(calls, 1);
    assert.equal(logs.length, 1);
    let failures = 0;
    const flaky = new WorkspaceSymbols({
      keyOf,
      log: () => undefined,
      ask: () => {
        failures++;
        return Promise.reject(new Error('boom'));
      },
    });
    await flaky.prepare('aB');
    await flaky.prepare('aB');
    assert.equal(failures, 2);
  });
});

describe('routing through workspace symbols', () => {
  function ledgerWorkspace(): ReturnType<typeof threeSessions> {
    const t = threeSessions();
    t.addKnownFiles(['shared/ledger/books.ts']);
    t.touch('web', 'shared/ledger/books.ts', 'edit', at(2));
    t.touch('billing', 'api/billing/invoice.ts', 'edit', at(3));
    return t;
  }
  const task = { id: 't1', text: 'Fix the rounding in reconcileQuarterTotals' };

  test('a symbol resolved by the index sends the task to the session holding its defining file', () => {
    const t = ledgerWorkspace();
    const cache = new SymbolCache({}, () => at(10));
    cache.set('reconcileQuarterTotals', ['shared/ledger/books.ts']);
    t.symbols = cache;
    const d = new Router(t).route(task, at(10));
    assert.equal(d.chosen, 'web', JSON.stringify(d.ranked));
    assert.deepEqual(d.targetFiles, ['shared/ledger/books.ts']);
    assert.match(
      joinReasons(d.ranked[0]?.reasons ?? []),
      /names symbol reconcileQuarterTotals defined in shared\/ledger\/books\.ts \(edited 8 min ago\)/,
    );
  });

  test('without the index the file name gives nothing away', () => {
    const d = new Router(ledgerWorkspace()).route(task, at(10));
    assert.notEqual(d.chosen, 'web');
    assert.deepEqual(d.targetFiles, []);
  });
});
