import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaudeStreamParser } from '../../../src/core/agents/claudeParser';
import { formatAgentEvent } from '../../../src/core/agents/eventText';
import { parseFixture } from '../../support/agents/readFixture';

test('a recorded Write run reads as a transcript', () => {
  const lines = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-write.jsonl')
    .map((e) => formatAgentEvent(e))
    .filter((l): l is string => l !== undefined);
  assert.match(lines[0] ?? '', /^── claude-opus-5-5 · conversation [0-9a-f-]{36} · \/tmp\/exp\/capture-ws$/);
  assert.deepEqual(lines.slice(1, 3), ['Writing the file.', '▶ Write ✎ /tmp/exp/capture-ws/notes.txt']);
  assert.match(lines[3] ?? '', /^◀ File created successfully/);
  assert.match(lines.at(-1) ?? '', /^── done · \$0\.\d{4}$/);
  assert.equal(
    formatAgentEvent({ type: 'tool_result', toolId: 'x', isError: true, text: 'y'.repeat(30) }, 10),
    `✖ ${'y'.repeat(10)}… (20 more characters)`,
  );
});
