// Records the real `codex exec --json` output of one scripted turn against the mock Responses API
// as a parser fixture: a reasoning summary, a shell command, an apply_patch edit and a final answer,
// with cached tokens in the usage. (The model must be in Codex's catalog: with fallback metadata
// Codex offers no apply_patch tool and rejects the call.)
// Run: node --import tsx test/support/mockOpenAI/recordCodexFixture.ts <out.jsonl>
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { codexTestEnv, realCodexPath } from './codexEnv';
import { MockOpenAIServer, type MockReply } from './mockServer';

const script: MockReply[] = [
  {
    kind: 'response',
    usage: { input_tokens: 9_000, cached_tokens: 0, output_tokens: 120, reasoning_tokens: 64 },
    items: [
      { type: 'reasoning', summary: '**Listing the workspace**' },
      { type: 'message', text: 'Creating a file and listing the folder.' },
      {
        type: 'function_call',
        name: 'exec_command',
        arguments: { cmd: "printf 'a\\n' > a.txt && ls", login: false },
        callId: 'call_fixture_1',
      },
    ],
  },
  {
    kind: 'response',
    usage: { input_tokens: 9_300, cached_tokens: 8_960, output_tokens: 80, reasoning_tokens: 0 },
    items: [
      {
        type: 'custom_tool_call',
        name: 'apply_patch',
        input: '*** Begin Patch\n*** Add File: notes/todo.txt\n+first line\n*** End Patch\n',
        callId: 'call_fixture_2',
      },
    ],
  },
  {
    kind: 'response',
    usage: { input_tokens: 9_500, cached_tokens: 9_216, output_tokens: 20, reasoning_tokens: 0 },
    items: [{ type: 'message', text: 'Done: `a.txt` and `notes/todo.txt`.' }],
  },
];

async function main(out: string): Promise<void> {
  const mock = new MockOpenAIServer(
    (_req, server) => script[server.sent.length] ?? { kind: 'error', status: 500, message: 'script ended' },
  );
  await mock.start();
  const t = codexTestEnv(mock.baseUrl);
  try {
    const folder = t.folder('repo');
    const args = ['exec', '--json', '--sandbox', 'workspace-write', '--', 'make a.txt and notes/todo.txt'];
    const stdout = await new Promise<string>((resolve, reject) => {
      const p = spawn(realCodexPath, args, { cwd: folder, env: { ...process.env, ...t.env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      p.stdout.on('data', (d: Buffer) => {
        s += d.toString('utf8');
      });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`codex exited ${String(code)}: ${s}`))));
    });
    // The temp workspace becomes a stable path so the fixture does not change between recordings.
    writeFileSync(out, stdout.split(folder).join('/work/repo'));
    console.log(`wrote ${out} (${stdout.split('\n').length - 1} lines, ${mock.sent.length} model requests)`);
  } finally {
    await mock.stop();
    t.cleanup();
  }
}

const out = process.argv[2];
if (!out) {
  console.error('usage: recordCodexFixture.ts <out.jsonl>');
  process.exitCode = 2;
} else {
  void main(out);
}
