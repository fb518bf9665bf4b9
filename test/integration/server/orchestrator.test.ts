// The orchestrator process itself, driven over Node IPC as vscode-languageclient drives it: it
// answers initialize and health, survives initialization options of the wrong shape, refuses bad
// parameters with InvalidParams naming the field (and drops a malformed notification, saying so),
// answers every workspace request without a workspace (empty lists, or why not), and applies a
// settings notification. What its features do is tested on the core (test/unit).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { AnswerApprovalRequest, ListApprovalsRequest, type AnswerApprovalParams } from '../../../src/protocol/approvals';
import { ContextPackRequest, ListBudgetsRequest } from '../../../src/protocol/budget';
import { ListFixesRequest } from '../../../src/protocol/fixes';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { AuditLogRequest, EditorsNotification, RouteRequest } from '../../../src/protocol/routing';
import { CreateSessionRequest, ListSessionsRequest, SendTaskRequest, type CreateSessionParams } from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS, SettingsNotification } from '../../../src/protocol/settings';
import { NO_WORKSPACE } from '../../../src/server/noWorkspace';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../support/orchestratorProcess';

const invalidParams =
  (message: RegExp) =>
  (e: unknown): boolean =>
    e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && message.test(e.message);

describe('orchestrator process', () => {
  const started: OrchestratorUnderTest[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'aa-orchestrator-'));
  after(async () => {
    await closeLeftRunning(started);
    rmSync(dir, { recursive: true, force: true });
  });

  /** An orchestrator whose log lines (window/logMessage) are collected. */
  function start(): { o: OrchestratorUnderTest; logs: string[] } {
    const o = startOrchestratorProcess();
    started.push(o);
    const logs: string[] = [];
    o.connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    o.connection.onNotification(() => undefined);
    return { o, logs };
  }

  test('answers initialize with incremental document sync and affinity/health with its own pid', async () => {
    const { o } = start();
    const init = (await o.initialize({ extensionVersion: '9.9.9', globalStorageDir: join(dir, 'global-1'), trusted: true })) as {
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
    assert.equal(await o.close(), 0);
  });

  test('survives initialization options of the wrong shape', async () => {
    const { o } = start();
    await o.initialize({ extensionVersion: 42, trusted: 'yes', globalStorageDir: null });
    const health = await o.request(HealthRequest, undefined);
    assert.equal(health.version, 'dev');
    assert.equal(await o.close(), 0);
  });

  test('bad parameters are refused with InvalidParams naming the field; a malformed notification is dropped and logged', async () => {
    const { o, logs } = start();
    const storage = mkdtempSync(join(dir, 'storage-'));
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: storage,
      trusted: true,
      workspaceFolders: [storage],
      settings: DEFAULT_SETTINGS,
    });
    await o.request(HealthRequest, undefined);
    await assert.rejects(
      o.request(CreateSessionRequest, { name: 'bad', agent: 'claude', folder: storage, specialty: 'x' } as unknown as CreateSessionParams),
      invalidParams(/^affinity\/sessions\/create: invalid parameters: specialty/),
    );
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: 's-1', requestId: 'r-1', allow: 'yes' } as unknown as AnswerApprovalParams),
      invalidParams(/invalid parameters: allow: .*expected boolean/),
    );
    await assert.rejects(
      o.request(AnswerApprovalRequest, null as unknown as AnswerApprovalParams),
      invalidParams(/affinity\/approvals\/answer: invalid parameters/),
    );
    await o.connection.sendNotification(EditorsNotification.method, { visible: 5 });
    // Still serving, nothing created by the refused request.
    assert.deepEqual(await o.request(ListSessionsRequest, undefined), []);
    assert.ok(
      logs.some((l) => /affinity\/editors: invalid parameters: visible/.test(l)),
      logs.join('\n'),
    );
    assert.equal(await o.close(), 0);
  });

  test('without a workspace: lists are empty and actions say what is needed; learned fixes still answer', async () => {
    const { o } = start();
    await o.initialize({ extensionVersion: 'test', globalStorageDir: join(dir, 'global-2'), trusted: true, settings: DEFAULT_SETTINGS });
    await o.request(HealthRequest, undefined);
    assert.deepEqual(await o.request(ListSessionsRequest, undefined), []);
    assert.deepEqual(await o.request(ListApprovalsRequest, undefined), []);
    assert.deepEqual(await o.request(ListBudgetsRequest, undefined), []);
    assert.deepEqual(await o.request(AuditLogRequest, {}), []);
    const refused = (e: unknown): boolean => e instanceof Error && e.message.endsWith(`failed with message: ${NO_WORKSPACE}`);
    await assert.rejects(o.request(CreateSessionRequest, { name: 'x', agent: 'claude', folder: dir }), refused);
    await assert.rejects(o.request(SendTaskRequest, { sessionId: 's-1', text: 'hello' }), refused);
    await assert.rejects(o.request(RouteRequest, { text: 'fix the login' }), refused);
    await assert.rejects(o.request(ContextPackRequest, { sessionId: 's-1', task: 'fix it' }), refused);
    // Bad parameters are still refused as such, before the handler.
    await assert.rejects(
      o.request(CreateSessionRequest, { name: 'x', agent: 'nobody', folder: dir } as unknown as CreateSessionParams),
      invalidParams(/agent/),
    );
    const fixes = await o.request(ListFixesRequest, {});
    assert.deepEqual([fixes.total, fixes.unavailable], [0, undefined]);
    assert.equal(await o.close(), 0);
  });

  test('a settings notification applies at once (learned fixes turned off and on again)', async () => {
    const { o } = start();
    await o.initialize({ extensionVersion: 'test', globalStorageDir: join(dir, 'global-3'), trusted: true, settings: DEFAULT_SETTINGS });
    await o.request(HealthRequest, undefined);
    assert.equal((await o.request(ListFixesRequest, {})).unavailable, undefined);
    await o.connection.sendNotification(SettingsNotification.method, {
      ...DEFAULT_SETTINGS,
      fixes: { ...DEFAULT_SETTINGS.fixes, enabled: false },
    });
    assert.match(
      (await o.request(ListFixesRequest, {})).unavailable ?? '',
      /learned fixes are turned off \(agentAffinity\.fixes\.enabled\)/,
    );
    await o.connection.sendNotification(SettingsNotification.method, DEFAULT_SETTINGS);
    assert.equal((await o.request(ListFixesRequest, {})).unavailable, undefined);
    assert.equal(await o.close(), 0);
  });
});
