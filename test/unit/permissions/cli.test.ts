// `agent-affinity permissions consolidate` through run() with a captured CliIo.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { permissionsCommand } from '../../../src/cli/commands/permissions';
import { restoreBackup } from '../../../src/core/permissions/atomicWrite';
import { credentialMatches, credentialsIn } from '../../../src/core/permissions/credentials';
import { CORPUS_DIR } from './fixtures/helpers';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await permissionsCommand.run(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
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
      assert.deepEqual(readFileSync(file), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('end to end: messy settings.local.json, --write, backup beside it, undo restores it', async () => {
    const { root, file } = workspace();
    try {
      const original = readFileSync(file, 'utf8');
      const r = await run(['consolidate', file, '--generalize', '--write']);
      assert.equal(r.code, 0, r.err);
      const backups = readdirSync(join(root, '.claude')).filter((n) => n.endsWith('.bak'));
      assert.equal(backups.length, 1);
      const backup = join(root, '.claude', backups[0] ?? '');
      assert.match(r.out, new RegExp(`wrote .*backup: ${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.equal(readFileSync(backup, 'utf8'), original);
      const rewritten = readFileSync(file, 'utf8');
      assert.notEqual(rewritten, original);
      assert.ok(!rewritten.includes('"Bash(done)"'));
      const again = await run(['consolidate', file, '--generalize']);
      assert.match(again.out, /nothing to change/);
      restoreBackup(file, backup, rewritten);
      assert.equal(readFileSync(file, 'utf8'), original);
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
  });
});
