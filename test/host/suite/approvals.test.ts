// Suggested permission rules inside a real VS Code (issue 14): a real Claude Code session (the CLI
// against the mock API, asking before Bash) runs `npm run lint` three times and the person allows
// it each time; the orchestrator suggests `Bash(npm run lint *)` once, in a notification, and the
// dashboard's list has it; Add Rule writes it to the folder's .claude/settings.local.json
// (consolidated, with no backup in the repository), and the next `npm run lint` runs without a
// question.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../../../src/protocol/approvals';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { startRealClaude, type RealClaude } from './realClaude';
import { getApi, waitFor } from './support';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentAffinity');

describe('suggested permission rules', function () {
  this.timeout(240_000);
  let claude: RealClaude;
  let folder: string;
  let local: string;
  let hadLocal: string | undefined;

  before(async () => {
    claude = await startRealClaude();
    await config().update('claude.askForPermissions', true, vscode.ConfigurationTarget.Global);
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workspace has a folder');
    folder = ws.uri.fsPath;
    local = join(folder, '.claude', 'settings.local.json');
    hadLocal = existsSync(local) ? readFileSync(local, 'utf8') : undefined;
    if (hadLocal !== undefined) rmSync(local);
    const affinity = await getApi();
    await waitFor('the orchestrator', () => affinity.orchestratorPid() !== undefined, 30_000);
  });

  after(async () => {
    await config().update('claude.askForPermissions', undefined, vscode.ConfigurationTarget.Global);
    if (hadLocal !== undefined) writeFileSync(local, hadLocal);
    else rmSync(local, { force: true });
    await claude.dispose();
  });

  it('suggests Bash(npm run lint *) once after three Allows; Add Rule writes it and the next run does not ask', async () => {
    const affinity = await getApi();
    const session = await vscode.commands.executeCommand<SessionSummary | undefined>('agentAffinity.createSession', {
      name: `lint-${Date.now() % 100000}`,
      agent: 'claude',
      folder,
    });
    assert.ok(session);
    const finished = (): number => affinity.sessions().find((s) => s.id === session.id)?.tasksRun ?? 0;
    for (let i = 1; i <= 3; i++) {
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', session.id, 'BASH npm run lint');
      await waitFor(`question ${i}`, () => affinity.approvals().some((a) => a.sessionId === session.id), 90_000);
      const q: ApprovalRequest | undefined = affinity.approvals().find((a) => a.sessionId === session.id);
      assert.equal(q?.toolName, 'Bash');
      assert.match(q?.detail ?? '', /npm run lint/);
      await vscode.commands.executeCommand(
        'agentAffinity.answerPermissionRequest',
        { sessionId: session.id, requestId: q?.requestId },
        'allow',
      );
      await waitFor(
        `task ${i} to finish`,
        () => finished() >= i && affinity.sessions().find((s) => s.id === session.id)?.state === 'idle',
        90_000,
      );
      if (i < 3) assert.deepEqual(affinity.ruleSuggestions(), [], `no suggestion after ${i} Allow(s)`);
    }

    await waitFor('the suggestion', () => affinity.ruleSuggestions().length > 0, 15_000);
    const [suggestion] = affinity.ruleSuggestions();
    assert.ok(suggestion);
    assert.deepEqual(suggestion.rules, ['Bash(npm run lint *)']);
    assert.equal(suggestion.folder, folder);
    assert.equal(suggestion.allowsThisWeek, 3);
    await waitFor('the notification', () => affinity.ruleSuggestionsTold().includes(suggestion.id), 5_000);
    assert.equal(affinity.ruleSuggestionsTold().filter((id) => id === suggestion.id).length, 1, 'told once');
    assert.equal(existsSync(local), false, 'nothing is applied without a click');

    const added = await affinity.resolveRuleSuggestion(suggestion.id, 'add');
    assert.deepEqual(added?.added, ['Bash(npm run lint *)']);
    assert.match(readFileSync(local, 'utf8'), /"Bash\(npm run lint \*\)"/);
    assert.deepEqual(
      readdirSync(join(folder, '.claude')).filter((n) => n.endsWith('.bak')),
      [],
      'no backup in the repository',
    );
    await waitFor('the list to empty', () => affinity.ruleSuggestions().length === 0, 5_000);

    // The next run is allowed by the rule: no question.
    await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', session.id, 'BASH npm run lint');
    await waitFor(
      'task 4 to finish',
      () => finished() >= 4 && affinity.sessions().find((s) => s.id === session.id)?.state === 'idle',
      90_000,
    );
    const last = affinity
      .sessions()
      .find((s) => s.id === session.id)
      ?.recent.at(-1);
    assert.equal(last?.status, 'succeeded', JSON.stringify(last));
    assert.deepEqual(
      affinity.approvals().filter((a) => a.sessionId === session.id),
      [],
    );
  });
});
