// The dashboard webview opens from its command.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, waitFor } from './support';

describe('dashboard', () => {
  it('opens with Agent Affinity: Show Dashboard', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('agentAffinity.showDashboard');
    await waitFor('the dashboard to be visible', () => api.dashboardVisible());
    assert.equal(api.dashboardVisible(), true);
  });

  it('shows the logs without an error', async () => {
    await getApi();
    await vscode.commands.executeCommand('agentAffinity.showLogs');
  });
});
