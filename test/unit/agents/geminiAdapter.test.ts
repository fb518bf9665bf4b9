// Gemini adapter arguments beyond the basics in adapters.test.ts: approval modes from the session's
// permission mode, --skip-trust, and values that could be read as flags.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GeminiAdapter, geminiApprovalMode } from '../../../src/core/agents/geminiAdapter';

describe('Gemini adapter arguments', () => {
  test('session permission modes map to approval modes; the adapter default applies only without one', () => {
    assert.deepEqual(
      ['default', 'acceptEdits', 'auto', 'plan', 'bypassPermissions', 'dontAsk', 'auto_edit', 'yolo'].map(geminiApprovalMode),
      ['default', 'auto_edit', 'auto_edit', 'plan', 'yolo', 'default', 'auto_edit', 'yolo'],
    );
    const a = new GeminiAdapter({ approvalMode: 'auto_edit' });
    assert.deepEqual(a.commandFor({ text: 't', cwd: '/w', permissionMode: 'bypassPermissions' }).args, [
      '--prompt=t',
      '--output-format',
      'stream-json',
      '--approval-mode=yolo',
    ]);
    assert.deepEqual(a.commandFor({ text: 't', cwd: '/w' }).args, [
      '--prompt=t',
      '--output-format',
      'stream-json',
      '--approval-mode=auto_edit',
    ]);
    assert.deepEqual(new GeminiAdapter().commandFor({ text: 't', cwd: '/w' }).args, ['--prompt=t', '--output-format', 'stream-json']);
  });

  test('an unknown mode goes to the CLI as given; one that looks like a flag is refused', () => {
    assert.equal(geminiApprovalMode('someday'), 'someday');
    assert.throws(() => new GeminiAdapter().commandFor({ text: 't', cwd: '/w', permissionMode: '--yolo' }), /Invalid approval mode/);
  });

  test('skipTrust adds --skip-trust; the task stays one --prompt= argument whatever it holds', () => {
    const args = new GeminiAdapter({ skipTrust: true }).commandFor({
      text: '--yolo\n-p x',
      cwd: '/w',
      model: 'gemini-2.5-pro',
      conversationId: 'e6e83138-9357-41f8-97ad-9684655e3a86',
    }).args;
    assert.deepEqual(args, [
      '--prompt=--yolo\n-p x',
      '--output-format',
      'stream-json',
      '--resume=e6e83138-9357-41f8-97ad-9684655e3a86',
      '--model=gemini-2.5-pro',
      '--skip-trust',
    ]);
  });
});
