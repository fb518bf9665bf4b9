// Where a setting is set, and opening the right settings for it: a machine setting (which program
// runs, its environment) applies from Remote settings in a remote window (SSH, containers, WSL, the
// embedded VS Code), where User settings are ignored for it.
import * as vscode from 'vscode';
import { MACHINE_SETTINGS } from './settingsPolicy';

/** True in a window whose extension host runs on another machine (remote, container, code-server). */
export function isRemoteWindow(): boolean {
  return vscode.env.remoteName !== undefined;
}

/** "Remote settings" or "User settings": where a person sets `key` for it to apply in this window. */
export function settingsPlaceFor(key: string): 'Remote settings' | 'User settings' {
  return MACHINE_SETTINGS.includes(key) && isRemoteWindow() ? 'Remote settings' : 'User settings';
}

/** Opens the settings editor where `key` applies, at that setting. */
export async function openSetting(key: string): Promise<void> {
  const args = { query: key, revealSetting: { key, edit: false } };
  if (settingsPlaceFor(key) === 'Remote settings') await vscode.commands.executeCommand('workbench.action.openRemoteSettings', args);
  else await vscode.commands.executeCommand('workbench.action.openSettings', args);
}

/** A warning about an agent that will not start, with where its setting goes and a button to open it. */
export async function showSetupProblem(message: string, setting: string): Promise<void> {
  const place = settingsPlaceFor(setting);
  const where =
    place === 'Remote settings' ? ` In this remote window, set it in Remote settings: User settings do not apply to it here.` : '';
  const choice = await vscode.window.showWarningMessage(`Agent Affinity: ${message}${where}`, `Open ${place}`);
  if (choice) await openSetting(setting);
}
