// Settings files: reading (JSONC, types, duplicates, size, UTF-8), rendering only the permission
// arrays, and applying with a backup; bad input gives a clear message and leaves the file byte-identical.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFileRewrite, restoreBackup } from '../../../src/core/files/fileRewrite';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { planFile } from '../../../src/core/permissions/planFile';
import { parseSettingsText, readSettingsFile, renderSettingsFile } from '../../../src/core/permissions/settingsFile';
import { CORPUS_DIR } from '../../support/permissions/helpers';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aa-perm-'));
}

describe('renderSettingsFile keeps everything but the permission arrays', () => {
  test('a curated real file: other keys, order, indentation and trailing newline unchanged', () => {
    const text = readFileSync(join(CORPUS_DIR, 'ikuwow__dotfiles__claude_settings.json'), 'utf8');
    const read = parseSettingsText(text, 'x');
    assert.ok(read.ok);
    const r = consolidate(read.lists);
    const out = renderSettingsFile(text, r.rules);
    const before = JSON.parse(text) as Record<string, unknown>;
    const after = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(after), Object.keys(before));
    assert.deepEqual({ ...after, permissions: null }, { ...before, permissions: null });
    assert.deepEqual((after.permissions as Record<string, unknown>).allow, r.rules.allow);
    assert.equal(out.endsWith('}\n'), text.endsWith('}\n'));
    const tail = text.slice(text.indexOf('"model"'));
    assert.ok(out.endsWith(tail), 'everything after the permissions object is byte-identical');
    assert.ok(out.startsWith(text.slice(0, text.indexOf('"allow"'))), 'everything before the first array is byte-identical');
    assert.match(out, /\n {6}"Bash\(ls \*\)",\n/);
  });
  test('unchanged arrays are untouched; kept entries keep their original escapes', () => {
    const text =
      '{\n\t"permissions": {\n\t\t"allow": [\n\t\t\t"Bash(\\u006cs *)",\n\t\t\t"Bash(ls)"\n\t\t],\n\t\t"deny": ["Bash(rm *)"]\n\t}\n}';
    const out = renderSettingsFile(text, { allow: ['Bash(ls *)'], deny: ['Bash(rm *)'] });
    assert.equal(out, '{\n\t"permissions": {\n\t\t"allow": [\n\t\t\t"Bash(\\u006cs *)"\n\t\t],\n\t\t"deny": ["Bash(rm *)"]\n\t}\n}');
  });
  test('CRLF, single-line arrays, comments and trailing commas (JSONC)', () => {
    const text =
      '{\r\n  // my rules\r\n  "permissions": {\r\n    "allow": ["Bash(a)", "Bash(a)", "Bash(b)",],\r\n    "ask": [\r\n      // keep asking\r\n      "Bash(git push *)",\r\n      "Bash(git push *)"\r\n    ]\r\n  },\r\n}\r\n';
    const read = parseSettingsText(text, 'x');
    assert.ok(read.ok);
    const out = renderSettingsFile(text, { allow: ['Bash(a)', 'Bash(b)'], ask: ['Bash(git push *)'] });
    assert.equal(
      out,
      '{\r\n  // my rules\r\n  "permissions": {\r\n    "allow": ["Bash(a)", "Bash(b)",],\r\n    "ask": [\r\n      // keep asking\r\n      "Bash(git push *)"\r\n    ]\r\n  },\r\n}\r\n',
    );
  });
  test('an empty multi-line list gets one rule per line', () => {
    const text = '{\n  "permissions": {\n    "deny": [],\n    "allow": ["Bash(ls)", "Bash(ls)"]\n  }\n}\n';
    assert.equal(
      renderSettingsFile(text, { deny: ['Bash(rm *)'], allow: ['Bash(ls)'] }),
      '{\n  "permissions": {\n    "deny": [\n      "Bash(rm *)"\n    ],\n    "allow": ["Bash(ls)"]\n  }\n}\n',
    );
    assert.equal(
      renderSettingsFile('{"permissions": {"deny": ["x"]}}', { allow: ['WebSearch'], deny: ['x'] }),
      '{"permissions": {"deny": ["x"], "allow": ["WebSearch"]}}',
    );
  });
  test('a missing list or permissions object is added; an emptied list becomes []', () => {
    assert.equal(
      renderSettingsFile('{\n  "model": "opus"\n}\n', { allow: ['Bash(ls *)'] }),
      '{\n  "model": "opus",\n  "permissions": {\n    "allow": [\n      "Bash(ls *)"\n    ]\n  }\n}\n',
    );
    assert.equal(renderSettingsFile('{"permissions": {"allow": ["Bash(do)"]}}', { allow: [] }), '{"permissions": {"allow": []}}');
    assert.equal(
      renderSettingsFile('', { allow: ['WebSearch'] }),
      '{\n  "permissions": {\n    "allow": [\n      "WebSearch"\n    ]\n  }\n}\n',
    );
  });
  test('a byte-order mark is kept', () => {
    const text = '\ufeff{"permissions":{"allow":["Bash(ls)","Bash(ls)"]}}';
    assert.equal(renderSettingsFile(text, { allow: ['Bash(ls)'] }), '\ufeff{"permissions":{"allow":["Bash(ls)"]}}');
  });
  test('the misplaced nested permissions key is reported', () => {
    const r = parseSettingsText('{"permissions": {"allow": [], "permissions": {"defaultMode": "plan"}}}', 'f.json');
    assert.ok(r.ok && r.findings.some((f) => f.kind === 'misplacedKey'));
  });
});

