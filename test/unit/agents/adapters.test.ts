import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaudeAdapter, permissionResponseLine, userMessageLine } from '../../../src/core/agents/claudeAdapter';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { CommandAdapter, splitCommandLine } from '../../../src/core/agents/commandAdapter';
import { GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import { changedAgentKinds, createAdapters } from '../../../src/core/agents/adapterSet';

const task = '--dangerously-skip-permissions; rm -rf "$HOME"';

describe('adapters build argument arrays', () => {
  test('Claude: stream-json flags, = forms, the task after --', () => {
    const spec = new ClaudeAdapter({ executable: '/opt/claude' }).commandFor({
      text: task,
      cwd: '/w',
      conversationId: 'abc-123',
      model: 'sonnet',
      permissionMode: 'acceptEdits',
      allowedTools: ['Read', 'Bash(git *)'],
    });
    assert.equal(spec.command, '/opt/claude');
    assert.deepEqual(spec.args, [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--resume=abc-123',
      '--model=sonnet',
      '--permission-mode=acceptEdits',
      '--allowedTools=Read,Bash(git *)',
      '--',
      task,
    ]);
  });

  test('Claude long-lived: stream-json input, no task in argv; user message line', () => {
    const spec = new ClaudeAdapter().longLivedCommand({ cwd: '/w' });
    assert.deepEqual(spec.args, ['-p', '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json']);
    assert.deepEqual(JSON.parse(userMessageLine('hi\nthere')), {
      type: 'user',
      session_id: '',
      message: { role: 'user', content: 'hi\nthere' },
      parent_tool_use_id: null,
    });
    assert.ok(userMessageLine('a\nb').endsWith('}\n'));
    assert.equal(userMessageLine('a\nb').split('\n').length, 2);
  });

  test('Claude interactive permissions: prompt tool on stdio, answers as control responses', () => {
    assert.deepEqual(new ClaudeAdapter({ interactivePermissions: true }).longLivedCommand({ cwd: '/w' }).args.slice(-3), [
      'stream-json',
      '--permission-prompt-tool',
      'stdio',
    ]);
    assert.deepEqual(JSON.parse(permissionResponseLine('r1', { allow: true }, { a: 1 })), {
      type: 'control_response',
      response: { subtype: 'success', request_id: 'r1', response: { behavior: 'allow', updatedInput: { a: 1 } } },
    });
    assert.deepEqual(JSON.parse(permissionResponseLine('r2', { allow: false, message: 'no' }, {})).response.response, {
      behavior: 'deny',
      message: 'no',
    });
  });

  test('ids that could inject a flag are rejected', () => {
    assert.throws(() => new ClaudeAdapter().commandFor({ text: 'x', cwd: '/', conversationId: '--help' }), /Invalid conversation id/);
    assert.throws(() => new CodexAdapter().commandFor({ text: 'x', cwd: '/', conversationId: '-x' }), /Invalid thread id/);
  });

  test('Codex: exec --json, resume <thread_id>, task after --', () => {
    const a = new CodexAdapter({ skipGitRepoCheck: true, sandbox: 'workspace-write' });
    assert.deepEqual(a.commandFor({ text: task, cwd: '/w', model: 'gpt-5' }).args, [
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--sandbox',
      'workspace-write',
      '-m',
      'gpt-5',
      '--',
      task,
    ]);
    assert.deepEqual(a.commandFor({ text: 'next', cwd: '/w', conversationId: '0199a213-81c0' }).args, [
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--sandbox',
      'workspace-write',
      'resume',
      '0199a213-81c0',
      '--',
      'next',
    ]);
  });

  test('Gemini: the task bound to --prompt= so a leading dash stays text', () => {
    const spec = new GeminiAdapter({ approvalMode: 'auto_edit' }).commandFor({ text: task, cwd: '/w', conversationId: 'sess-1' });
    assert.equal(spec.command, 'gemini');
    assert.deepEqual(spec.args, [`--prompt=${task}`, '--output-format', 'stream-json', '--resume=sess-1', '--approval-mode=auto_edit']);
  });

  test('Command: {task} is one argument, never split', () => {
    const a = new CommandAdapter('my-agent --mode "fast run" --task={task} {task}');
    assert.deepEqual(a.commandFor({ text: 'a b {task} c', cwd: '/' }), {
      command: 'my-agent',
      args: ['--mode', 'fast run', '--task=a b {task} c', 'a b {task} c'],
    });
    assert.deepEqual(new CommandAdapter(['echo']).commandFor({ text: 'x y', cwd: '/' }).args, ['x y']);
    assert.throws(() => new CommandAdapter('  '), /Empty command line/);
  });

  test('splitCommandLine: quotes and escapes', () => {
    assert.deepEqual(splitCommandLine(`a 'b c' "d \\"e\\"" f\\ g ''`), ['a', 'b c', 'd "e"', 'f g', '']);
    assert.throws(() => splitCommandLine('a "b'), /Unclosed/);
  });

  test('interactive commands resume the conversation in a terminal', () => {
    assert.deepEqual(new ClaudeAdapter().interactiveCommand('abc'), { command: 'claude', args: ['--resume=abc'] });
    assert.deepEqual(new CodexAdapter().interactiveCommand('t1'), { command: 'codex', args: ['resume', 't1'] });
    assert.deepEqual(new GeminiAdapter().interactiveCommand(), { command: 'gemini', args: [] });
  });

  test('adapters from settings; a bad command line is reported, not thrown', () => {
    const ok = createAdapters({ claude: { executable: '/bin/claude' }, commandLine: 'aider --message {task}' });
    assert.deepEqual(Object.keys(ok.adapters).sort(), ['claude', 'codex', 'command', 'gemini']);
    assert.deepEqual(ok.problems, []);
    const bad = createAdapters({ commandLine: 'aider "oops' });
    assert.equal(bad.adapters.command, undefined);
    assert.match(bad.problems[0] ?? '', /commandLine: Unclosed " quote/);
  });

  test('changedAgentKinds: only the agents whose settings differ', () => {
    const base = {
      claude: { executable: 'claude' },
      codex: { executable: 'codex', sandbox: 'workspace-write' as const },
      gemini: { executable: 'gemini' },
    };
    assert.deepEqual(changedAgentKinds(base, { ...base }), []);
    assert.deepEqual(changedAgentKinds(base, { ...base, claude: { executable: '/opt/claude' } }), ['claude']);
    assert.deepEqual(
      changedAgentKinds(base, { ...base, codex: { executable: 'codex', sandbox: 'read-only' }, commandLine: 'aider {task}' }),
      ['codex', 'command'],
    );
    assert.deepEqual(changedAgentKinds({ ...base, commandLine: 'aider {task}' }, { ...base, commandLine: '  ' }), ['command']);
  });
});
