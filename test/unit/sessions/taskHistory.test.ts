// A session's history stays bounded: past the limit the oldest finished tasks are dropped (and
// counted), running tasks and finished ones a queued task depends on stay, a stored history that
// is too long is trimmed when sessions load, and a lower limit applies at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { DEFAULT_HISTORY_LIMIT, trimHistory } from '../../../src/core/sessions/taskHistory';
import type { SessionRecord, TaskRecord } from '../../../src/core/sessions/sessionTypes';
import { sessionSummary } from '../../../src/server/sessions/summaries';
import { ManualDrivers } from '../../support/sessions/manualDriver';

const task = (id: string, status: TaskRecord['status']): TaskRecord => ({
  id,
  text: `task ${id}`,
  priority: 0,
  dependsOn: [],
  status,
  createdAt: 1,
  attempts: 1,
});

describe('task history limit', () => {
  test('trimHistory drops the oldest finished tasks, never a running one nor one still depended on', () => {
    const history = [task('a', 'succeeded'), task('b', 'failed'), task('c', 'running'), task('d', 'succeeded'), task('e', 'cancelled')];
    assert.equal(trimHistory(history, 2, new Set(['a'])), 2);
    assert.deepEqual(
      history.map((t) => t.id),
      ['a', 'c', 'e'],
    );
    assert.equal(trimHistory(history, 5, new Set()), 0);
    assert.equal(DEFAULT_HISTORY_LIMIT, 200);
  });

  test('the manager keeps the last N finished tasks per session and counts the ones dropped', async () => {
    const drivers = new ManualDrivers();
    const repo = new InMemorySessionRepository();
    const m = new SessionManager({
      repository: repo,
      adapters: { command: new CommandAdapter('echo') },
      createDriver: () => drivers.driver(),
      historyLimit: 3,
    });
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = m.sendTask(s.id, { text: `t${i}` });
      ids.push(t.id);
      (await drivers.started(i + 1))[i]?.finish({});
      await m.waitForTask(t.id);
    }
    const busy = m.sendTask(s.id, { text: 'busy' });
    await drivers.started(4);
    // Queued (the session is busy) behind a dependency that is the oldest finished task.
    const dependent = m.sendTask(s.id, { text: 'needs t0', dependsOn: [ids[0] ?? ''] });
    drivers.runs[3]?.finish({});
    await m.waitForTask(busy.id);
    assert.deepEqual(
      m.get(s.id)?.history.map((t) => t.id),
      [ids[0], ids[2], busy.id, dependent.id],
      't0 kept while a queued task depends on it; t1 dropped instead',
    );
    (await drivers.started(5))[4]?.finish({});
    assert.equal((await m.waitForTask(dependent.id)).status, 'succeeded', 'its dependency was still known');
    const record = m.get(s.id);
    assert.ok(record);
    assert.deepEqual(
      record.history.map((t) => t.id),
      [ids[2], busy.id, dependent.id],
      'the last three finished tasks',
    );
    assert.equal(record.trimmedTasks, 2);
    assert.equal(sessionSummary(record, undefined).tasksRun, 5, 'the tasks run still count the dropped ones');
    await m.flush();
    assert.equal(repo.get(s.id)?.history.length, 3, 'saved trimmed');
    m.setHistoryLimit(1);
    assert.deepEqual(
      m.get(s.id)?.history.map((t) => t.id),
      [dependent.id],
    );
    assert.equal(m.get(s.id)?.trimmedTasks, 4);
  });

  test('a stored history longer than the limit is trimmed when sessions load, keeping a dependency of a queued task', async () => {
    const history = Array.from({ length: 10 }, (_, i) => task(`h${i}`, 'succeeded'));
    const queued = { ...task('q', 'queued'), dependsOn: ['h0'] };
    const record: SessionRecord = {
      id: 's-1',
      name: 'a',
      agent: 'command',
      folder: '/w',
      state: 'idle',
      queue: [queued],
      history,
      workingSet: [],
      createdAt: 1,
      lastActivityAt: 1,
    };
    const m = new SessionManager({
      repository: new InMemorySessionRepository([record]),
      adapters: { command: new CommandAdapter('echo') },
      historyLimit: 4,
    });
    const [loaded] = await m.load();
    assert.deepEqual(
      loaded?.history.map((t) => t.id),
      ['h0', 'h7', 'h8', 'h9'],
    );
    assert.equal(loaded?.trimmedTasks, 6);
  });
});
