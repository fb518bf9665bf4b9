// Permission consolidation inside a real VS Code, through the command with arguments (nothing is
// asked): a messy .claude/settings.local.json is rewritten with its backup in the extension's storage (never in the repository), the proposed
// text opens in a diff, undo restores the file byte-identical, a file changed between scan and
// apply is not overwritten, and a malformed file is reported and left alone.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ConsolidateCommandResult } from '../../../src/extension/permissions/permissionCommands';
import type { UndoPermissionsResult } from '../../../src/protocol/permissions';
import { getApi, waitFor } from './support';

const MESSY = `{
  // a messy local settings file, as agents leave them
  "permissions": {
    "allow": [
      "Bash(npm run test)",
      "Bash(npm run test)",
      "Bash(git status:*)",
      "Bash(git status --short)",
      "Bash(git log:*)",
      "Bash(git log --oneline -5)",
      "Bash(do)",
      "WebFetch(domain:example.com)",
      "WebFetch(domain:example.com)"
    ],
    "deny": ["Bash(rm -rf /)"]
  },
  "env": { "KEEP": "me" }
}
`;

describe('permission consolidation', function () {
  this.timeout(60_000);
  let folder: string;
  let claudeDir: string;
  let local: string;
  let hadClaudeDir = false;

  const backupsBeside = (): string[] => readdirSync(claudeDir).filter((n) => n.startsWith('settings.local.json.') && n.endsWith('.bak'));
  const consolidate = async (args: object): Promise<ConsolidateCommandResult> => {
    const r = await vscode.commands.executeCommand<ConsolidateCommandResult | undefined>('agentAffinity.consolidatePermissions', args);
    assert.ok(r, 'the command returned its result (an error message was shown instead?)');
    return r;
  };

  before(async () => {
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workspace has a folder');
    folder = ws.uri.fsPath;
    claudeDir = join(folder, '.claude');
    local = join(claudeDir, 'settings.local.json');
    hadClaudeDir = existsSync(claudeDir);
    assert.ok(!existsSync(local), 'the test workspace starts without a local settings file');
    const api = await getApi();
    await waitFor('the orchestrator', () => api.orchestratorPid() !== undefined, 30_000);
  });

  beforeEach(() => {
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, MESSY);
    for (const b of backupsBeside()) rmSync(join(claudeDir, b));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!hadClaudeDir) rmSync(claudeDir, { recursive: true, force: true });
    else {
      rmSync(local, { force: true });
      for (const b of backupsBeside()) rmSync(join(claudeDir, b));
    }
  });

  it('rewrites the messy file with a backup outside the repository, shows the diff, and undo restores it byte-identical', async () => {
    const { plan } = await consolidate({ folders: [folder], openDiffs: true });
    assert.ok(plan);
    const file = plan.files.find((f) => f.path === local);
    assert.ok(file?.ok, `the plan has the local file: ${JSON.stringify(plan.files.map((f) => f.path))}`);
    assert.ok(file.changed && file.after < file.before, `${file.before} → ${file.after}`);
    assert.equal(readFileSync(local, 'utf8'), MESSY, 'planning writes nothing');

    // The diff: the file on the left, the read-only proposed text on the right.
    await waitFor('the diff tab', () =>
      vscode.window.tabGroups.all.some((g) =>
        g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'agent-affinity-proposed'),
      ),
    );
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'agent-affinity-proposed');
    assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff);
    assert.equal(tab.input.original.fsPath, local);
    assert.equal((await vscode.workspace.openTextDocument(tab.input.modified)).getText(), file.newText);

    const { result } = await consolidate({ planId: plan.planId, apply: [local] });
    assert.ok(result);
    assert.deepEqual(result.refused, []);
    assert.equal(result.applied.length, 1);
    const backup = result.applied[0]?.backupPath ?? '';
    assert.notEqual(dirname(backup), claudeDir, 'no backup beside the file, where git would see it');
    assert.ok(!backup.startsWith(folder), `the backup is outside the workspace: ${backup}`);
    assert.deepEqual(backupsBeside(), []);
    const index = JSON.parse(readFileSync(join(dirname(backup), 'index.json'), 'utf8')) as { entries?: { backupPath: string }[] };
    assert.ok(
      index.entries?.some((e) => e.backupPath === backup),
      'the backup is listed in its index',
    );
    assert.equal(readFileSync(backup, 'utf8'), MESSY);
    const rewritten = readFileSync(local, 'utf8');
    assert.equal(rewritten, file.newText);
    assert.doesNotMatch(rewritten, /Bash\(do\)/);
    assert.match(rewritten, /"KEEP": "me"/);
    assert.match(rewritten, /Bash\(rm -rf \/\)/, 'the deny rule stays');

    const undo = await vscode.commands.executeCommand<UndoPermissionsResult | undefined>('agentAffinity.undoPermissionConsolidation', {
      folder,
    });
    assert.ok(undo);
    assert.deepEqual(undo.refused, []);
    assert.equal(undo.restored.length, 1);
    assert.equal(readFileSync(local, 'utf8'), MESSY, 'restored byte-identical');
  });

  it('does not overwrite a file that changed between the scan and the apply', async () => {
    const { plan } = await consolidate({ folders: [folder] });
    assert.ok(plan);
    const edited = MESSY.replace('"me"', '"edited meanwhile"');
    writeFileSync(local, edited);
    const { result } = await consolidate({ planId: plan.planId, apply: [local] });
    assert.ok(result);
    assert.equal(result.applied.length, 0);
    assert.match(result.refused[0]?.reason ?? '', /changed on disk since it was read/);
    assert.equal(readFileSync(local, 'utf8'), edited);
    assert.deepEqual(backupsBeside(), [], 'no backup either');
  });

  it('lists a malformed file with its reason and writes nothing to it', async () => {
    const bad = '{ "permissions": { "allow": [ "Bash(ls)", ';
    writeFileSync(local, bad);
    const { plan, result } = await consolidate({ folders: [folder], apply: [local] });
    assert.ok(plan && result);
    const file = plan.files.find((f) => f.path === local);
    assert.ok(file && !file.ok, 'the malformed file is in the plan as unreadable');
    assert.match(file.error, /settings\.local\.json/);
    assert.equal(result.applied.length, 0);
    assert.match(result.refused[0]?.reason ?? '', /cannot be read/);
    assert.equal(readFileSync(local, 'utf8'), bad);
    assert.match(plan.report, /Skipped, nothing will be written/);
  });
});
