// Agents left running by a killed orchestrator: found by the marker they inherit (a fake /proc for
// the rules). Ended when the workspace's sessions open again: test/unit/sessions/sessionsWorkspace.test.ts;
// after a real orchestrator is SIGKILLed: test/integration/server/orphanAgents.test.ts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrphanAgents, ORCHESTRATOR_MARKER_ENV } from '../../../src/core/sessions/orphanAgents';

describe('orphaned agents', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'aa-orphans-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('only processes marked with this workspace whose orchestrator is gone are orphans', async () => {
    const proc = join(root, 'proc');
    const fake = (pid: number, env: string[], pgid: number): void => {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      writeFileSync(join(proc, String(pid), 'environ'), `${env.join('\0')}\0`);
      writeFileSync(join(proc, String(pid), 'stat'), `${pid} (node (x)) S 1 ${pgid} ${pgid} 0 -1`);
    };
    const mark = (owner: number, storage: string): string => `${ORCHESTRATOR_MARKER_ENV}=${owner}:${storage}`;
    fake(101, ['HOME=/h', mark(50, '/ws/a')], 101); // owner 50 is gone: orphan
    fake(102, [mark(50, '/ws/a')], 101); // its child, same group
    fake(103, [mark(60, '/ws/a')], 103); // owner 60 still runs
    fake(104, [mark(50, '/ws/b')], 104); // another workspace
    fake(105, ['PATH=/bin'], 105); // not an agent
    fake(106, [mark(7, '/ws/a')], 106); // started by this orchestrator (pid 7)
    mkdirSync(join(proc, 'self'));
    const found = await findOrphanAgents('/ws/a', { procRoot: proc, selfPid: 7, isAlive: (pid) => pid === 60 || pid === 7 });
    assert.deepEqual(
      found.sort((x, y) => x.pid - y.pid),
      [
        { pid: 101, pgid: 101, ownerPid: 50 },
        { pid: 102, pgid: 101, ownerPid: 50 },
      ],
    );
    assert.deepEqual(await findOrphanAgents('/ws/a', { procRoot: join(root, 'no-proc') }), []);
  });
});
