// The context pack's files on disk are counted once while unchanged: the next pack takes the count
// remembered for the file's stat (no read, no hash); a write, or a file put in its place, is read
// and counted again; the check that a file lies in the workspace is made on every pack (a file
// counted before and then replaced by a link out of the workspace is skipped unread). The cache is
// bounded, least recently used out first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetStore } from '../../../src/core/budget/budgetStore';
import { BudgetWorkspace } from '../../../src/core/budget/budgetWorkspace';
import { FileTokenCache } from '../../../src/core/budget/fileTokenCache';
import { lspDocuments } from '../../support/lspDocuments';
import { manualSessions } from '../../support/sessions/manualSessions';

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

const stamp = (size: number, mtimeMs = 1, ino = 7): { dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number } => ({
  dev: 1,
  ino,
  size,
  mtimeMs,
  ctimeMs: mtimeMs,
});

describe('file token counts for the context pack', () => {
  test('the cache answers only for the same stamp, and drops the least recently used past its bound', () => {
    const cache = new FileTokenCache(2);
    cache.set('/a', stamp(10), 3);
    assert.equal(cache.get('/a', stamp(10)), 3);
    assert.equal(cache.get('/a', stamp(11)), undefined, 'another size');
    cache.set('/a', stamp(10), 3);
    assert.equal(cache.get('/a', stamp(10, 2)), undefined, 'another modification time');
    cache.set('/a', stamp(10), 3);
    assert.equal(cache.get('/a', stamp(10, 1, 8)), undefined, 'another file in its place');
    cache.set('/a', stamp(10), 3);
    cache.set('/b', stamp(10), 4);
    assert.equal(cache.get('/a', stamp(10)), 3); // /a now the most recent
    cache.set('/c', stamp(10), 5);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('/b', stamp(10)), undefined);
    assert.equal(cache.get('/a', stamp(10)), 3);
    assert.equal(cache.get('/c', stamp(10)), 5);
  });

  test('a pack counts an unchanged file once, a changed one again, and checks the workspace every time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-pack-counts-'));
    roots.push(root);
    const folder = join(root, 'ws');
    const outside = join(root, 'outside');
    const storage = join(root, 'storage');
    mkdirSync(folder);
    mkdirSync(outside);
    mkdirSync(storage);
    const file = join(folder, 'a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    writeFileSync(join(outside, 'secret.ts'), 'export const secret = "x";\n'.repeat(50));
    const sessions = manualSessions();
    const budget = new BudgetWorkspace({
      manager: sessions.manager,
      store: await BudgetStore.open(storage, (p) => assert.fail(p.message)),
      documents: lspDocuments().port,
      folders: [folder],
      worktreeOf: () => undefined,
      settings: () => ({ warnPercent: 70, criticalPercent: 90, environment: {} }),
      log: () => undefined,
    });
    const counted = (): number => {
      const s = budget.tokenCacheStats();
      return s.hits + s.misses;
    };
    try {
      const first = await budget.contextPackWithin(undefined, 'look at a.ts', 100_000);
      assert.equal(first.files[0]?.path, file);
      const before = counted();
      const again = await budget.contextPackWithin(undefined, 'look at a.ts', 100_000);
      assert.deepEqual(again.files, first.files);
      assert.equal(counted(), before, 'an unchanged file is not read and counted again');

      const size = statSync(file).size;
      writeFileSync(file, 'export const a = 1;\nexport const b = [1, 2, 3, 4, 5, 6, 7, 8, 9];\n');
      assert.notEqual(statSync(file).size, size);
      const changed = await budget.contextPackWithin(undefined, 'look at a.ts', 100_000);
      assert.ok((changed.files[0]?.tokens ?? 0) > (first.files[0]?.tokens ?? 0), JSON.stringify(changed.files));
      assert.equal(counted(), before + 1);

      // Counted inside the workspace, then replaced by a link leading out of it: skipped unread.
      unlinkSync(file);
      symlinkSync(join(outside, 'secret.ts'), file);
      const linked = await budget.contextPackWithin(undefined, 'look at a.ts', 100_000);
      assert.deepEqual(linked.files, []);
      assert.ok(
        linked.skipped.some((s) => s.path === file && /outside the workspace/.test(s.reason)),
        JSON.stringify(linked.skipped),
      );
      assert.equal(counted(), before + 1);
    } finally {
      await budget.close();
    }
  });
});
