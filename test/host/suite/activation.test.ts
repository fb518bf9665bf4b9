// Activation and contributions: the extension activates in a real VS Code, returns its test API,
// and the commands in package.json and the registered ones match exactly (the orchestrator's own
// code-action commands aside: they are internal and never shown in the palette).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FixServerCommands } from '../../../src/protocol/fixes';
import { getExtension, healthWhenReady } from './support';

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
    for (const fn of [
      'orchestratorHealth',
      'orchestratorPid',
      'restartOrchestrator',
      'onDidChangeOrchestratorState',
      'dashboardVisible',
    ] as const) {
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
    const api = await ext.activate();
    // The orchestrator declares its code-action commands (executeCommandProvider); the language
    // client registers them once it has started, so wait for that before comparing.
    await healthWhenReady(api);
    const contributed = new Set(contributedCommands(ext.extensionPath));
    const all = new Set(await vscode.commands.getCommands(true));
    const serverCommands: string[] = Object.values(FixServerCommands);
    const unregistered = serverCommands.filter((c) => !all.has(c));
    assert.deepEqual(unregistered, [], `the orchestrator's code-action commands are not registered: ${unregistered.join(', ')}`);
    const ours = [...all].filter((c) => c.startsWith('agentAffinity.') && !serverCommands.includes(c));
    // Views register their own focus/toggle commands (agentAffinity.sessions.focus, …): not ours.
    const viewCommand = /^agentAffinity\.[\w.]+\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/;
    const extra = ours.filter((c) => !contributed.has(c) && !viewCommand.test(c) && c !== 'agentAffinity');
    assert.deepEqual(extra, [], `registered but not contributed in package.json: ${extra.join(', ')}`);
  });
});
