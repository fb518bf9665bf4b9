// Agents left running by a killed orchestrator are ended by the next orchestrator for the same
// workspace (real processes: an orchestrator running the fake Claude CLI, which starts a child of
// its own, is SIGKILLed). Which processes are orphans: test/unit/sessions/orphanAgents.test.ts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrphanAgents } from '../../../src/core/sessions/orphanAgents';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { CreateSessionRequest, ListSessionsRequest, SendTaskRequest } from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { fakeClaudePath, processGroupMembers } from '../../support/fakeAgents/fakeAgents';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../support/orchestratorProcess';

describe('orphaned agents (orchestrator processes)', () => {
  let root = '';
  const started: OrchestratorUnderTest[] = [];
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'aa-orphans-'));
  });
  after(async () => {
    await closeLeftRunning(started);
    rmSync(root, { recursive: true, force: true });
  });

  test('the next orchestrator for the workspace ends the agents a SIGKILLed one left running', { timeout: 60_000 }, async () => {
    const storage = join(root, 'storage');
    const folder = join(root, 'ws');
    mkdirSync(folder, { recursive: true });
    const init = {
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: storage,
      trusted: true,
      workspaceFolders: [folder],
      settings: { ...defaultSettings, executables: { ...defaultSettings.executables, claude: fakeClaudePath } },
    };
    const first = startOrchestratorProcess();
    started.push(first);
    first.connection.onNotification(() => undefined);
    await first.initialize(init);
    await first.request(HealthRequest, undefined);
    const s = (await first.request(CreateSessionRequest, { name: 'busy', agent: 'claude', folder })).session;
    await first.request(SendTaskRequest, { sessionId: s.id, text: 'spawn-child' });
    const firstPid = first.child.pid ?? 0;
    // The agent and the child it started, found by the marker naming the first orchestrator.
    let agents: number[] = [];
    const deadline = Date.now() + 20_000;
    while (agents.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      agents = (await findOrphanAgents(storage, { selfPid: -1, isAlive: () => false }))
        .filter((a) => a.ownerPid === firstPid)
        .map((a) => a.pgid);
    }
    assert.equal(agents.length, 2, 'the fake agent and its child run, marked with the first orchestrator');
    const pgid = agents[0] ?? 0;
    first.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(processGroupMembers(pgid).length >= 2, 'a SIGKILLed orchestrator cannot stop its agents itself');

    const second = startOrchestratorProcess();
    started.push(second);
    second.connection.onNotification(() => undefined);
    await second.initialize(init);
    await second.request(HealthRequest, undefined);
    await second.request(ListSessionsRequest, undefined);
    const until = Date.now() + 10_000;
    while (processGroupMembers(pgid).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(processGroupMembers(pgid), [], 'the left-over process group is gone');
    assert.equal(await second.close(), 0);
  });
});
