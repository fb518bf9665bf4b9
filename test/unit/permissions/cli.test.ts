// `agent-affinity permissions consolidate` through run() with a captured CliIo.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { permissionsCommand } from '../../../src/cli/commands/permissions';
import { restoreBackup } from '../../../src/core/permissions/atomicWrite';
import { CORPUS_DIR } from '../../support/permissions/helpers';

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
  test('credentials are reported with the exact rule', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-cli-'));
    try {
      const file = join(root, 'settings.local.json');
      copyFileSync(join(CORPUS_DIR, 'JersonCh1__Drop__.claude_settings.local.json'), file);
      const r = await run(['consolidate', file, '--json']);
      const parsed = JSON.parse(r.out) as { files: { findings: { kind: string; rule?: string; message: string }[] }[] };
      const creds = parsed.files[0]?.findings.filter((f) => f.kind === 'credential') ?? [];
      assert.ok(creds.length >= 3);
      const text = readFileSync(file, 'utf8');
      assert.ok(creds.every((f) => f.rule !== undefined && text.includes(JSON.stringify(f.rule).slice(1, -1))));
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
