import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInitOptions } from '../../../src/protocol/schemas/orchestrator';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { parseOrchestratorSettings as parseSettings } from '../../../src/protocol/schemas/settings';
import { askForPermissionsNote } from '../../../src/core/sessions/agentRunSettings';

test('parseInitOptions keeps valid fields and defaults the rest', () => {
  assert.deepEqual(
    parseInitOptions({
      extensionVersion: '1.2.3',
      globalStorageDir: '/g',
      workspaceStorageDir: '/w',
      trusted: true,
      workspaceFolders: ['/a', 3, ''],
    }),
    {
      extensionVersion: '1.2.3',
      globalStorageDir: '/g',
      workspaceStorageDir: '/w',
      trusted: true,
      workspaceFolders: ['/a'],
      settings: defaultSettings,
    },
  );
  assert.deepEqual(parseInitOptions(undefined), {
    extensionVersion: 'dev',
    globalStorageDir: '',
    trusted: false,
    workspaceFolders: [],
    settings: defaultSettings,
  });
  assert.equal(parseInitOptions({ trusted: 1, workspaceStorageDir: '' }).workspaceStorageDir, undefined);
});

test('settings of the wrong type or out of range fall back or are clamped, never crash', () => {
  const s = parseSettings({
    maxParallelSessions: 0,
    taskIdleTimeoutSeconds: 'x',
    claudeLongLived: 'yes',
    executables: { claude: '', codex: '/opt/codex' },
    commandLine: 5,
    environment: { claude: { OK: 'v', 'BAD-NAME': 'x', N: 3 }, unknown: { A: 'b' } },
    worktreeFolder: null,
  });
  assert.equal(s.maxParallelSessions, 1);
  assert.equal(s.taskIdleTimeoutSeconds, defaultSettings.taskIdleTimeoutSeconds);
  assert.equal(s.claudeLongLived, true);
  assert.deepEqual(s.executables, { claude: 'claude', codex: '/opt/codex', gemini: 'gemini' });
  assert.equal(s.commandLine, '');
  assert.deepEqual(s.environment, { claude: { OK: 'v' } });
  assert.equal(s.worktreeFolder, defaultSettings.worktreeFolder);
  assert.deepEqual(parseSettings('garbage'), defaultSettings);
});

test('agentAffinity.claude.askForPermissions: on by default, a boolean only; it needs the long-lived process', () => {
  assert.equal(parseSettings({}).claudeAskForPermissions, true);
  assert.equal(parseSettings({ claudeAskForPermissions: false }).claudeAskForPermissions, false);
  assert.equal(parseSettings({ claudeAskForPermissions: 'no' }).claudeAskForPermissions, true);
  assert.equal(askForPermissionsNote({ claudeAskForPermissions: true, claudeLongLived: true }), undefined);
  assert.equal(askForPermissionsNote({ claudeAskForPermissions: false, claudeLongLived: false }), undefined);
  assert.match(
    askForPermissionsNote({ claudeAskForPermissions: true, claudeLongLived: false }) ?? '',
    /needs agentAffinity\.claude\.longLived.*refused/,
  );
});
