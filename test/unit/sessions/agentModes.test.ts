// What Codex and Gemini sessions may do on their own: the settings' defaults and validation, the
// permission mode a new session stores, and a session's settings change checked against its agent.
// (The real CLIs with these settings: test/integration/server/agentModes.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrchestratorSettings } from '../../../src/protocol/settings';
import { codexSandbox, sessionPermissionMode, sessionSettingsPatch } from '../../../src/core/sessions/agentModes';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { parseOrchestratorSettings as parseSettings } from '../../../src/protocol/schemas/settings';

describe('agent mode settings', () => {
  test('defaults let Codex write in its folder and Gemini edit; anything unknown falls back', () => {
    const d = parseSettings({});
    assert.deepEqual(
      [d.codexSandbox, d.codexSkipGitRepoCheck, d.geminiApprovalMode, d.geminiSkipTrust],
      ['workspace-write', false, 'auto_edit', false],
    );
    const bad = parseSettings({ codexSandbox: '--yolo', codexSkipGitRepoCheck: 'yes', geminiApprovalMode: 'all', geminiSkipTrust: 1 });
    assert.deepEqual(
      [bad.codexSandbox, bad.codexSkipGitRepoCheck, bad.geminiApprovalMode, bad.geminiSkipTrust],
      ['workspace-write', false, 'auto_edit', false],
    );
    const set = parseSettings({
      codexSandbox: 'read-only',
      codexSkipGitRepoCheck: true,
      geminiApprovalMode: 'plan',
      geminiSkipTrust: true,
    });
    assert.deepEqual(
      [set.codexSandbox, set.codexSkipGitRepoCheck, set.geminiApprovalMode, set.geminiSkipTrust],
      ['read-only', true, 'plan', true],
    );
    assert.equal(codexSandbox('danger-full-access'), 'danger-full-access');
  });

  test("a new session stores Claude's mode from the setting, Gemini's only when given, none for Codex", () => {
    const s: OrchestratorSettings = { ...defaultSettings, claudePermissionMode: 'acceptEdits' };
    assert.deepEqual(sessionPermissionMode('claude', undefined, s.claudePermissionMode), { permissionMode: 'acceptEdits' });
    assert.deepEqual(sessionPermissionMode('claude', 'plan', s.claudePermissionMode), { permissionMode: 'plan' });
    assert.deepEqual(sessionPermissionMode('gemini', undefined, s.claudePermissionMode), {});
    assert.deepEqual(sessionPermissionMode('gemini', 'plan', s.claudePermissionMode), { permissionMode: 'plan' });
    assert.deepEqual(sessionPermissionMode('codex', 'plan', s.claudePermissionMode), {});
  });

  test('a settings change is checked against the agent: model names, known modes, none for Codex; null goes back to the default', () => {
    assert.deepEqual(sessionSettingsPatch('claude', { model: ' opus ', permissionMode: 'acceptEdits' }), {
      model: 'opus',
      permissionMode: 'acceptEdits',
    });
    assert.deepEqual(sessionSettingsPatch('gemini', { model: null, permissionMode: null }), { model: null, permissionMode: null });
    assert.deepEqual(sessionSettingsPatch('codex', { model: '' }), { model: null });
    assert.throws(() => sessionSettingsPatch('claude', { model: '--dangerously-skip-permissions' }), /not a model name/);
    assert.throws(() => sessionSettingsPatch('claude', { model: 'a b' }), /not a model name/);
    assert.throws(
      () => sessionSettingsPatch('claude', { permissionMode: 'yolo' }),
      /not a permission mode: default, acceptEdits, plan, bypassPermissions/,
    );
    assert.throws(() => sessionSettingsPatch('codex', { permissionMode: 'plan' }), /no permission mode of its own/);
    assert.deepEqual(sessionSettingsPatch('claude', {}), {});
  });
});
