// The sessions workspace as the orchestrator opens it, without the orchestrator: a store file that
// does not parse is kept aside and a fresh store starts; one bad session record is set aside and no
// longer breaks the list, before or after a restart; a session's model and permission mode are
// checked against its agent; a CLI that is not there is named with its setting at creation; each
// Claude run gets its folder's consolidated allow list (an edited settings file reaches the next
// task); agents a killed orchestrator left running are ended when the workspace opens again.
// (The real CLIs through the orchestrator: test/integration/server/sessionsService.test.ts and
// sessionAllowLists.test.ts; a SIGKILLed orchestrator: test/integration/server/orphanAgents.test.ts.)
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORCHESTRATOR_MARKER_ENV, findOrphanAgents, orchestratorMarker } from '../../../src/core/sessions/orphanAgents';
import { fakeClaudePath, processGroupMembers } from '../../support/fakeAgents/fakeAgents';
import { openSessions } from '../../support/sessions/sessionsWorkspaceHarness';
import { storedSession } from '../../support/sessions/storedSession';

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});
function tempDirs(): { root: string; storage: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), 'aa-sessions-ws-'));
  roots.push(root);
  const storage = join(root, 'storage');
  const folder = join(root, 'workspace');
  mkdirSync(storage);
  mkdirSync(folder);
  return { root, storage, folder };
}

describe('sessions workspace: its store', () => {
  test('a corrupt sessions file is kept aside, reported with both names, and a fresh store starts', async () => {
    const { storage, folder } = tempDirs();
    const corrupt = '{"schemaVersion":1,"sessions":[{"id":';
    writeFileSync(join(storage, 'sessions.json'), corrupt);
    const { sessions, problems } = await openSessions({ storageDir: storage, folders: [folder] });
    try {
      assert.deepEqual(sessions.manager.list(), []);
      const aside = readdirSync(storage).find((f) => f.startsWith('sessions.corrupt-'));
      assert.ok(aside, 'quarantined file exists');
      assert.equal(readFileSync(join(storage, aside), 'utf8'), corrupt);
      assert.match(problems[0]?.message ?? '', /sessions\.json/);
      assert.ok(problems[0]?.message.includes(aside), problems[0]?.message);
    } finally {
      await sessions.close();
    }
  });

  test('a session record with specialty "x" no longer breaks the list, before or after a restart', async () => {
    const { storage } = tempDirs();
    writeFileSync(
      join(storage, 'sessions.json'),
      JSON.stringify({ schemaVersion: 1, sessions: [storedSession('s-good'), storedSession('s-bad', { specialty: 'x' })], worktrees: {} }),
    );
    const first = await openSessions({ storageDir: storage, folders: [storage] });
    const aside = readdirSync(storage).find((f) => f.startsWith('sessions.bad-records-'));
    try {
      assert.deepEqual(
        first.sessions.manager.list().map((s) => s.id),
        ['s-good'],
      );
      assert.ok(aside, 'the bad record is kept beside the store');
      assert.ok(
        first.problems.some((p) => p.severity === 'warning' && p.file === join(storage, aside) && /s-bad/.test(p.message)),
        JSON.stringify(first.problems),
      );
      // The same session the issue made: refused (the protocol refuses it first, see test/unit/server/rpc.test.ts), and the list keeps working.
      await assert.rejects(first.sessions.create({ name: 'bad', agent: 'claude', folder: storage, specialty: 'x' } as never), /specialty/);
      assert.equal(first.sessions.manager.list().length, 1);
    } finally {
      await first.sessions.close();
    }
    const second = await openSessions({ storageDir: storage, folders: [storage] });
    try {
      assert.deepEqual(
        second.sessions.manager.list().map((s) => s.id),
        ['s-good'],
      );
      assert.deepEqual(
        second.problems.filter((p) => /sessions/.test(p.message)),
        [],
        'nothing left to set aside after the restart',
      );
      const kept = JSON.parse(readFileSync(join(storage, aside), 'utf8')) as { records: Array<{ entry: { id: string } }> };
      assert.deepEqual(
        kept.records.map((r) => r.entry.id),
        ['s-bad'],
      );
    } finally {
      await second.sessions.close();
    }
  });
});

