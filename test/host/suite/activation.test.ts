// Activation and contributions: the extension activates in a real VS Code, returns its test API,
// and the commands in package.json and the registered ones match exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { getExtension } from './support';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

function contributedCommands(extensionPath: string): string[] {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as Manifest;
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}

describe('activation', () => {
  it('activates and returns the test API', async () => {
    const ext = getExtension();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    for (const fn of ['orchestratorHealth', 'orchestratorPid', 'restartOrchestrator', 'onDidChangeOrchestratorState', 'dashboardVisible'] as const) {
      assert.equal(typeof api[fn], 'function', `API is missing ${fn}()`);
    }
  });

  it('registers every command that package.json contributes', async () => {
    const ext = getExtension();
    await ext.activate();
    const contributed = contributedCommands(ext.extensionPath);
    assert.ok(contributed.length >= 3, `package.json contributes only ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed in package.json but never registered: ${missing.join(', ')}`);
  });

  it('contributes every agentAffinity.* command it registers', async () => {
    const ext = getExtension();
    await ext.activate();
    const contributed = new Set(contributedCommands(ext.extensionPath));
    const ours = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('agentAffinity.'));
    // Views register their own focus/toggle commands (agentAffinity.sessions.focus, …): not ours.
    const viewCommand = /^agentAffinity\.[\w.]+\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/;
    const extra = ours.filter((c) => !contributed.has(c) && !viewCommand.test(c) && c !== 'agentAffinity');
    assert.deepEqual(extra, [], `registered but not contributed in package.json: ${extra.join(', ')}`);
  });
});
