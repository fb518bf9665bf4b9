// The orchestrator's permission workspace on real temporary folders: plan, apply with backups
// (beside the file, or in global storage for user-level files), refuse files changed since the
// scan, skip malformed files, undo byte-identical, refuse an undo over a later edit; and the store.
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileConsolidationStore, MemoryConsolidationStore } from '../../../../src/core/permissions/consolidationStore';
import { cleanPolicyList, PermissionsWorkspace } from '../../../../src/server/permissions/permissionsWorkspace';

const MESSY = `{
  // written by hand
  "permissions": {
    "allow": [
      "Bash(npm test)",
      "Bash(npm test)",
      "Bash(git status:*)",
      "Bash(git status --short)",
      "Read(//tmp/a.txt)"
    ],
    "deny": ["Bash(rm -rf /)"]
  },
  "model": "sonnet"
}
`;

/** Every file under a folder, relative, sorted (what `git status` would see as new). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

describe('PermissionsWorkspace', () => {
  let root: string;
  let home: string;
  let folder: string;
  let global: string;
  let ws: PermissionsWorkspace;
  const local = (): string => join(folder, '.claude', 'settings.local.json');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'aa-perm-ws-'));
    home = join(root, 'home');
    folder = join(root, 'project');
    global = join(root, 'global');
    mkdirSync(home, { recursive: true });
    mkdirSync(folder, { recursive: true });
    ws = new PermissionsWorkspace({
      home,
      globalStorageDir: global,
      folders: () => [folder],
      repository: new MemoryConsolidationStore(),
      managedDir: null,
      now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('plans without writing, applies with a backup in the extension storage (never in the repository), and undo restores it byte-identical', () => {
    write(local(), MESSY);
    const plan = ws.plan({});
    const file = plan.files.find((f) => f.path === local());
    assert.ok(file?.ok, JSON.stringify(plan.files));
    assert.equal(file.scope, 'local');
    assert.ok(file.changed);
    assert.ok(file.after < file.before, `${file.before} → ${file.after}`);
    assert.equal(readFileSync(local(), 'utf8'), MESSY, 'planning writes nothing');
    assert.match(plan.report, /# Permission consolidation report/);

    const result = ws.apply({ planId: plan.planId });
    assert.deepEqual(result.refused, []);
    assert.equal(result.applied.length, 1);
    const backup = result.applied[0]?.backupPath ?? '';
    assert.equal(dirname(backup), join(global, 'permission-backups'), 'backup in the extension storage');
    assert.deepEqual(filesUnder(folder), ['.claude/settings.local.json'], 'nothing new in the repository');
    assert.equal(readFileSync(backup, 'utf8'), MESSY);
    assert.equal(result.backupIndex, join(global, 'permission-backups', 'index.json'));
    const index = JSON.parse(readFileSync(result.backupIndex, 'utf8')) as {
      entries: { originalPath: string; backupPath: string; time: string; sha256: string }[];
    };
    assert.deepEqual(
      index.entries.map((e) => [e.originalPath, e.backupPath, e.time]),
      [[local(), backup, '2026-01-02T03:04:05.000Z']],
    );
    assert.equal(index.entries[0]?.sha256, createHash('sha256').update(MESSY).digest('hex'));
    assert.equal(readFileSync(local(), 'utf8'), file.newText);
    assert.match(readFileSync(local(), 'utf8'), /"model": "sonnet"/, 'unrelated keys kept');

    const records = ws.records();
    assert.equal(records.length, 1);
    assert.equal(records[0]?.folder, folder);
    assert.equal(records[0]?.before, file.before);
    assert.equal(records[0]?.after, file.after);

    const undo = ws.undo({});
    assert.deepEqual(undo.refused, []);
    assert.equal(undo.restored.length, 1);
    assert.equal(readFileSync(local(), 'utf8'), MESSY, 'restored byte-identical');
    assert.ok(ws.records()[0]?.undoneAt !== undefined);
    assert.throws(() => ws.undo({}), /no permission consolidation to undo/);
  });

  test('a file changed between scan and apply is not overwritten', () => {
    write(local(), MESSY);
    const plan = ws.plan({ folders: [folder] });
    const edited = MESSY.replace('"sonnet"', '"opus"');
    writeFileSync(local(), edited);
    const result = ws.apply({ planId: plan.planId });
    assert.equal(result.applied.length, 0);
    assert.equal(result.refused.length, 1);
    assert.match(result.refused[0]?.reason ?? '', /changed on disk since it was read/);
    assert.equal(readFileSync(local(), 'utf8'), edited);
    assert.deepEqual(
      readdirSync(dirname(local())).filter((n) => n.endsWith('.bak')),
      [],
      'no backup written either',
    );
    assert.deepEqual(ws.records(), []);
  });

  test('malformed files are listed with their reason and never written', () => {
    const bad = '{ "permissions": { "allow": [ "Bash(ls)", ';
    write(local(), bad);
    write(join(folder, '.claude', 'settings.json'), MESSY);
    const plan = ws.plan({});
    const skipped = plan.files.find((f) => f.path === local());
    assert.ok(skipped && !skipped.ok);
    assert.match(skipped.error, /settings\.local\.json/);
    const result = ws.apply({ planId: plan.planId, paths: [local(), join(folder, '.claude', 'settings.json')] });
    assert.equal(result.applied.length, 1);
    assert.match(result.refused[0]?.reason ?? '', /cannot be read/);
    assert.equal(readFileSync(local(), 'utf8'), bad);
    assert.match(plan.report, /Skipped, nothing will be written/);
  });

  test('user-level files are backed up in the extension storage, and appear once for several folders', () => {
    const user = join(home, '.claude', 'settings.json');
    write(user, MESSY);
    const other = join(root, 'other');
    mkdirSync(other);
    const plan = ws.plan({ folders: [folder, other] });
    assert.equal(plan.files.filter((f) => f.path === user).length, 1);
    const result = ws.apply({ planId: plan.planId, paths: [user] });
    assert.equal(result.applied.length, 1, JSON.stringify(result));
    assert.equal(dirname(result.applied[0]?.backupPath ?? ''), join(global, 'permission-backups'));
    assert.ok(!readdirSync(join(home, '.claude')).some((n) => n.endsWith('.bak')));
  });

  test('undo goes through the backup index: a backup that changed since is refused', () => {
    write(local(), MESSY);
    const plan = ws.plan({});
    const applied = ws.apply({ planId: plan.planId });
    const written = readFileSync(local(), 'utf8');
    writeFileSync(applied.applied[0]?.backupPath ?? '', '{"permissions": {"allow": ["Bash"]}}');
    const undo = ws.undo({});
    assert.equal(undo.restored.length, 0);
    assert.match(undo.refused[0]?.reason ?? '', /the backup changed since it was written/);
    assert.equal(readFileSync(local(), 'utf8'), written);
  });

  test('without a storage folder nothing is written (a backup never goes into the repository)', () => {
    const bare = new PermissionsWorkspace({
      home,
      globalStorageDir: '',
      folders: () => [folder],
      repository: new MemoryConsolidationStore(),
      managedDir: null,
    });
    write(local(), MESSY);
    const result = bare.apply({ planId: bare.plan({}).planId });
    assert.equal(result.applied.length, 0);
    assert.match(result.refused[0]?.reason ?? '', /no extension storage folder/);
    assert.equal(readFileSync(local(), 'utf8'), MESSY);
    assert.deepEqual(filesUnder(folder), ['.claude/settings.local.json']);
  });

  test('undo refuses a file edited after the consolidation, and the plan cannot be applied twice', () => {
    write(local(), MESSY);
    const plan = ws.plan({});
    ws.apply({ planId: plan.planId });
    assert.throws(() => ws.apply({ planId: plan.planId }), /scan again/);
    const later = `${readFileSync(local(), 'utf8')}\n`;
    writeFileSync(local(), later);
    const undo = ws.undo({ folder });
    assert.equal(undo.restored.length, 0);
    assert.match(undo.refused[0]?.reason ?? '', /changed since the consolidation was applied/);
    assert.equal(readFileSync(local(), 'utf8'), later);
    assert.equal(ws.records()[0]?.undoneAt, undefined, 'still undoable once the edit is reverted');
  });

  test('generalizing follows the given risk list', () => {
    const rules = ['Bash(mytool build a)', 'Bash(mytool build b)', 'Bash(mytool build c)', 'Bash(mytool build d)'];
    write(local(), JSON.stringify({ permissions: { allow: rules } }, null, 2));
    const open = ws.plan({ generalize: true, neverGeneralize: [] }).files[0];
    const closed = ws.plan({ generalize: true, neverGeneralize: ['mytool'] }).files[0];
    assert.ok(open?.ok && closed?.ok);
    assert.ok(
      open.changes.some((c) => c.tier === 'generalize'),
      JSON.stringify(open.changes),
    );
    assert.ok(!closed.changes.some((c) => c.tier === 'generalize'), JSON.stringify(closed.changes));
  });

  test('the plan and its report never carry a secret (findings, changes, report)', () => {
    const token = `ghp_${'Z9y8X7w6V5'.repeat(4)}`;
    const rule = `Bash(curl -H "Authorization: token ${token}" https://api.github.com/user)`;
    write(local(), JSON.stringify({ permissions: { allow: [rule, rule, 'Bash(npm test)'] } }, null, 2));
    const plan = ws.plan({});
    const file = plan.files.find((f) => f.path === local());
    assert.ok(file?.ok);
    assert.ok(file.findings.some((f) => f.kind === 'credential'));
    assert.ok(!JSON.stringify([file.findings, file.changes, plan.folders]).includes(token));
    assert.ok(!plan.report.includes(token), 'the Markdown report masks it');
    assert.match(plan.report, /\[secret: /);
  });

  test('cleanPolicyList keeps only non-empty strings', () => {
    assert.deepEqual(cleanPolicyList([' rm ', '', 3, 'sudo']), ['rm', 'sudo']);
    assert.equal(cleanPolicyList('rm'), undefined);
  });
});

describe('FileConsolidationStore', () => {
  test('keeps the last record per folder across reopen, newest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-perm-store-'));
    try {
      const store = await FileConsolidationStore.open(dir, () => undefined);
      store.set({ folder: '/a', at: 1, generalize: false, files: [], before: 3, after: 1, findings: 0 });
      store.set({ folder: '/b', at: 2, generalize: true, files: [], before: 5, after: 2, findings: 1 });
      store.set({ folder: '/a', at: 3, generalize: false, files: [], before: 4, after: 2, findings: 0 });
      await store.close();
      assert.ok(existsSync(join(dir, 'permissions.json')));
      const again = await FileConsolidationStore.open(dir, () => undefined);
      assert.deepEqual(
        again.all().map((r) => [r.folder, r.at]),
        [
          ['/a', 3],
          ['/b', 2],
        ],
      );
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
