// Crash safety of the learned-fix store: a writer killed with SIGKILL at a random moment, 100
// times, while it appends to the journal and folds it into the store file every few KiB. After
// every kill the store opens (a cut-off last line is set aside, never the store), holds every
// write acknowledged after a flush, and holds each write whole and once: the shared fix's use count
// equals the number of fixes learned with it in the same journal line. Two lanes (two stores) run
// side by side to use both cores; each kill is a fresh child process.
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';
import type { StoreProblem } from '../../../src/core/store/storeTypes';
import { newFix } from '../../support/fixes/builders';
import { bundleChild } from '../../support/store/bundleChild';
import { makeTempDir } from '../../support/store/storeFixtures';
import { killChildAfter } from '../../support/store/killChild';

const KILLS = 100;
const LANES = 2;

async function killOnce(script: string, file: string, sharedId: string): Promise<number> {
  const { stdout } = await killChildAfter(script, [file, sharedId], (out) => out.includes('ack '), 25);
  return Math.max(0, ...[...stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1])));
}

describe('SIGKILL while the learned-fix journal is written and compacted', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let script: string;
  let childDir: string;
  before(async () => {
    ({ dir: root, cleanup } = await makeTempDir('affinity-journal-kill-'));
    ({ script, dir: childDir } = await bundleChild('../fixes/journalKillChild'));
  });
  after(async () => {
    await cleanup();
    await rm(childDir, { recursive: true, force: true });
  });

  test(`${KILLS} kills at random points never lose an acknowledged write, nor apply one twice or in part`, async (t) => {
    const started = Date.now();
    let cutOff = 0;
    let midCompaction = 0;
    let midSnapshot = 0;
    let most = 0;
    const lanes = Array.from({ length: LANES }, async (_, lane) => {
      const dir = join(root, `lane-${lane}`);
      await mkdir(dir, { recursive: true });
      const file = join(dir, 'learned-fixes.json');
      const seed = await JsonFixRepository.open({ file, fsync: false });
      const shared = await (await FixStore.open(seed)).learn(newFix());
      await seed.close();
      let acknowledged = 0;
      for (let i = lane; i < KILLS; i += LANES) {
        acknowledged = Math.max(acknowledged, await killOnce(script, file, shared.id));
        const left = await readdir(dir);
        if (left.some((f) => f.includes('.journal.upto-'))) midCompaction++;
        if (left.some((f) => f.includes('.tmp-'))) midSnapshot++;
        const problems: StoreProblem[] = [];
        const repo = await JsonFixRepository.open({ file, fsync: false, onProblem: (p) => problems.push(p) });
        const store = await FixStore.open(repo);
        const learned = store
          .all()
          .filter((r) => r.sessionId === 'kill')
          .map((r) => Number(r.taskId))
          .sort((a, b) => a - b);
        assert.deepEqual(
          learned,
          Array.from({ length: learned.length }, (_, k) => k + 1),
          `kill ${i}: fixes 1..${learned.length}, each once`,
        );
        assert.ok(learned.length >= acknowledged, `kill ${i}: ${learned.length} fixes stored, ${acknowledged} acknowledged`);
        assert.equal(store.get(shared.id)?.counts.applied, learned.length, `kill ${i}: each write whole and once`);
        for (const p of problems) {
          assert.ok(p.kind === 'staleLockBroken' || (p.kind === 'recordsQuarantined' && /cut off by a crash/.test(p.message)), p.message);
          if (p.kind === 'recordsQuarantined') cutOff++;
        }
        most = Math.max(most, learned.length);
        await repo.close();
      }
    });
    await Promise.all(lanes);
    t.diagnostic(
      `${KILLS} kills in ${Date.now() - started} ms; ${midCompaction} during a compaction (${midSnapshot} while writing the snapshot), ` +
        `${cutOff} left a cut-off journal line; up to ${most} fixes per lane`,
    );
  });
});
