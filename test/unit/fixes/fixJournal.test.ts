// The learned-fix journal: a store file from before the journal loads as it is and takes changes
// as journal lines (the file itself untouched); a line cut off by a crash or damaged by hand is
// set aside and skipped, with a message naming the file, and costs no other change; entries the
// file already holds are never applied twice; a compaction interrupted at any step loses nothing;
// another process's changes arrive by themselves on a reload.
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { JsonFixRepository, type FixStoreFile } from '../../../src/core/fixes/jsonFixRepository';
import type { FixRecord } from '../../../src/core/fixes/fixRecord';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import type { JsonObject, StoreProblem } from '../../../src/core/store/storeTypes';
import { T0, newFix, numberedDiff } from '../../support/fixes/builders';

const FIXTURE = fileURLToPath(new URL('../../fixtures/fixes/learned-fixes-v1.json', import.meta.url));
const byId = (rs: readonly FixRecord[]): FixRecord[] => [...rs].sort((a, b) => a.id.localeCompare(b.id));
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('the learned-fix journal', () => {
  let root: string;
  let n = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'affinity-journal-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A fresh folder; the store file's and the journal's paths in it. */
  async function place(): Promise<{ dir: string; file: string; journal: string }> {
    const dir = join(root, `case-${++n}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return { dir, file: join(dir, 'learned-fixes.json'), journal: join(dir, 'learned-fixes.journal.jsonl') };
  }

  async function open(file: string, problems: StoreProblem[] = []): Promise<{ repo: JsonFixRepository; store: FixStore }> {
    const repo = await JsonFixRepository.open({ file, fsync: false, debounceMs: 0, onProblem: (p) => problems.push(p) });
    return { repo, store: await FixStore.open(repo) };
  }

  test('a store file written before the journal loads whole, takes changes in the journal, and stays readable by the plain store', async () => {
    const { file, journal } = await place();
    await copyFile(FIXTURE, file);
    const original = await readFile(file, 'utf8');
    const before = JSON.parse(original) as FixStoreFile;
    const problems: StoreProblem[] = [];
    const { repo, store } = await open(file, problems);
    assert.deepEqual(byId(store.all()), byId(before.fixes), 'every fix as it was, counters and history included');
    const old = before.fixes[0] as FixRecord;
    const added = await store.learn(newFix({ diff: numberedDiff(1), now: T0 + 100_000 }));
    await repo.flush();
    await store.applied(old.id, T0 + 100_001);
    await repo.flush();
    store.offered([old.id]);
    await store.flush(T0 + 100_002);
    await repo.close();
    assert.equal(await readFile(file, 'utf8'), original, 'a change does not rewrite the store file');
    assert.equal(lines(await readFile(journal, 'utf8')).length, 3, 'one journal line per write');

    const again = await open(file, problems);
    assert.equal(again.store.size, before.fixes.length + 1);
    assert.equal(again.store.get(added.id)?.diff, added.diff);
    assert.equal(again.store.get(old.id)?.counts.applied, old.counts.applied + 1);
    assert.equal(again.store.get(old.id)?.counts.offered, old.counts.offered + 1);
    const expected = byId(again.store.all());
    await again.repo.compact();
    await again.repo.close();
    assert.deepEqual(problems, []);

    // Folded in: one file in the usual format, which the store layer as older versions use it reads.
    assert.deepEqual(
      (await readdir(join(file, '..'))).filter((f) => f.includes('journal.upto')),
      [],
    );
    const plain = await openJsonStore<{ signatureVersion: number; fixes: FixRecord[] }>({
      file,
      defaults: () => ({ signatureVersion: 1, fixes: [] }),
      schemaVersion: 1,
      validate: (d: JsonObject) => (Array.isArray(d['fixes']) ? undefined : 'no fixes'),
    });
    assert.deepEqual(byId(plain.data.fixes), expected);
    await plain.close();
    const third = await open(file);
    assert.deepEqual(byId(third.store.all()), expected, 'the same after the compaction');
    await third.repo.close();
  });

  test('a line cut off by a crash is set aside and dropped with a message; the others load and the next change lands', async () => {
    const { file, journal } = await place();
    const first = await open(file);
    const fixes: FixRecord[] = [];
    for (let i = 0; i < 3; i++) fixes.push(await first.store.learn(newFix({ diff: numberedDiff(i) })));
    await first.repo.close();
    const cut = '{"seq":4,"w":"dead","m":[{"kind":"count","deltas":[{"id":"';
    await appendFile(journal, cut);

    const problems: StoreProblem[] = [];
    const second = await open(file, problems);
    assert.deepEqual(
      second.store
        .all()
        .map((r) => r.id)
        .sort(),
      fixes.map((r) => r.id).sort(),
    );
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
    const [problem] = problems;
    assert.equal(problem?.kind, 'recordsQuarantined');
    assert.equal(problem.file, journal);
    assert.match(problem.message, /cut off by a crash and was dropped/);
    assert.ok(problem.message.includes(journal), problem.message);
    const copy = JSON.parse(await readFile(problem.quarantinePath, 'utf8')) as { records: { entry: string }[] };
    assert.equal(copy.records[0]?.entry, cut, 'the cut-off text is kept');
    assert.ok((await readFile(journal, 'utf8')).endsWith('\n'), 'the journal is cut back to its last whole line');

    const more = await second.store.learn(newFix({ diff: numberedDiff(9) }));
    await second.repo.close();
    const after: StoreProblem[] = [];
    const third = await open(file, after);
    assert.equal(third.store.size, 4);
    assert.ok(third.store.get(more.id));
    assert.deepEqual(after, [], 'nothing damaged any more');
    await third.repo.close();
  });

  test('a damaged line in the middle is kept aside and skipped; the lines after it load; a compaction leaves it out', async () => {
    const { file, journal } = await place();
    const first = await open(file);
    const a = await first.store.learn(newFix({ diff: numberedDiff(1) }));
    await first.repo.close();
    const malformed = JSON.stringify({ seq: 2, w: 'x', m: [{ kind: 'upsert', records: [{ id: 'half' }], at: 1 }] });
    await appendFile(journal, `this is not JSON\n${malformed}\n`);
    const second = await open(file);
    const b = await second.store.learn(newFix({ diff: numberedDiff(2) }));
    await second.repo.close();

    const problems: StoreProblem[] = [];
    const third = await open(file, problems);
    assert.deepEqual(
      third.store
        .all()
        .map((r) => r.id)
        .sort(),
      [a.id, b.id].sort(),
    );
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.equal(problem?.kind, 'recordsQuarantined');
    assert.equal(problem.file, journal);
    assert.match(problem.message, /2 damaged entries/);
    assert.match(problem.message, /line 2 of "[^"]+": not valid JSON/);
    assert.match(problem.message, /line 3 of "[^"]+": change 1: record 1 is not a well-formed fix/);
    const copy = JSON.parse(await readFile(problem.quarantinePath, 'utf8')) as { records: { entry: string }[] };
    assert.deepEqual(
      copy.records.map((r) => r.entry),
      ['this is not JSON', malformed],
    );
    await third.repo.compact();
    await third.repo.close();
    const later: StoreProblem[] = [];
    const fourth = await open(file, later);
    assert.deepEqual(later, [], 'the damaged lines are no longer in the journal');
    assert.equal(fourth.store.size, 2);
    await fourth.repo.close();
  });

  test('entries the store file already holds are not applied again (a crash before the set-aside journal was removed)', async () => {
    const { dir, file, journal } = await place();
    const first = await open(file);
    const fix = await first.store.learn(newFix());
    await first.repo.flush();
    for (let i = 1; i <= 3; i++) {
      await first.store.applied(fix.id, T0 + i);
      await first.repo.flush();
    }
    const journalText = await readFile(journal, 'utf8');
    await first.repo.compact();
    await first.repo.close();
    const held = (JSON.parse(await readFile(file, 'utf8')) as FixStoreFile).journal?.seq ?? 0;
    assert.equal(held, 4, 'the file says which entries it holds');
    // The set-aside journal as a crash right after the rename would leave it.
    await writeFile(join(dir, `learned-fixes.journal.upto-${held}.jsonl`), journalText);

    const second = await open(file);
    assert.equal(second.store.get(fix.id)?.counts.applied, 3);
    await second.repo.close();
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.includes('upto')),
      [],
      'removed once the file is known to hold it',
    );
  });

  test('a compaction stopped after the journal was set aside (a crash) loses nothing', async () => {
    const { dir, file, journal } = await place();
    const first = await open(file);
    const fixes: FixRecord[] = [];
    for (let i = 0; i < 4; i++) {
      fixes.push(await first.store.learn(newFix({ diff: numberedDiff(i) })));
      await first.repo.flush();
    }
    await first.store.applied(fixes[0]?.id ?? '', T0 + 1);
    await first.repo.close();
    assert.equal(lines(await readFile(journal, 'utf8')).length, 5);
    // Step 1 of a compaction (the journal set aside) and a snapshot half-written by a dead process.
    await rename(journal, join(dir, 'learned-fixes.journal.upto-5.jsonl'));
    await writeFile(join(dir, '.learned-fixes.json.tmp-999999-abcdef'), '{"schemaVersion":1,"fixes":[{"id":');

    const second = await open(file);
    assert.equal(second.store.size, 4);
    assert.equal(second.store.get(fixes[0]?.id ?? '')?.counts.applied, 1);
    const later = await second.store.learn(newFix({ diff: numberedDiff(7) }));
    await second.repo.close();
    assert.ok(!(await readdir(dir)).some((f) => f.includes('.tmp-')), "the dead writer's temporary file is removed");
    const third = await open(file);
    assert.equal(third.store.size, 5);
    assert.ok(third.store.get(later.id));
    await third.repo.compact();
    await third.repo.close();
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.includes('upto')),
      [],
    );
    const fourth = await open(file);
    assert.equal(fourth.store.size, 5);
    assert.equal(fourth.store.get(fixes[0]?.id ?? '')?.counts.applied, 1);
    await fourth.repo.close();
  });

  test("another process's changes arrive on a reload: learned, counted, deleted", async () => {
    const { file } = await place();
    const a = await open(file);
    const b = await open(file);
    const fix = await a.store.learn(newFix());
    await a.repo.flush();
    await b.store.reload();
    assert.equal(b.store.get(fix.id)?.diff, fix.diff);
    assert.equal(b.store.lookup({ message: "Type 'A' is not assignable to type 'B'.", source: 'ts', code: 2322 })[0]?.record.id, fix.id);
    await a.store.applied(fix.id, T0 + 1);
    await a.repo.flush();
    await b.store.reload();
    assert.equal(b.store.get(fix.id)?.counts.applied, 1);
    await b.store.applied(fix.id, T0 + 2);
    await b.repo.flush();
    await a.store.reload();
    assert.equal(a.store.get(fix.id)?.counts.applied, 2, "each sees the other's count and its own once");
    await a.store.delete([fix.id]);
    await a.repo.flush();
    await b.store.reload();
    assert.equal(b.store.get(fix.id), undefined);
    assert.equal(b.store.size, 0);
    await a.repo.close();
    await b.repo.close();
  });
});
