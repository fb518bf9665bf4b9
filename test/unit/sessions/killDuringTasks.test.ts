// Acknowledged work survives a crash: a SessionManager on the real sessions store, with a fake
// agent, acknowledges tasks and reports them finished while it is SIGKILLed at random moments,
// 200 times (a fresh child each time, restarting on the store the last one left). After every
// kill the store file must hold every task that was acknowledged, and every task reported
// finished with the status it was reported with (not "running", which the next start would turn
// into "failed: interrupted, retryable" and a retry would redo).
import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SessionRecord, TaskRecord } from '../../../src/core/sessions/sessionTypes';
import { bundleChild } from '../../support/store/bundleChild';
import { makeTempDir } from '../../support/store/storeFixtures';
import { killChildAfter } from '../../support/store/killChild';

const KILLS = 200;
const LANES = 2;

interface Printed {
  readonly acked: string[];
  readonly done: Map<string, string>;
  readonly stderr: string;
}

/**
 * Runs the child and kills it 0–100 ms after `ready` (`early`: kills land around the restart too)
 * or 0–60 ms after its first acknowledgement (so that every such kill has work to lose, however
 * slowly a loaded machine starts the child); returns what it printed.
 */
async function killOnce(script: string, storage: string, early: boolean): Promise<Printed> {
  const { stdout, stderr } = await killChildAfter(
    script,
    [storage],
    (out) => (early ? out.includes('ready\n') : /^ack /m.test(out)),
    early ? 100 : 60,
  );
  return {
    acked: [...stdout.matchAll(/^ack (\S+)$/gm)].map((m) => m[1] ?? ''),
    done: new Map([...stdout.matchAll(/^done (\S+) (\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])),
    stderr,
  };
}

async function tasksOnDisk(storage: string): Promise<Map<string, TaskRecord>> {
  const text = await readFile(join(storage, 'sessions.json'), 'utf8').catch(() => '{"sessions": []}'); // Killed before its first write.
  const doc = JSON.parse(text) as { sessions: SessionRecord[] };
  const tasks = new Map<string, TaskRecord>();
  for (const s of doc.sessions) for (const t of [...s.queue, ...s.history]) tasks.set(t.id, t);
  return tasks;
}

describe('SIGKILL while sessions run tasks', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let script: string;
  let childDir: string;
  before(async () => {
    ({ dir: root, cleanup } = await makeTempDir());
    ({ script, dir: childDir } = await bundleChild('sessionKillChild'));
  });
  after(async () => {
    await cleanup();
    await rm(childDir, { recursive: true, force: true });
  });

  test(`${KILLS} kills never lose an acknowledged task nor bring a finished one back as interrupted`, async (t) => {
    const started = Date.now();
    let acked = 0;
    let reported = 0;
    const lost: string[] = [];
    const wronglyInterrupted: string[] = [];
    let missing = 0;
    const lanes = Array.from({ length: LANES }, async (_, lane) => {
      const storage = join(root, `lane-${lane}`);
      await mkdir(storage);
      for (let i = lane; i < KILLS; i += LANES) {
        const printed = await killOnce(script, storage, i % 4 < 2);
        assert.doesNotMatch(printed.stderr, /store problem/, `kill ${i}: the store reported a problem`);
        const onDisk = await tasksOnDisk(storage);
        acked += printed.acked.length;
        reported += printed.done.size;
        for (const id of printed.acked) if (!onDisk.has(id)) lost.push(`kill ${i}: ${id}`);
        for (const [id, status] of printed.done) {
          const saved = onDisk.get(id)?.status;
          if (saved === undefined) missing++;
          if (saved !== status) wronglyInterrupted.push(`kill ${i}: ${id} reported ${status}, saved ${saved ?? 'nowhere'}`);
        }
      }
    });
    await Promise.all(lanes);
    t.diagnostic(
      `${KILLS} kills in ${Date.now() - started} ms: ${acked} tasks acknowledged, ${lost.length} lost; ` +
        `${reported} reported finished, ${wronglyInterrupted.length} not saved as reported (${missing} missing, ` +
        `${wronglyInterrupted.length - missing} saved as queued or running: back as interrupted after the restart)`,
    );
    assert.ok(acked >= KILLS / 2, `the children really worked (${acked} acknowledged)`);
    assert.deepEqual(lost, [], 'acknowledged tasks missing after the restart');
    assert.deepEqual(wronglyInterrupted, [], 'tasks reported finished but saved otherwise (they would come back as interrupted)');
  });
});