describe('sessions workspace: creating and changing sessions', () => {
  test("a session's model and permission mode change from its next task; a bad value is refused and changes nothing", async () => {
    const { storage, folder } = tempDirs();
    const { sessions, drivers } = await openSessions({ storageDir: storage, folders: [folder], scripted: true });
    try {
      const { session: s } = await sessions.create({ name: 'settings', agent: 'claude', folder });
      assert.equal(s.permissionMode, 'default', "the setting's mode, kept with the session");
      assert.throws(() => sessions.updateSettings(s.id, { model: '--evil' }), /not a model name/);
      assert.throws(() => sessions.updateSettings(s.id, { permissionMode: 'yolo' }), /not a permission mode/);
      assert.deepEqual([sessions.manager.get(s.id)?.model, sessions.manager.get(s.id)?.permissionMode], [undefined, 'default']);
      const updated = sessions.updateSettings(s.id, { model: 'claude-mock-model', permissionMode: 'acceptEdits' });
      assert.deepEqual([updated.model, updated.permissionMode], ['claude-mock-model', 'acceptEdits']);
      const t = sessions.manager.sendTask(s.id, { text: 'write it' });
      const run = await drivers.run((r) => r.sessionId === s.id);
      assert.deepEqual([run.req.model, run.req.permissionMode], ['claude-mock-model', 'acceptEdits'], 'the next run gets them');
      run.finish({});
      await sessions.manager.waitForTask(t.id);
      const back = sessions.updateSettings(s.id, { model: null, permissionMode: null });
      assert.deepEqual([back.model, back.permissionMode], [undefined, 'default']);
    } finally {
      await sessions.close();
    }
  });

  test('a CLI that is not there is named with the setting that fixes it when the session is created', async () => {
    const { root, storage, folder } = tempDirs();
    const wrong = join(root, 'nowhere', 'claude');
    const { sessions } = await openSessions({
      storageDir: storage,
      folders: [folder],
      settings: { executables: { claude: wrong, codex: 'codex', gemini: 'gemini' } },
    });
    try {
      const created = await sessions.create({ name: 'retry', agent: 'claude', folder });
      assert.equal(created.setupProblem?.setting, 'agentAffinity.claude.path');
      assert.match(created.setupProblem?.message ?? '', /Set agentAffinity\.claude\.path to the full path of the program/);
      assert.equal(sessions.manager.get(created.session.id)?.state, 'idle', 'created all the same: the setting can be fixed');
      await assert.rejects(sessions.create({ name: 'elsewhere', agent: 'claude', folder: root }), /is not in this workspace/);
      await assert.rejects(sessions.create({ name: 'relative', agent: 'claude', folder: 'workspace' }), /must be an absolute path/);
    } finally {
      await sessions.close();
    }
  });

  test("each Claude run gets its folder's consolidated allow list; an edited settings file reaches the next task", async () => {
    const { root, storage, folder } = tempDirs();
    mkdirSync(join(folder, '.claude'));
    const settingsFile = join(folder, '.claude', 'settings.json');
    const writeSettings = (allow: string[]): void => writeFileSync(settingsFile, JSON.stringify({ permissions: { allow } }, null, 2));
    writeSettings(['Bash(touch made-by-rule *)', 'Bash(touch made-by-rule one)', 'Bash(touch made-by-rule one)']);
    const claudeEnv = { HOME: join(root, 'home'), CLAUDE_CONFIG_DIR: join(root, 'home', '.claude') };
    const { sessions, drivers } = await openSessions({
      storageDir: storage,
      folders: [folder],
      settings: { environment: { claude: claudeEnv } },
      scripted: true,
    });
    try {
      const { session: s } = await sessions.create({ name: 'rules', agent: 'claude', folder });
      const { session: codex } = await sessions.create({ name: 'codex', agent: 'codex', folder });
      const runOnce = async (sessionId: string, text: string): Promise<string[] | undefined> => {
        const t = sessions.manager.sendTask(sessionId, { text });
        const run = await drivers.run((r) => r.sessionId === sessionId && r.req.text === text);
        run.finish({});
        await sessions.manager.waitForTask(t.id);
        return run.req.allowedTools;
      };
      // One rule where the file had three.
      assert.deepEqual(await runOnce(s.id, 'first'), ['Bash(touch made-by-rule *)']);
      assert.equal(await runOnce(codex.id, 'not claude'), undefined, 'other agents get no Claude rules');
      writeSettings(['Bash(touch made-by-rule *)', 'Bash(touch other-file)']);
      assert.deepEqual(await runOnce(s.id, 'after the edit'), ['Bash(touch made-by-rule *)', 'Bash(touch other-file)']);
    } finally {
      await sessions.close();
    }
  });
});

describe('sessions workspace: agents a killed orchestrator left running', () => {
  test('are ended when the workspace opens again; agents of a live orchestrator are not', { timeout: 30_000 }, async () => {
    const { storage, folder } = tempDirs();
    // An orchestrator that is gone: a process that ran and ended.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const agent = spawn(process.execPath, [fakeClaudePath, '-p', '--output-format', 'stream-json', '--', 'spawn-child'], {
      cwd: folder,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [ORCHESTRATOR_MARKER_ENV]: orchestratorMarker(gone, storage) },
    });
    const pgid = agent.pid ?? 0;
    // An orchestrator still running (another window's): its agent is left alone.
    const liveOwner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const other = spawn(process.execPath, [fakeClaudePath, '-p', '--output-format', 'stream-json', '--', 'hang'], {
      cwd: folder,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [ORCHESTRATOR_MARKER_ENV]: orchestratorMarker(liveOwner.pid ?? 0, storage) },
    });
    const otherPgid = other.pid ?? 0;
    try {
      const deadline = Date.now() + 15_000;
      while (processGroupMembers(pgid).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(processGroupMembers(pgid).length, 2, 'the fake agent and its child run');
      assert.deepEqual(
        (await findOrphanAgents(storage)).map((o) => o.ownerPid),
        [gone, gone],
      );
      const { sessions, logs } = await openSessions({ storageDir: storage, folders: [folder] });
      await sessions.close();
      assert.deepEqual(processGroupMembers(pgid), [], 'the left-over process group is gone');
      assert.ok(
        logs.some((l) => /stopped 2 agent process\(es\) in 1 process group\(s\) left running by an orchestrator that was killed/.test(l)),
        logs.join('\n'),
      );
      assert.ok(processGroupMembers(otherPgid).length > 0, "the live orchestrator's agent still runs");
      // This process is the orchestrator now: agents started from here carry its marker.
      assert.equal(process.env[ORCHESTRATOR_MARKER_ENV], orchestratorMarker(process.pid, storage));
    } finally {
      for (const g of [pgid, otherPgid]) if (processGroupMembers(g).length > 0) process.kill(-g, 'SIGKILL');
      liveOwner.kill('SIGKILL');
    }
  });
});
