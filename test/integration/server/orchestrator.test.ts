import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { startOrchestratorProcess } from '../../support/orchestratorProcess';

describe('orchestrator process', () => {
  test('answers initialize with incremental document sync and affinity/health with its own pid', async () => {
    const o = startOrchestratorProcess();
    try {
      const init = (await o.initialize({ extensionVersion: '9.9.9', globalStorageDir: '/tmp/x', trusted: true })) as {
        capabilities: { textDocumentSync: { openClose: boolean; change: number } };
        serverInfo: { version: string };
      };
      assert.equal(init.capabilities.textDocumentSync.openClose, true);
      assert.equal(init.capabilities.textDocumentSync.change, 2);
      assert.equal(init.serverInfo.version, '9.9.9');
      const health = await o.request(HealthRequest, undefined);
      assert.equal(health.pid, o.child.pid);
      assert.equal(health.version, '9.9.9');
      assert.ok(health.uptimeMs >= 0);
      assert.ok(health.rssBytes > 0);
    } finally {
      assert.equal(await o.close(), 0);
    }
  });

  test('survives initialization options of the wrong shape', async () => {
    const o = startOrchestratorProcess();
    try {
      await o.initialize({ extensionVersion: 42, trusted: 'yes', globalStorageDir: null });
      const health = await o.request(HealthRequest, undefined);
      assert.equal(health.version, 'dev');
    } finally {
      assert.equal(await o.close(), 0);
    }
  });
});
