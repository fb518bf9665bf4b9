// Editing a learned fix from the dashboard: a valid edit is saved (and survives reopening the
// store file); bad input is answered with a clear reason for the field it concerns and the stored
// fix is unchanged; an unknown id is refused. Last, the same edits through the fixes workspace the
// orchestrator's request handler calls.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { FixesWorkspace } from '../../../src/core/fixes/fixesWorkspace';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import { queryFixes } from '../../../src/core/fixes/fixQueries';
import { type FixRecord } from '../../../src/core/fixes/fixRecord';
import { FIXES_FILE } from '../../../src/core/fixes/fixesWorkspace';
import { MAX_FIX_TITLE, editFix } from '../../../src/core/fixes/fixEdits';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { lspDocuments } from '../../support/lspDocuments';

const T0 = 1_700_000_000_000;
const DIFF = makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit = 1;\nlimit = 2;\n', {
  fromFile: 'a/limits.ts',
  toFile: 'b/limits.ts',
});
const NEW_DIFF = makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit: number = 1;\nlimit = 2;\n', {
  fromFile: 'a/limits.ts',
  toFile: 'b/limits.ts',
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aa-fix-edit-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function seeded(dir: string): Promise<{ store: FixStore; repo: JsonFixRepository; fix: FixRecord }> {
  const repo = await JsonFixRepository.open({ file: join(dir, FIXES_FILE) });
  const store = await FixStore.open(repo);
  const fix = await store.learn({
    error: {
      message: "Cannot assign to 'limit' because it is a constant.",
      source: 'ts',
      code: 2588,
      languageId: 'typescript',
      file: 'src/limits.ts',
    },
    diff: DIFF,
    origin: 'diagnostic',
    anchorLine: 1,
    file: 'src/limits.ts',
    now: T0,
  });
  return { store, repo, fix };
}

describe("editFix (the orchestrator's edit request)", () => {
  test('a valid edit is saved: new title and diff, same id, an "edited" history entry, persisted', async () => {
    const dir = tempDir();
    const { store, repo, fix } = await seeded(dir);
    const result = await editFix(store, { id: fix.id, title: '  Declare it with let  ', diff: NEW_DIFF }, T0 + 1000);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok);
    assert.equal(result.fix.id, fix.id);
    assert.equal(result.fix.title, 'Declare it with let');
    assert.equal(result.fix.diff, NEW_DIFF);
    assert.deepEqual(
      result.fix.history.map((h) => h.event),
      ['created', 'edited'],
    );
    await repo.close();
    const reopened = await FixStore.open(await JsonFixRepository.open({ file: join(dir, FIXES_FILE) }));
    assert.equal(reopened.get(fix.id)?.title, 'Declare it with let');
    assert.equal(reopened.get(fix.id)?.diff, NEW_DIFF);
  });

  test('one field at a time: a title alone keeps the diff; CRLF diffs are saved with LF', async () => {
    const { store, repo, fix } = await seeded(tempDir());
    const titled = await editFix(store, { id: fix.id, title: 'Only the title' }, T0 + 1);
    assert.ok(titled.ok);
    assert.equal(titled.fix.diff, DIFF);
    const diffed = await editFix(store, { id: fix.id, diff: NEW_DIFF.replace(/\n/g, '\r\n') }, T0 + 2);
    assert.ok(diffed.ok);
    assert.equal(diffed.fix.diff, NEW_DIFF);
    assert.equal(diffed.fix.title, 'Only the title');
    await repo.close();
  });

  test('bad input is refused with the reason and the field, and the stored fix is unchanged', async () => {
    const { store, repo, fix } = await seeded(tempDir());
    const cases: { params: unknown; field: string; error: RegExp }[] = [
      { params: { id: fix.id, title: '   ' }, field: 'title', error: /title cannot be empty/ },
      { params: { id: fix.id, title: 'two\nlines' }, field: 'title', error: /one line/ },
      { params: { id: fix.id, title: 'x'.repeat(MAX_FIX_TITLE + 1) }, field: 'title', error: /too long/ },
      { params: { id: fix.id, title: 42 }, field: 'title', error: /must be text/ },
      { params: { id: fix.id, diff: 'let limit = 1;' }, field: 'diff', error: /not a unified diff: no @@ hunk found/ },
      {
        params: { id: fix.id, diff: '@@ -1,3 +1,3 @@\n-const limit = 1;\n+let limit = 1;\n' },
        field: 'diff',
        error: /not a unified diff: .*truncated.*line counts/,
      },
      { params: { id: fix.id, diff: '@@ -1,1 +1,1 @@\n limit = 2;\n' }, field: 'diff', error: /changes no lines/ },
      { params: { id: fix.id, diff: '' }, field: 'diff', error: /diff cannot be empty/ },
      { params: { id: fix.id }, field: 'title', error: /Nothing to save/ },
      { params: { title: 'no id' }, field: 'id', error: /No fix was named/ },
      { params: null, field: 'id', error: /No fix was named/ },
      { params: 'garbage', field: 'id', error: /No fix was named/ },
    ];
    for (const c of cases) {
      const result = await editFix(store, c.params, T0 + 5);
      assert.equal(result.ok, false, JSON.stringify(c.params));
      assert.ok(!result.ok);
      assert.equal(result.field, c.field, JSON.stringify(c.params));
      assert.match(result.error, c.error);
    }
    assert.deepEqual(store.get(fix.id), fix, 'the stored fix is untouched');
    await repo.close();
  });

  test('an unknown id is refused, and nothing is written', async () => {
    const { store, repo, fix } = await seeded(tempDir());
    const result = await editFix(store, { id: 'nope', title: 'Whatever' }, T0 + 1);
    assert.deepEqual(result, { ok: false, field: 'id', error: 'The fix nope no longer exists (deleted here or in another window).' });
    assert.deepEqual(store.all(), [fix]);
    await repo.close();
  });

  test('saving the same text again succeeds without writing a new revision', async () => {
    const { store, repo, fix } = await seeded(tempDir());
    const result = await editFix(store, { id: fix.id, title: fix.title, diff: fix.diff }, T0 + 1);
    assert.ok(result.ok);
    assert.equal(store.get(fix.id)?.rev, fix.rev);
    await repo.close();
  });
});

describe("editing through the fixes workspace (the orchestrator's affinity/fixes/edit)", () => {
  test('edits a stored fix, refuses a bad diff with its reason, and lists the new title', async () => {
    const storage = tempDir();
    const { repo, fix } = await seeded(storage);
    await repo.close();
    const fixes = new FixesWorkspace({
      globalStorageDir: storage,
      folders: [storage],
      documents: lspDocuments().port,
      settings: () => DEFAULT_SETTINGS.fixes,
      log: () => undefined,
      storeProblem: (p) => assert.fail(p.message),
      unavailable: (m) => assert.fail(m),
    });
    try {
      const refused = await fixes.edit({ id: fix.id, diff: 'not a diff' });
      assert.deepEqual(refused.ok ? undefined : refused.field, 'diff');
      const store = await fixes.required();
      assert.equal(store.get(fix.id)?.diff, DIFF);
      const unknown = await fixes.edit({ id: 'missing', title: 'x' });
      assert.equal(unknown.ok, false);

      const saved = await fixes.edit({ id: fix.id, title: 'Declare it with let' });
      assert.ok(saved.ok, JSON.stringify(saved));
      assert.deepEqual(
        queryFixes(store.all(), { sort: 'recency' }).map((r) => r.title),
        ['Declare it with let'],
      );
    } finally {
      await fixes.close();
    }
  });
});
