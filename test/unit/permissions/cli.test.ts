// `agent-affinity permissions consolidate` through run() with a captured CliIo.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPermissionsCommand } from '../../../src/cli/commands/permissions';
import { credentialMatches, credentialsIn } from '../../../src/core/permissions/credentials';
import { CORPUS_DIR } from '../../support/permissions/helpers';

/** The CLI's cache folder for these tests (XDG_CACHE_HOME), outside every workspace. */
const CACHE = mkdtempSync(join(tmpdir(), 'aa-cli-cache-'));
const BACKUPS = join(CACHE, 'agent-affinity', 'permission-backups');

async function run(argv: string[], cache = CACHE): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const command = createPermissionsCommand({ env: { XDG_CACHE_HOME: cache }, home: join(cache, 'home') });
  // One call is one line, as main.ts writes it.
  const code = await command.run(argv, {
    out: (s) => {
      out += `${s}\n`;
    },
    err: (s) => {
      err += `${s}\n`;
    },
  });
  return { code, out, err };
}

function workspace(): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
  mkdirSync(join(root, '.claude'));
  const file = join(root, '.claude', 'settings.local.json');
  copyFileSync(join(CORPUS_DIR, 'JerryGanst__Experiment-Platform__.claude_settings.local.json'), file);
  chmodSync(file, 0o644); // the corpus copies are read-only
  return { root, file };
}

