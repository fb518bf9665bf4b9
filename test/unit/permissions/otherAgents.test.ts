// Gemini CLI and Roo Code lists (exact tier) and Codex policy files (report only).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidateCommandLists, findCommandLists, listEntryCovers } from '../../../src/core/permissions/commandLists';
import { parseCodexConfig, parseCodexRules } from '../../../src/core/permissions/codexPolicy';
import { renderJsonArrays } from '../../../src/core/permissions/jsonArrayWriter';

describe('Gemini CLI tools.allowed / tools.exclude', () => {
  const text =
    '{\n  "tools": {\n    "allowed": [\n      "run_shell_command(git)",\n      "run_shell_command(git status)",\n      "run_shell_command(npm test)",\n      "run_shell_command(npm test)",\n      "run_shell_command(rm -rf build)",\n      "ReadFileTool"\n    ],\n    "exclude": ["run_shell_command(rm)"]\n  },\n  "theme": "dark"\n}\n';
  test('duplicates, prefix-covered entries and excluded allows go; the file keeps its shape', () => {
    const lists = findCommandLists(text, 'gemini');
    const [allowed, exclude] = consolidateCommandLists(lists, 'gemini');
    assert.deepEqual(allowed?.after, ['run_shell_command(git)', 'run_shell_command(npm test)', 'ReadFileTool']);
    assert.deepEqual(exclude?.after, ['run_shell_command(rm)']);
    const out = renderJsonArrays(text, [{ path: allowed?.path ?? [], values: allowed?.after ?? [] }]);
    assert.equal(
      out,
      '{\n  "tools": {\n    "allowed": [\n      "run_shell_command(git)",\n      "run_shell_command(npm test)",\n      "ReadFileTool"\n    ],\n    "exclude": ["run_shell_command(rm)"]\n  },\n  "theme": "dark"\n}\n',
    );
  });
  test('prefix coverage is at a word boundary', () => {
    assert.ok(listEntryCovers('run_shell_command(git)', 'run_shell_command(git log)', 'gemini'));
    assert.ok(!listEntryCovers('run_shell_command(git)', 'run_shell_command(gitk)', 'gemini'));
    assert.ok(listEntryCovers('run_shell_command', 'run_shell_command(ls)', 'gemini'));
  });
});

describe('Roo Code allowed/denied commands', () => {
  test('exact tier on prefix lists', () => {
    const text =
      '{"roo-cline.allowedCommands": ["npm test", "npm test -- --watch", "git log", "git log", "cd"], "roo-cline.deniedCommands": ["rm"]}';
    const [allowed, denied] = consolidateCommandLists(findCommandLists(text, 'roo'), 'roo');
    assert.deepEqual(allowed?.after, ['npm test', 'git log', 'cd']);
    assert.deepEqual(denied?.after, ['rm']);
  });
});

describe('Codex policy files', () => {
  test('prefix rules read and reported', () => {
    const r = parseCodexRules(
      '# rules\nprefix_rule(\n  pattern = ["git", ["push", "fetch"]],\n  decision = "prompt",\n  justification = "network",\n)\nprefix_rule(pattern=["git", "status"], decision="allow")\nprefix_rule(pattern=["git"], decision="allow")\nprefix_rule(pattern=["git", "status"], decision="forbidden")\n',
    );
    assert.equal(r.rules.length, 4);
    assert.deepEqual(r.rules[0]?.pattern, ['git', ['push', 'fetch']]);
    assert.equal(r.rules[0]?.decision, 'prompt');
    assert.equal(r.rules[0]?.justification, 'network');
    assert.ok(r.findings.some((f) => f.kind === 'conflict' && f.rule === 'git status'));
    assert.ok(r.findings.some((f) => f.kind === 'deadRule' && /covered by line/.test(f.message)));
  });
  test('config.toml approval and sandbox settings', () => {
    const r = parseCodexConfig('model = "o3"\napproval_policy = "never"\n[profiles.safe]\nsandbox_mode = "read-only"\n');
    assert.deepEqual(r.settings, { approval_policy: 'never', 'profiles.safe.sandbox_mode': 'read-only' });
    assert.ok(r.findings.some((f) => f.severity === 'warning'));
  });
});
