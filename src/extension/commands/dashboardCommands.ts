// Commands that open the dashboard.
import * as vscode from 'vscode';
import { CommandIds } from '../contributions';
import type { IDisposable } from '../lifecycle';
import type { DashboardController } from '../dashboard/dashboardController';

export function registerDashboardCommands(dashboard: DashboardController): IDisposable[] {
  return [vscode.commands.registerCommand(CommandIds.showDashboard, () => dashboard.show())];
}
