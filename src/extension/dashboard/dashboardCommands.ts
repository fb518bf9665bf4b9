// Commands that open the dashboard. With a session (the status bar's active session, a tree node)
// the dashboard scrolls to that session's budget and highlights it.
import * as vscode from 'vscode';
import { CommandIds } from '../contributions';
import type { IDisposable } from '../lifecycle';
import type { DashboardController } from '../dashboard/dashboardController';
import { sessionIdOf } from '../sessions/pickSession';

export function registerDashboardCommands(dashboard: DashboardController): IDisposable[] {
  return [vscode.commands.registerCommand(CommandIds.showDashboard, (arg?: unknown) => dashboard.show(sessionIdOf(arg)))];
}
