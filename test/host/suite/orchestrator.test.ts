// The orchestrator process: a real round trip through the language client, and recovery after
// the process is killed with SIGKILL (noticed, reported once, restarted by the command).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, healthWhenReady, processAlive, StateRecorder, waitFor } from './support';

describe('orchestrator', () => {
  it('answers a health request: ready, with a version and its pid', async () => {
    const api = await getApi();
    const health = await healthWhenReady(api);
    assert.equal(health.state, 'ready');
    assert.match(health.version, /\d+\.\d+\.\d+/, `version '${health.version}' is not a version`);
    assert.ok(health.pid > 0, `pid ${health.pid}`);
    assert.equal(health.pid, api.orchestratorPid());
    assert.ok(health.uptimeMs >= 0, `uptime ${health.uptimeMs}`);
    assert.notEqual(health.pid, process.pid, 'the orchestrator must be its own process, not the extension host');
  });

  it('notices a SIGKILL once and comes back after Restart Orchestrator', async function () {
    this.timeout(90_000);
    const api = await getApi();
    await healthWhenReady(api);
    const oldPid = api.orchestratorPid();
    assert.ok(oldPid !== undefined && oldPid > 0, 'no orchestrator pid');
    const recorder = new StateRecorder(api);
    try {
      process.kill(oldPid, 'SIGKILL');
      await recorder.next('crashed', 20_000);
      await waitFor(`process ${oldPid} to be gone`, () => !processAlive(oldPid));
      // A crash must not loop: give a restart-and-crash-again cycle a moment to show itself.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(
        recorder.count('crashed'),
        1,
        `crash reported ${recorder.count('crashed')} times (events: ${recorder.events.join(', ')})`,
      );

      const readyIndex = recorder.events.length;
      await vscode.commands.executeCommand('agentAffinity.restartOrchestrator');
      await recorder.next('ready', 30_000, readyIndex);
      const health = await api.orchestratorHealth();
      assert.equal(health.state, 'ready');
      assert.notEqual(health.pid, oldPid, 'the restarted orchestrator has the old pid');
      assert.equal(api.orchestratorPid(), health.pid);
      assert.ok(processAlive(health.pid), `new orchestrator ${health.pid} is not running`);
      assert.equal(recorder.count('crashed'), 1, `events: ${recorder.events.join(', ')}`);
    } finally {
      recorder.dispose();
    }
  });
});
