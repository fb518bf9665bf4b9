// Rules from the person's answers: Always Allow…'s proposal for a pending question (a sensible
// generality, what it newly allows) and the checks of an edit; rules written to the folder's
// `.claude/settings.local.json` consolidated, atomically, with a backup outside the repository; a
// `.claude` that leads out of the folder refused; and suggestions after repeated Allows (once, not
// after a Deny, Not Now keeps them listed, Never for good, bounded). Over a real session manager
// whose agent the test plays.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ApprovalQueue } from '../../../src/core/approvals/approvalQueue';
import { ApprovalRules } from '../../../src/core/approvals/approvalRules';
import { memoryAnswers, RuleSuggestions, SUGGEST_AFTER, type RuleSuggestionView } from '../../../src/core/approvals/ruleSuggestions';
import { toolCallOf } from '../../../src/core/approvals/toolCall';
import { addLocalAllowRules } from '../../../src/core/permissions/localRules';
import { decide } from '../../../src/core/permissions/matcher';
import { DEFAULT_RISK_POLICY } from '../../../src/core/permissions/riskPolicy';
import { parseSettingsText } from '../../../src/core/permissions/settingsFile';
import { manualSessions } from '../../support/sessions/manualSessions';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function allowList(file: string): string[] {
  const read = parseSettingsText(readFileSync(file, 'utf8'), file);
  assert.ok(read.ok);
  return read.lists.allow;
}

describe('the tool call a question is about', () => {
  test("Claude Code's input fields, a relative path taken from the session's folder", () => {
    assert.deepEqual(toolCallOf('Bash', { command: 'npm test -- --watch' }), { tool: 'Bash', command: 'npm test -- --watch' });
    assert.deepEqual(toolCallOf('Edit', { file_path: 'src/a.ts' }, '/w/app'), { tool: 'Edit', path: '/w/app/src/a.ts' });
    assert.deepEqual(toolCallOf('Read', { file_path: '/etc/hosts' }, '/w/app'), { tool: 'Read', path: '/etc/hosts' });
    assert.deepEqual(toolCallOf('WebFetch', { url: 'https://docs.example.com/x' }), {
      tool: 'WebFetch',
      url: 'https://docs.example.com/x',
    });
    assert.deepEqual(toolCallOf('Task', { subagent_type: 'reviewer' }), { tool: 'Task', name: 'reviewer' });
    assert.deepEqual(toolCallOf('mcp__github__get_issue', { n: 1 }), { tool: 'mcp__github__get_issue' });
    assert.deepEqual(toolCallOf('Bash', { command: 42 }), { tool: 'Bash' });
  });
});