describe('permissions consolidate (CLI)', () => {
  after(() => rmSync(CACHE, { recursive: true, force: true }));
  test('dry run prints counts, each change with its reason, findings; the file is untouched', async () => {
    const { root, file } = workspace();
    try {
      const before = readFileSync(file);
      const r = await run(['consolidate', file]);
      assert.equal(r.code, 0);
      assert.match(r.out, /\(claude, local\): 37 -> 27 rules \(-10\)/);
      assert.match(r.out, /- Bash\(done\) \[allow\]: never matches/);
      assert.match(r.out, /~ Bash\(ls:\*\) -> Bash\(ls \*\) \[allow\]/);
      assert.match(r.out, /dry run/);
      assert.match(r.out, /total: 37 -> 27 rules in 1 file/);
      assert.ok(!r.out.includes('\n\n'), 'one line per output call: no blank lines');
      assert.deepEqual(readFileSync(file), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('end to end: messy settings.local.json, --write, backup in the cache folder with its index, restore puts it back', async () => {
    const { root, file } = workspace();
    try {
      const original = readFileSync(file, 'utf8');
      const r = await run(['consolidate', file, '--generalize', '--write']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(readdirSync(join(root, '.claude')), ['settings.local.json'], 'no backup inside the repository');
      const index = JSON.parse(readFileSync(join(BACKUPS, 'index.json'), 'utf8')) as {
        entries: { originalPath: string; backupPath: string; time: string; sha256: string }[];
      };
      const entry = index.entries.filter((e) => e.originalPath === file).pop();
      assert.ok(entry, 'the index lists the backup');
      assert.equal(dirname(entry.backupPath), BACKUPS);
      assert.match(entry.time, /^\d{4}-\d\d-\d\dT/);
      assert.equal(entry.sha256, createHash('sha256').update(original).digest('hex'));
      assert.ok(r.out.includes(`wrote ${file} (backup: ${entry.backupPath}; backup index: ${join(BACKUPS, 'index.json')})`), r.out);
      assert.equal(readFileSync(entry.backupPath, 'utf8'), original);
      const rewritten = readFileSync(file, 'utf8');
      assert.notEqual(rewritten, original);
      assert.ok(!rewritten.includes('"Bash(done)"'));
      const again = await run(['consolidate', file, '--generalize']);
      assert.match(again.out, /nothing to change/);
      const list = await run(['restore', file, '--list']);
      assert.ok(list.out.includes(entry.backupPath));
      const restored = await run(['restore', file]);
      assert.equal(restored.code, 0, restored.err);
      assert.match(restored.out, /^restored .* from .*\.bak/);
      assert.equal(readFileSync(file, 'utf8'), original);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('restore refuses a file edited since the consolidation (unless --force) and a changed backup', async () => {
    const { root, file } = workspace();
    try {
      const original = readFileSync(file, 'utf8');
      assert.equal((await run(['consolidate', file, '--write'])).code, 0);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
      const refused = await run(['restore', file]);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /changed since the consolidation was applied; nothing was restored/);
      const forced = await run(['restore', file, '--force']);
      assert.equal(forced.code, 0, forced.err);
      assert.equal(readFileSync(file, 'utf8'), original);
      assert.equal((await run(['consolidate', file, '--write'])).code, 0);
      const latest = (
        JSON.parse(readFileSync(join(BACKUPS, 'index.json'), 'utf8')) as { entries: { originalPath: string; backupPath: string }[] }
      ).entries
        .filter((e) => e.originalPath === file)
        .pop();
      writeFileSync(latest?.backupPath ?? '', '{}');
      const tampered = await run(['restore', file]);
      assert.equal(tampered.code, 1);
      assert.match(tampered.err, /the backup changed since it was written/);
      assert.equal((await run(['restore', join(root, 'nope.json')])).code, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('a cache folder inside the repository is refused: no backup is ever written there', async () => {
    const { root, file } = workspace();
    try {
      mkdirSync(join(root, '.git'));
      const before = readFileSync(file, 'utf8');
      const r = await run(['consolidate', file, '--write'], join(root, 'cache'));
      assert.equal(r.code, 1);
      assert.match(r.err, /must never be written into the repository; nothing was written/);
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.ok(!existsSync(join(root, 'cache')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('--prune: one-off approvals removed with their evidence (text and --json)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
    try {
      const file = join(root, 'settings.local.json');
      writeFileSync(file, JSON.stringify({ permissions: { allow: ['Bash(kill 33668)', 'Bash(npm test)', 'Bash(git show 951f5df)'] } }));
      const text = await run(['consolidate', file, '--prune']);
      assert.equal(text.code, 0, text.err);
      assert.match(text.out, /- Bash\(kill 33668\) \[allow, prune\]: `kill 33668`: `33668` is a process id; it will not recur/);
      assert.match(text.out, /evidence: 33668: a process id; it will not recur/);
      assert.match(text.out, /: 3 -> 1 rules/);
      const json = JSON.parse((await run(['consolidate', file, '--prune', '--json'])).out) as {
        files: { changes: { tier: string; evidence?: { kind: string; text: string; why: string }[] }[] }[];
      };
      const pruned = json.files[0]?.changes.filter((c) => c.tier === 'prune') ?? [];
      assert.deepEqual(
        pruned.map((c) => c.evidence?.[0]?.kind),
        ['processId', 'commitHash'],
      );
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
        permissions: { allow: ['Bash(kill 33668)', 'Bash(npm test)', 'Bash(git show 951f5df)'] },
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('--json output', async () => {
    const { root, file } = workspace();
    try {
      const r = await run(['consolidate', file, '--json']);
      const parsed = JSON.parse(r.out) as { files: { before: number; after: number; changes: { reason: string }[]; newText: string }[] };
      assert.equal(parsed.files[0]?.before, 37);
      assert.equal(parsed.files[0]?.after, 27);
      assert.ok(parsed.files[0]?.changes.every((c) => c.reason.length > 0));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('exit 1 with the reason when a file cannot be read; the others are still processed', async () => {
    const { root, file } = workspace();
    try {
      const bad = join(root, 'bad.json');
      writeFileSync(bad, '{"permissions": {"allow": [1]}}');
      const r = await run(['consolidate', bad, join(root, 'missing.json'), file]);
      assert.equal(r.code, 1);
      assert.match(r.err, /bad\.json: "permissions\.allow\[0\]" must be a string/);
      assert.match(r.err, /missing\.json: cannot read \(no such file\)/);
      assert.match(r.out, /37 -> 27/);
      assert.equal(readFileSync(bad, 'utf8'), '{"permissions": {"allow": [1]}}');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('credentials are reported by list and index, never with the secret (text and --json)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
    try {
      const file = join(root, 'settings.local.json');
      copyFileSync(join(CORPUS_DIR, 'JersonCh1__Drop__.claude_settings.local.json'), file);
      const allow = (JSON.parse(readFileSync(file, 'utf8')) as { permissions: { allow: string[] } }).permissions.allow;
      const secrets = allow.flatMap((rule) => credentialMatches(rule).map((m) => rule.slice(m.start, m.end)));
      assert.ok(secrets.length >= 3);
      const r = await run(['consolidate', file, '--json']);
      const parsed = JSON.parse(r.out) as {
        files: { findings: { kind: string; rule?: string; index?: number; message: string }[]; changes: unknown[] }[];
      };
      const creds = parsed.files[0]?.findings.filter((f) => f.kind === 'credential') ?? [];
      assert.ok(creds.length >= 3);
      for (const f of creds) assert.ok(credentialsIn(allow[f.index ?? -1] ?? '').length > 0, 'the index names the rule');
      const shown = JSON.stringify([parsed.files[0]?.findings, parsed.files[0]?.changes]);
      for (const s of secrets) assert.ok(!shown.includes(s) && !shown.includes(JSON.stringify(s).slice(1, -1)), `--json shows ${s}`);
      const text = await run(['consolidate', file]);
      for (const s of secrets) assert.ok(!text.out.includes(s), `the text output shows ${s}`);
      assert.match(text.out, /\[secret: /);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('a GitHub token in a local settings file is masked in the finding, the changes and the summary', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
    try {
      const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
      const file = join(root, 'settings.local.json');
      const rule = `Bash(curl -H "Authorization: token ${token}" https://api.github.com/user)`;
      writeFileSync(file, JSON.stringify({ permissions: { allow: [rule, rule, 'Bash(curl *)'] } }, null, 2));
      const text = await run(['consolidate', file]);
      assert.equal(text.code, 0, text.err);
      assert.match(text.out, /credential/);
      assert.ok(!text.out.includes(token), text.out);
      const json = await run(['consolidate', file, '--json']);
      const parsed = JSON.parse(json.out) as { files: { findings: unknown[]; changes: unknown[] }[] };
      assert.ok(!JSON.stringify([parsed.files[0]?.findings, parsed.files[0]?.changes]).includes(token));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('Gemini and Codex files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
    try {
      const gemini = join(root, 'settings.json');
      writeFileSync(gemini, '{"tools": {"allowed": ["run_shell_command(git)", "run_shell_command(git log)"]}}');
      const rules = join(root, 'default.rules');
      writeFileSync(rules, 'prefix_rule(pattern=["ls"], decision="allow")\n');
      const r = await run(['consolidate', gemini, rules]);
      assert.equal(r.code, 0);
      assert.match(r.out, /\(gemini, other\): 2 -> 1 rules/);
      assert.match(r.out, /\(codex, other, report only\): 1 -> 1 rules/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('usage errors exit 2', async () => {
    assert.equal((await run([])).code, 0);
    assert.equal((await run(['consolidate'])).code, 2);
    assert.equal((await run(['consolidate', 'x', '--nope'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['restore'])).code, 2);
    assert.equal((await run(['restore', 'a', '--backup'])).code, 2);
  });
});
