// Crash safety: a writer killed with SIGKILL at a random moment of its write loop, 200 times,
// always leaves a file that parses and holds every write acknowledged after a flush. Two lanes
// (two files) run side by side to use both cores, one in local mode and one in shared mode (where
// a kill can also leave the lock file, which the next writer must break); each kill is a fresh
// child process.
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import { bundleChild } from '../../support/store/bundleChild';
import type { KillLoopData } from '../../support/store/killLoopChild';
import { makeTempDir, tempFilesIn } from '../../support/store/storeFixtures';
import { killChildAfter } from '../../support/store/killChild';

const KILLS = 200;
const LANES = 2;

interface KillOutcome {
  readonly lastAck: number;
  readonly tempLeft: boolean;
  readonly lockLeft: boolean;
}

/** Starts the child, waits for its first acknowledged flush, kills it 0–12 ms later, returns what it acknowledged. */
async function killOnce(script: string, file: string, mode: 'local' | 'shared'): Promise<KillOutcome> {
  const { stdout } = await killChildAfter(script, [file, mode], (out) => out.includes('ack '), 12);
  const acks = [...stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
  const names = await readdir(join(file, '..'));
  return {
    lastAck: Math.max(0, ...acks),
    tempLeft: (await tempFilesIn(join(file, '..'))).length > 0,
    lockLeft: names.includes('store.json.lock'),
  };
}

function checkFile(text: string, lastAck: number, iteration: number): KillLoopData {
  let doc: KillLoopData & { schemaVersion: number };
  try {
    doc = JSON.parse(text) as KillLoopData & { schemaVersion: number };
  } catch (error) {
    throw new Error(`iteration ${iteration}: the file does not parse: ${String(error)}`);
  }
  assert.equal(doc.schemaVersion, 1);
  assert.ok(doc.seq >= lastAck, `iteration ${iteration}: file has seq ${doc.seq}, but ${lastAck} was acknowledged`);
  assert.equal(doc.log.length, doc.seq, `iteration ${iteration}: every write up to ${doc.seq} is in the log`);
  assert.ok(
    doc.log.every((value, index) => value === index + 1),
    `iteration ${iteration}: log is 1..${doc.seq}`,
  );
  assert.equal(doc.pad, String(doc.seq % 10).repeat(doc.pad.length), `iteration ${iteration}: body matches seq`);
  return doc;
}

describe('SIGKILL during the write loop', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let script: string;
  let childDir: string;
  before(async () => {
    ({ dir: root, cleanup } = await makeTempDir());
    ({ script, dir: childDir } = await bundleChild('killLoopChild'));
  });
  after(async () => {
    await cleanup();
    await rm(childDir, { recursive: true, force: true });
  });

  test(`${KILLS} kills at random points never lose a flushed write nor leave an unparsable file`, async (t) => {
    const started = Date.now();
    let tempsSeen = 0;
    let locksSeen = 0;
    let maxSeq = 0;
    const lanes = Array.from({ length: LANES }, async (_, lane) => {
      const mode = lane % 2 === 0 ? 'local' : 'shared';
      const file = join(root, `lane-${lane}`, 'store.json');
      for (let i = lane; i < KILLS; i += LANES) {
        const { lastAck, tempLeft, lockLeft } = await killOnce(script, file, mode);
        if (tempLeft) tempsSeen++;
        if (lockLeft) locksSeen++;
        const doc = checkFile(await readFile(file, 'utf8'), lastAck, i);
        maxSeq = Math.max(maxSeq, doc.seq);
      }
      // A clean open removes the dead writers' temporary files (and, shared, breaks their lock).
      const store = await openJsonStore<KillLoopData>({
        file,
        defaults: () => ({ seq: 0, log: [], pad: '' }),
        schemaVersion: 1,
        shared: mode === 'shared',
      });
      await store.close();
      assert.deepEqual(await readdir(join(file, '..')), ['store.json']);
    });
    await Promise.all(lanes);
    t.diagnostic(
      `${KILLS} kills in ${Date.now() - started} ms; ${tempsSeen} landed mid-write (temp file left), ` +
        `${locksSeen} while holding the shared lock; up to seq ${maxSeq} per lane`,
    );
  });
});
