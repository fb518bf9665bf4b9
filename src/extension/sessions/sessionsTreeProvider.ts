// The sessions view. Until sessions exist it has no items, so VS Code shows the view's welcome
// content (package.json `viewsWelcome`).
import * as vscode from 'vscode';

export class SessionsTreeProvider implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