describe("adding allow rules to a folder's local settings", () => {
  test('created when missing; consolidated (covered rules removed, a covered rule not added); a backup outside the folder', () => {
    const folder = tempDir('aa-local-rules-');
    const backups = tempDir('aa-local-backups-');
    const first = addLocalAllowRules(folder, ['Bash(npm test *)'], backups);
    assert.equal(first.created, true);
    assert.deepEqual(first.added, ['Bash(npm test *)']);
    assert.equal(first.backupPath, undefined);
    assert.deepEqual(allowList(first.file), ['Bash(npm test *)']);

    // A file with other settings and literal approvals: only the permission arrays change.
    writeFileSync(
      first.file,
      `{\n  // mine\n  "permissions": { "allow": ["Bash(npm test *)", "Bash(npm run lint)", "Bash(npm run lint --fix)", "Read(//tmp/**)"], "deny": ["Bash(npm run deploy *)"] },\n  "env": { "KEEP": "me" }\n}\n`,
    );
    const before = readFileSync(first.file, 'utf8');
    const second = addLocalAllowRules(folder, ['Bash(npm run lint *)', 'Bash(npm test -- --watch)', 'Bash(npm run deploy *)'], backups);
    assert.deepEqual(second.added, ['Bash(npm run lint *)']);
    assert.deepEqual(second.removed.sort(), ['Bash(npm run lint --fix)', 'Bash(npm run lint)']);
    assert.deepEqual(
      second.notAdded.map((n) => n.rule),
      ['Bash(npm test -- --watch)', 'Bash(npm run deploy *)'],
    );
    assert.match(second.notAdded[1]?.reason ?? '', /deny rule .* is checked first/);
    const text = readFileSync(second.file, 'utf8');
    assert.match(text, /\/\/ mine/);
    assert.match(text, /"KEEP": "me"/);
    assert.deepEqual(allowList(second.file), ['Bash(npm test *)', 'Read(//tmp/**)', 'Bash(npm run lint *)']);
    assert.ok(second.backupPath?.startsWith(backups), second.backupPath);
    assert.equal(readFileSync(second.backupPath ?? '', 'utf8'), before);
    assert.deepEqual(
      readdirSync(join(folder, '.claude')).filter((n) => n !== 'settings.local.json'),
      [],
      'no backup in the repository',
    );

    // Nothing to add: the file is not touched and no backup made.
    const third = addLocalAllowRules(folder, ['Bash(npm run lint --quiet)'], backups);
    assert.deepEqual([third.added, third.backupPath], [[], undefined]);
  });

  test('a .claude link out of the folder, or a file that is not settings, is refused and nothing is written', () => {
    const folder = tempDir('aa-local-hostile-');
    const outside = tempDir('aa-local-outside-');
    writeFileSync(join(outside, 'settings.local.json'), '{"permissions":{"allow":[]}}\n');
    symlinkSync(outside, join(folder, '.claude'));
    assert.throws(() => addLocalAllowRules(folder, ['Bash(ls *)'], tempDir('aa-b-')), /leads outside the folder/);
    assert.equal(readFileSync(join(outside, 'settings.local.json'), 'utf8'), '{"permissions":{"allow":[]}}\n');

    const broken = tempDir('aa-local-broken-');
    mkdirSync(join(broken, '.claude'));
    writeFileSync(join(broken, '.claude', 'settings.local.json'), '{ not json');
    assert.throws(() => addLocalAllowRules(broken, ['Bash(ls *)'], tempDir('aa-b-')), /settings\.local\.json.*nothing was written/);
    assert.equal(readFileSync(join(broken, '.claude', 'settings.local.json'), 'utf8'), '{ not json');
  });
});

