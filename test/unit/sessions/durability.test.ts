// What the session manager makes durable before it says so: `durable()` resolves only after the
// repository's flush (a task is acknowledged once on disk), a finished task is reported only once
// its terminal state is on disk (and later events wait behind it, in order), and changes that
// are not critical (working set, state) do not force a write.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { SessionRecord } from '../../../src/core/sessions/sessionTypes';
import { ManualDrivers } from '../../support/sessions/manualDriver';

/** A repository whose flushes wait until the test lets them through, remembering what was saved then. */
class GatedRepository extends InMemorySessionRepository {
  readonly flushed: SessionRecord[][] = [];
  private gates: Array<{ open: () => void; fail: (e: Error) => void }> = [];

  override async flush(): Promise<void> {
    await new Promise<void>((open, fail) => this.gates.push({ open, fail }));
    this.flushed.push(await this.loadAll());
  }

  get waiting(): number {
    return this.gates.length;
  }

  openAll(): void {
    for (const g of this.gates.splice(0)) g.open();
  }

  failAll(error: Error): void {
    for (const g of this.gates.splice(0)) g.fail(error);
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(): { m: SessionManager; drivers: ManualDrivers; repo: GatedRepository } {
  const drivers = new ManualDrivers();
  const repo = new GatedRepository();
  const m = new SessionManager({
    repository: repo,
    adapters: { command: new CommandAdapter('echo') },
    createDriver: () => drivers.driver(),
  });
  return { m, drivers, repo };
}

describe('session manager durability', () => {
  test('durable() resolves once the task is flushed to disk, and rejects when the write fails', async () => {
    const { m, repo } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const created = m.durable(s.id);
    await tick();
    assert.equal(repo.waiting, 1);
    repo.openAll();
    await created;
    const t = m.sendTask(s.id, { text: 'do it' });
    let acknowledged = false;
    const durable = m.durable(s.id).then(() => (acknowledged = true));
    await tick();
    assert.equal(acknowledged, false, 'not acknowledged before the flush');
    repo.openAll();
    await durable;
    assert.ok(repo.flushed.at(-1)?.[0]?.history.some((x) => x.id === t.id) || repo.flushed.at(-1)?.[0]?.queue.some((x) => x.id === t.id));
    m.sendTask(s.id, { text: 'again' });
    const failing = m.durable(s.id);
    await tick();
    repo.failAll(new Error('ENOSPC: no space left on device'));
    await assert.rejects(failing, /ENOSPC/);
  });

  test('a finished task is reported only once its terminal state is on disk; later events wait behind it, in order', async () => {
    const { m, drivers, repo } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const events: string[] = [];
    m.on('taskFinished', ({ task }) => events.push(`finished ${task.status}`));
    m.on('taskStarted', () => events.push('started'));
    m.on('stateChanged', ({ to }) => events.push(to));
    const one = m.sendTask(s.id, { text: 'one' });
    m.sendTask(s.id, { text: 'two' });
    const [first] = await drivers.started(1);
    events.length = 0;
    first?.finish({ resultText: 'ok' });
    await tick();
    assert.equal(m.get(s.id)?.history[0]?.status, 'succeeded', 'the state itself changes at once');
    assert.deepEqual(events, [], 'nothing reported while the terminal state is being written');
    let waited = false;
    const waiting = m.waitForTask(one.id).then(() => (waited = true));
    await tick();
    assert.equal(waited, false, 'waitForTask answers like the event: once saved');
    assert.equal(repo.waiting, 1);
    repo.openAll();
    await waiting;
    const saved = repo.flushed.at(-1)?.[0]?.history[0];
    assert.equal(saved?.status, 'succeeded', 'on disk before it was reported');
    assert.deepEqual(events.slice(0, 3), ['finished succeeded', 'idle', 'starting'], 'in order: the finish before the next start');
    const [, second] = await drivers.started(2);
    second?.finish({ ok: false, failure: { kind: 'agent-error', reason: 'no', stderrTail: [] } });
    await tick();
    assert.ok(!(events as string[]).includes('finished failed'));
    repo.failAll(new Error('EIO'));
    await tick();
    assert.ok((events as string[]).includes('finished failed'), 'reported anyway when the write failed (the failure is reported too)');
  });

  test('working-set and state changes do not force a write', async () => {
    const { m, drivers, repo } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    m.sendTask(s.id, { text: 'one' });
    const [run] = await drivers.started(1);
    for (let i = 0; i < 20; i++) {
      run?.emit({
        type: 'tool_use',
        toolId: `t${i}`,
        toolName: 'Read',
        input: {},
        files: [{ path: `/w/f${i}.ts`, access: 'read' }],
        isSidechain: false,
      });
    }
    await tick();
    assert.equal(repo.waiting, 0, 'only acknowledgements and finished tasks flush');
    assert.ok(repo.saves > 20, 'the changes are saved (debounced by the store)');
  });
});
