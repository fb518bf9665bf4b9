// Claude Code sessions started by the orchestrator get their folder's consolidated allow list on the
// command line (--allowedTools), with the REAL Claude Code CLI against the mock Messages API. The
// folder is not trusted in Claude Code, so the CLI alone ignores the project's allow rules in a
// non-interactive run: what runs below runs because the list was passed. An edited settings file
// reaches the session's next task.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSessionRequest, SendTaskRequest, type TaskSummary } from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { realClaudePath } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../../support/mockAnthropic/directiveResponder';
import { startWorkspaceOrchestrator } from '../../support/workspaceOrchestrator';
import { claudeServerSuite } from '../../support/mockAnthropic/claudeServerSuite';

/** The --allowedTools arguments of the Claude Code processes running in `folder` (Linux /proc). */
function allowedToolsArgs(folder: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== folder) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes('--input-format')) out.push(...argv.filter((a) => a.startsWith('--allowedTools')));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

describe('consolidated allow list on the command line (orchestrator, real Claude Code CLI)', { timeout: 120_000 }, () => {
  const claude = claudeServerSuite(directiveResponder);

  test("the project's allow rules apply to the session's runs, consolidated; others are refused; an edit reaches the next task", async () => {
    const folder = claude.env.folder('ws');
    mkdirSync(join(folder, '.claude'));
    const settingsFile = join(folder, '.claude', 'settings.json');
    const writeSettings = (allow: string[]): void => writeFileSync(settingsFile, JSON.stringify({ permissions: { allow } }, null, 2));
    writeSettings(['Bash(touch made-by-rule *)', 'Bash(touch made-by-rule one)', 'Bash(touch made-by-rule one)']);
    const { o, finished, waitFor } = await startWorkspaceOrchestrator(claude.started, {
      storage: claude.env.folder('storage'),
      folders: [folder],
      // Not asked: a tool outside the list is refused (sessionPermissionRequests.test.ts covers asking).
      settings: {
        ...defaultSettings,
        claudeAskForPermissions: false,
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        environment: { claude: claude.env.env },
      },
    });
    const s = (await o.request(CreateSessionRequest, { name: 'rules', agent: 'claude', folder })).session;
    const run = async (text: string): Promise<TaskSummary> => {
      const t = await o.request(SendTaskRequest, { sessionId: s.id, text });
      await waitFor(
        () => finished.some((x) => x.id === t.id),
        60_000,
        () => JSON.stringify(finished),
      );
      const done = finished.find((x) => x.id === t.id);
      assert.ok(done);
      return done;
    };

    const allowed = await run('BASH touch made-by-rule one');
    assert.equal(allowed.status, 'succeeded', allowed.error);
    assert.match(allowed.resultText ?? '', /^Ran it/);
    assert.ok(existsSync(join(folder, 'one')));
    const refused = await run('BASH touch other-file');
    assert.match(refused.resultText ?? '', /^The tool failed: .*needs approval/);
    assert.equal(existsSync(join(folder, 'other-file')), false);

    // The warm CLI process got the consolidated list: one rule where the file had three.
    assert.deepEqual(allowedToolsArgs(folder), ['--allowedTools=Bash(touch made-by-rule *)']);

    writeSettings(['Bash(touch made-by-rule *)', 'Bash(touch other-file)']);
    const afterEdit = await run('BASH touch other-file');
    assert.match(afterEdit.resultText ?? '', /^Ran it/, afterEdit.resultText);
    assert.ok(existsSync(join(folder, 'other-file')));
    assert.equal(await o.close(), 0);
  });
});