describe('suggested rules from Allow answers', () => {
  const lint = { rules: ['Bash(npm run lint *)'], extraCoverage: 'Bash(npm run lint *) also allows every "npm run lint" command' };

  function suggestions(): { s: RuleSuggestions; told: RuleSuggestionView[]; changes: number[]; at: (t: number) => void } {
    let now = 1_000_000;
    const s = new RuleSuggestions(memoryAnswers(), () => now);
    const told: RuleSuggestionView[] = [];
    const changes: number[] = [];
    s.onSuggested((v) => void told.push(v));
    s.onChanged(() => void changes.push(now));
    return { s, told, changes, at: (t) => (now = t) };
  }

  test(`suggested once after ${SUGGEST_AFTER} Allows in a week, per folder; not after a Deny`, () => {
    const { s, told } = suggestions();
    for (let i = 0; i < SUGGEST_AFTER - 1; i++) s.recordAnswer('/w/app', lint, true, `Bash: npm run lint ${i}`);
    s.recordAnswer('/w/other', lint, true, 'Bash: npm run lint');
    assert.equal(told.length, 0, 'two allows here and one elsewhere are not enough');
    s.recordAnswer('/w/app', lint, true, 'Bash: npm run lint --fix');
    assert.equal(told.length, 1);
    assert.deepEqual([told[0]?.folder, told[0]?.rules, told[0]?.allowsThisWeek], ['/w/app', lint.rules, 3]);
    s.recordAnswer('/w/app', lint, true, 'Bash: npm run lint');
    assert.equal(told.length, 1, 'told once');
    assert.equal(s.list().length, 1);

    // A Deny of the same kind withdraws it; Allows before the Deny no longer count.
    s.recordAnswer('/w/app', lint, false, 'Bash: npm run lint');
    assert.deepEqual(s.list(), []);
    s.recordAnswer('/w/app', lint, true, 'x');
    s.recordAnswer('/w/app', lint, true, 'y');
    assert.equal(told.length, 1);
    s.recordAnswer('/w/app', lint, true, 'z');
    assert.equal(told.length, 2, 'three Allows after the Deny suggest it again');

    // Allows spread over more than a week do not.
    const spread = suggestions();
    for (let i = 0; i < SUGGEST_AFTER; i++) {
      spread.at(1_000_000 + i * 4 * 24 * 3600_000);
      spread.s.recordAnswer('/w/app', lint, true, 'npm run lint');
    }
    assert.equal(spread.told.length, 0);
  });

  test('Not Now keeps it listed, Never and Add remove it for good; a kind with no rule is not kept', () => {
    const { s, told } = suggestions();
    const tests = { rules: ['Bash(npm test *)'], extraCoverage: '' };
    for (let i = 0; i < SUGGEST_AFTER; i++) {
      s.recordAnswer('/w/app', lint, true, 'a');
      s.recordAnswer('/w/app', tests, true, 'b');
    }
    assert.equal(s.list().length, 2);
    const [first, second] = told;
    assert.ok(first && second);
    s.resolve(first.id, 'notNow');
    assert.equal(s.get(first.id)?.state, 'notNow');
    s.resolve(second.id, 'never');
    assert.equal(s.get(second.id), undefined);
    for (let i = 0; i < 10; i++) s.recordAnswer('/w/app', tests, true, 'b');
    assert.equal(told.length, 2, 'never suggested again');
    s.resolve(first.id, 'added');
    assert.deepEqual(s.list(), []);
    s.recordAnswer('/w/app', { rules: [], extraCoverage: '' }, true, 'unparseable');
    assert.deepEqual(s.list(), []);
  });

  test('bounded: a flood of one-off kinds keeps a refused kind refused', () => {
    const { s, told } = suggestions();
    const refused = { rules: ['Bash(make deploy)'], extraCoverage: '' };
    for (let i = 0; i < SUGGEST_AFTER; i++) s.recordAnswer('/w/app', refused, true, 'make deploy');
    const id = told[0]?.id ?? '';
    s.resolve(id, 'never');
    for (let i = 0; i < 2000; i++) s.recordAnswer('/w/app', { rules: [`Bash(echo ${i})`], extraCoverage: '' }, true, `echo ${i}`);
    for (let i = 0; i < SUGGEST_AFTER; i++) s.recordAnswer('/w/app', refused, true, 'make deploy');
    assert.equal(told.length, 1);
  });
});

