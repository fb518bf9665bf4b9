// Schema versions and migrations: chains are checked, old files are migrated in order on open and
// written back at the current version, unmigratable files are quarantined.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Migration } from '../../../src/core/store/storeTypes';
import { StoreConfigError } from '../../../src/core/store/storeErrors';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import { checkMigrations, runMigrations } from '../../../src/core/store/migrations';
import { preMigrationCopyPath } from '../../../src/core/store/storeRecovery';
import { makeTempDir, problemCollector } from '../../support/store/storeFixtures';

interface FixesV3 {
  fixes: Array<{ id: string; text: string; uses: number }>;
}

const migrations: Migration[] = [
  {
    from: 1,
    description: 'rename "entries" to "fixes"',
    migrate: ({ entries, ...rest }) => ({ ...rest, fixes: entries }),
  },
  {
    from: 2,
    description: 'add a "uses" counter',
    migrate: (data) => ({
      ...data,
      fixes: (data['fixes'] as Array<Record<string, unknown>>).map((fix) => ({ ...fix, uses: 0 })),
    }),
  },
];

describe('migrations', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let n = 0;
  before(async () => ({ dir: root, cleanup } = await makeTempDir()));
  after(() => cleanup());
  const freshFile = async (): Promise<string> => {
    const dir = join(root, `case-${++n}`);
    await mkdir(dir);
    return join(dir, 'fixes.json');
  };

  test('a chain must be complete and distinct', () => {
    assert.doesNotThrow(() => checkMigrations('f', 3, migrations));
    assert.doesNotThrow(() => checkMigrations('f', 1, []));
    assert.throws(() => checkMigrations('f', 4, migrations), /no migration from 3 to 4/);
    assert.throws(() => checkMigrations('f', 3, [...migrations, { ...migrations[0]!, description: 'again' }]), /two migrations/);
    assert.throws(() => checkMigrations('f', 2, migrations), StoreConfigError);
    assert.throws(() => checkMigrations('f', 1.5, []), /non-negative integer/);
  });

  test('steps run in order from the file version', () => {
    const result = runMigrations({ entries: [{ id: 'a', text: 't' }] }, 1, 3, migrations);
    assert.deepEqual(result, { ok: true, applied: 2, data: { fixes: [{ id: 'a', text: 't', uses: 0 }] } });
    assert.deepEqual(runMigrations({ fixes: [] }, 2, 3, migrations), { ok: true, applied: 1, data: { fixes: [] } });
    assert.equal(runMigrations({}, 0, 3, migrations).ok, false);
  });

  test('an old file is migrated on open and written back at the current version', async () => {
    const file = await freshFile();
    const original = JSON.stringify({ schemaVersion: 1, entries: [{ id: 'a', text: 'use ?.' }] });
    await writeFile(file, original);
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<FixesV3>({
      file,
      defaults: () => ({ fixes: [] }),
      schemaVersion: 3,
      migrations,
      onProblem,
      debounceMs: 0,
    });
    assert.deepEqual(store.data, { fixes: [{ id: 'a', text: 'use ?.', uses: 0 }] });
    await store.flush();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { schemaVersion: 3, fixes: [{ id: 'a', text: 'use ?.', uses: 0 }] });
    assert.equal(store.stats.writes, 1);
    assert.deepEqual(problems, []);
    await store.close();
    assert.equal(await readFile(preMigrationCopyPath(file, 1), 'utf8'), original, 'the old version is kept beside it');
  });

  test('a file at the current version is not rewritten on open', async () => {
    const file = await freshFile();
    const text = JSON.stringify({ schemaVersion: 3, fixes: [] });
    await writeFile(file, text);
    const store = await openJsonStore<FixesV3>({ file, defaults: () => ({ fixes: [] }), schemaVersion: 3, migrations });
    await store.close();
    assert.equal(store.stats.writes, 0);
    assert.equal(await readFile(file, 'utf8'), text);
  });

  test('a migration that throws quarantines the file (kept byte for byte)', async () => {
    const file = await freshFile();
    const text = JSON.stringify({ schemaVersion: 2, fixes: 'not a list' });
    await writeFile(file, text);
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<FixesV3>({ file, defaults: () => ({ fixes: [] }), schemaVersion: 3, migrations, onProblem });
    const problem = problems[0];
    assert.ok(problem?.kind === 'quarantined');
    assert.match(problem.reason, /migration "add a "uses" counter" failed/);
    assert.equal(await readFile(problem.quarantinePath, 'utf8'), text);
    assert.deepEqual(store.data, { fixes: [] });
    await store.close();
  });

  test('a version older than the chain is quarantined', async () => {
    const file = await freshFile();
    await writeFile(file, JSON.stringify({ schemaVersion: 0, stuff: 1 }));
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<FixesV3>({ file, defaults: () => ({ fixes: [] }), schemaVersion: 3, migrations, onProblem });
    const problem = problems[0];
    assert.ok(problem?.kind === 'quarantined');
    assert.match(problem.reason, /too old/);
    await store.close();
  });

  test('a misconfigured chain fails at open, before touching the file', async () => {
    const file = await freshFile();
    await writeFile(file, 'anything');
    await assert.rejects(openJsonStore<FixesV3>({ file, defaults: () => ({ fixes: [] }), schemaVersion: 4, migrations }), StoreConfigError);
    assert.equal(await readFile(file, 'utf8'), 'anything');
  });
});