describe('bad input: a clear message naming the file, and the file byte-identical', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['malformed.json', '{"permissions": {"allow": ["Bash(ls)",, ]}}', /invalid JSON: .*line 1/],
    ['truncated.json', '{"permissions": {"allow": ["Bash(ls)"', /invalid JSON/],
    ['wrong-root.json', '["Bash(ls)"]', /top level/],
    ['wrong-perms.json', '{"permissions": "allow all"}', /"permissions" must be an object/],
    ['wrong-list.json', '{"permissions": {"allow": {"Bash": true}}}', /"permissions.allow" must be an array/],
    ['wrong-item.json', '{"permissions": {"allow": ["Bash(ls)", 42]}}', /"permissions.allow\[1\]" must be a string/],
    ['dup.json', '{"permissions": {"allow": ["Bash(ls)"], "allow": ["Bash(rm *)"]}}', /duplicate key "allow"/],
    ['latin1.json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), /not valid UTF-8/],
    ['huge.json', `{"permissions": {"allow": [${Array.from({ length: 120_000 }, (_, i) => `"Bash(echo ${i})"`).join(',')}]}}`, /too large/],
  ];
  for (const [name, content, message] of cases) {
    test(name, () => {
      const dir = tempDir();
      try {
        const path = join(dir, name);
        writeFileSync(path, content);
        const bytes = readFileSync(path);
        const r = readSettingsFile(path);
        assert.ok(!r.ok);
        assert.match(r.error, message);
        assert.ok(r.error.startsWith(path), 'the message names the file');
        const plan = planFile(path, { generalize: true });
        assert.ok(!plan.ok);
        assert.deepEqual(readFileSync(path), bytes);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  test('a missing file', () => {
    const r = readSettingsFile('/nonexistent/dir/settings.json');
    assert.ok(!r.ok && /no such file/.test(r.error));
  });
});

describe('applying: atomic write, backup beside the file, undo', () => {
  test('write, backup, restore', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'settings.local.json');
      const original = '{\n  "permissions": {\n    "allow": [\n      "Bash(ls:*)",\n      "Bash(ls)",\n      "Bash(do)"\n    ]\n  }\n}\n';
      writeFileSync(path, original);
      const plan = planFile(path);
      assert.ok(plan.ok);
      assert.equal(plan.newText, '{\n  "permissions": {\n    "allow": [\n      "Bash(ls *)"\n    ]\n  }\n}\n');
      const res = applyFileRewrite(path, plan.originalText, plan.newText, { now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
      assert.equal(res.backupPath, join(dir, 'settings.local.json.20260102-030405.bak'));
      assert.equal(readFileSync(path, 'utf8'), plan.newText);
      assert.equal(readFileSync(res.backupPath, 'utf8'), original);
      assert.deepEqual(readdirSync(dir).sort(), ['settings.local.json', 'settings.local.json.20260102-030405.bak']);
      const again = applyFileRewrite(path, plan.newText, plan.newText, { now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
      assert.equal(again.backupPath, join(dir, 'settings.local.json.20260102-030405-1.bak'));
      restoreBackup(path, res.backupPath, plan.newText);
      assert.equal(readFileSync(path, 'utf8'), original);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a symlinked settings file (dotfiles) is written through the link, the link stays', () => {
    const dir = tempDir();
    try {
      const real = join(dir, 'dotfiles-settings.json');
      const link = join(dir, 'settings.json');
      writeFileSync(real, '{"permissions": {"allow": ["Bash(ls)", "Bash(ls)"]}}');
      symlinkSync(real, link);
      const plan = planFile(link);
      assert.ok(plan.ok);
      const res = applyFileRewrite(link, plan.originalText, plan.newText);
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readFileSync(real, 'utf8'), '{"permissions": {"allow": ["Bash(ls)"]}}');
      restoreBackup(link, res.backupPath);
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readFileSync(real, 'utf8'), plan.originalText);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a file changed on disk since it was read is not overwritten', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'settings.json');
      writeFileSync(path, '{"permissions": {"allow": ["Bash(ls)", "Bash(ls)"]}}');
      const plan = planFile(path);
      assert.ok(plan.ok);
      writeFileSync(path, '{"permissions": {"allow": ["Bash(ls)", "Bash(ls)", "Bash(new)"]}}');
      const bytes = readFileSync(path);
      assert.throws(() => applyFileRewrite(path, plan.originalText, plan.newText), /changed on disk/);
      assert.deepEqual(readFileSync(path), bytes);
      assert.deepEqual(readdirSync(dir), ['settings.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a read-only file is not written (mode bits are checked, so this holds for root too)', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'settings.json');
      writeFileSync(path, '{"permissions": {"allow": ["Bash(ls)", "Bash(ls)"]}}');
      chmodSync(path, 0o444);
      const plan = planFile(path);
      assert.ok(plan.ok);
      assert.throws(() => applyFileRewrite(path, plan.originalText, plan.newText), /read-only/);
      assert.equal(readFileSync(path, 'utf8'), plan.originalText);
      assert.deepEqual(readdirSync(dir), ['settings.json']);
    } finally {
      chmodSync(join(dir, 'settings.json'), 0o644);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