describe('Always Allow… for a pending question (scripted agent)', () => {
  function ask(requestId: string, toolName: string, input: Record<string, unknown>): AgentEvent {
    return { type: 'permission_request', requestId, toolName, input, files: [] };
  }

  async function setup() {
    const folder = tempDir('aa-always-');
    const backups = tempDir('aa-always-backups-');
    const sessions = manualSessions();
    const queue = new ApprovalQueue(sessions.manager, () => undefined);
    const suggestions = new RuleSuggestions(memoryAnswers());
    const rules = new ApprovalRules({
      queue,
      manager: sessions.manager,
      suggestions,
      riskPolicy: () => DEFAULT_RISK_POLICY,
      backupRoot: () => backups,
      isWorkspaceFolder: (f) => f === folder,
      log: () => undefined,
    });
    const s = sessions.manager.createSession({ name: 'app', agent: 'claude', folder });
    /** Sends `text`, has the agent ask `question`, and returns a way to end the run once answered. */
    const asking = async (text: string, question: AgentEvent): Promise<() => Promise<void>> => {
      const task = sessions.manager.sendTask(s.id, { text });
      const run = await sessions.drivers.run((r) => r.sessionId === s.id && r.req.text === text);
      run.emit(question);
      return async () => {
        run.finish({ resultText: 'done' });
        await sessions.manager.waitForTask(task.id);
      };
    };
    return { folder, backups, sessions, queue, suggestions, rules, session: s, asking };
  }

  test("the proposal: Bash(npm test *) for `npm test -- --watch`, in the folder's settings.local.json, with what it newly allows", async () => {
    const t = await setup();
    try {
      const end = await t.asking('run the tests', ask('r1', 'Bash', { command: 'npm test -- --watch' }));
      const p = t.rules.preview(t.session.id, 'r1');
      assert.deepEqual(p.rules, ['Bash(npm test *)']);
      assert.equal(p.file, join(t.folder, '.claude', 'settings.local.json'));
      assert.match(p.extraCoverage, /also allows/);
      assert.deepEqual(p.problems, []);

      // Edits are checked: not a rule, not allowing the call, widening what the policy never widens.
      assert.match(t.rules.preview(t.session.id, 'r1', ['Bash(npm test']).problems.join(), /not a rule Claude Code reads/);
      assert.match(t.rules.preview(t.session.id, 'r1', ['Bash(npm run lint *)']).problems.join(), /not allow the call/);
      const wide = t.rules.preview(t.session.id, 'r1', ['Bash(npm *)']);
      assert.deepEqual(wide.problems, []);
      assert.match(wide.warnings.join(), /widens "npm/);
      assert.match(t.rules.preview(t.session.id, 'r1', ['Bash(*)']).warnings.join(), /allows every Bash call/);
      assert.throws(() => t.rules.preview(t.session.id, 'gone'), /already answered, or its task ended/);

      // Saved: the next identical call is allowed by the file.
      const added = t.rules.add(t.folder, p.rules);
      assert.deepEqual(added.added, ['Bash(npm test *)']);
      assert.equal(decide({ allow: allowList(added.file) }, { tool: 'Bash', command: 'npm test -- --watch' }), 'allow');
      assert.throws(() => t.rules.add('/etc', ['Bash(ls *)']), /not a folder of this workspace/);
      assert.ok(!existsSync('/etc/.claude/settings.local.json'));
      t.queue.answer({ sessionId: t.session.id, requestId: 'r1', allow: true });
      await end();
    } finally {
      await t.sessions.manager.dispose();
    }
  });

  test('risky commands stay exact; each Allow answer is kept for the suggestions', async () => {
    const t = await setup();
    try {
      const told: RuleSuggestionView[] = [];
      t.suggestions.onSuggested((v) => void told.push(v));
      const push = await t.asking('push it', ask('r1', 'Bash', { command: 'git push origin main' }));
      assert.deepEqual(t.rules.preview(t.session.id, 'r1').rules, ['Bash(git push origin main)']);
      t.rules.recordAnswer(t.session.id, 'r1', false);
      t.queue.answer({ sessionId: t.session.id, requestId: 'r1', allow: false });
      await push();
      for (let i = 0; i < SUGGEST_AFTER; i++) {
        const end = await t.asking(`lint ${i}`, ask(`l${i}`, 'Bash', { command: `npm run lint -- --max-warnings ${i}` }));
        t.rules.recordAnswer(t.session.id, `l${i}`, true);
        t.queue.answer({ sessionId: t.session.id, requestId: `l${i}`, allow: true });
        await end();
      }
      assert.deepEqual(
        told.map((s) => [s.folder, s.rules]),
        [[t.folder, ['Bash(npm run lint *)']]],
      );
    } finally {
      await t.sessions.manager.dispose();
    }
  });
});
