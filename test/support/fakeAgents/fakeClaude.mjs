#!/usr/bin/env node
// A fake Claude Code CLI for fault injection: speaks stream-json like the real one, and
// misbehaves on demand. The behaviour is chosen by the task text (its first word):
//   ok | crash | hang | garbage | exit-before-init | burst | no-result | spawn-child | crash-once
//   | slow:<ms> (answers after a delay) | read:<path> / edit:<path> (a Read / Edit tool use of the file) | ask (long-lived only: asks permission for a Write over
//   the control protocol and answers "allowed" or "denied: <message>") ; anything else answers like ok.
// One-shot mode takes the task after `--`; with `--input-format stream-json` it reads user
// messages from stdin, one task per message, like the real long-lived mode.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const resume = args.find((a) => a.startsWith('--resume='))?.slice('--resume='.length);
const sessionId = resume ?? randomUUID();
const streamInput = args.includes('--input-format') && args[args.indexOf('--input-format') + 1] === 'stream-json';
let msgCounter = 0;
/** Resolvers of control requests waiting for the host's control_response, by request id. */
const pendingControl = new Map();

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const init = () =>
  out({
    type: 'system',
    subtype: 'init',
    cwd: process.cwd(),
    session_id: sessionId,
    tools: ['Write', 'Read'],
    model: 'fake-model',
    argv: args,
  });
const assistant = (text) => {
  msgCounter += 1;
  out({
    type: 'assistant',
    message: {
      id: `msg_fake_${msgCounter}`,
      model: 'fake-model',
      content: [{ type: 'text', text }],
      usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 10, output_tokens: 2 },
    },
    parent_tool_use_id: null,
    session_id: sessionId,
  });
};
const toolUse = (name, input) => {
  msgCounter += 1;
  out({
    type: 'assistant',
    message: {
      id: `msg_fake_${msgCounter}`,
      model: 'fake-model',
      content: [{ type: 'tool_use', id: `toolu_fake_${msgCounter}`, name, input }],
      usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 10, output_tokens: 2 },
    },
    parent_tool_use_id: null,
    session_id: sessionId,
  });
};
const result = (text) =>
  out({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: text,
    session_id: sessionId,
    total_cost_usd: 0.001,
    modelUsage: { 'fake-model': { contextWindow: 200000 } },
  });

async function runTask(task) {
  const mode = task.split(/\s+/)[0] ?? '';
  if (mode === 'exit-before-init') {
    process.stderr.write('fatal: configuration is broken\n');
    process.exit(2);
  }
  init();
  switch (mode) {
    case 'crash':
      assistant('working on it');
      process.stderr.write('panic: something went wrong\n');
      process.kill(process.pid, 'SIGKILL');
      return new Promise(() => undefined);
    case 'crash-once': {
      const marker = join(process.env.FAKE_STATE_DIR ?? process.cwd(), 'crashed-once');
      if (!existsSync(marker)) {
        writeFileSync(marker, 'x');
        assistant('about to crash');
        process.stderr.write('panic: first attempt\n');
        process.exit(3);
      }
      break;
    }
    case 'hang':
      assistant('thinking forever');
      return new Promise(() => setInterval(() => undefined, 1000));
    case 'garbage':
      for (let i = 0; i < 500; i++) process.stdout.write(`garbage line ${i} <<<>>>\n`);
      return new Promise(() => setInterval(() => undefined, 1000));
    case 'ask': {
      const requestId = `perm_${msgCounter + 1}`;
      const answer = new Promise((r) => pendingControl.set(requestId, r));
      out({
        type: 'control_request',
        request_id: requestId,
        request: {
          subtype: 'can_use_tool',
          tool_name: 'Write',
          input: { file_path: 'asked.txt', content: 'x' },
          tool_use_id: 'toolu_fake',
        },
      });
      const res = await answer;
      const text = res.behavior === 'allow' ? 'allowed' : `denied: ${res.message}`;
      assistant(text);
      result(text);
      return undefined;
    }
    case 'burst':
      for (let i = 0; i < 1000; i++) assistant(`line ${i}`);
      break;
    case 'no-result':
      assistant('leaving early');
      process.exit(0);
      break;
    case 'spawn-child': {
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      assistant(`child ${child.pid}`);
      return new Promise(() => setInterval(() => undefined, 1000));
    }
    default:
      if (mode.startsWith('slow:')) await new Promise((r) => setTimeout(r, Number(mode.slice(5))));
      else if (mode.startsWith('read:')) toolUse('Read', { file_path: mode.slice(5) });
      else if (mode.startsWith('edit:')) toolUse('Edit', { file_path: mode.slice(5), old_string: 'a', new_string: 'b' });
      break;
  }
  assistant(`Answer: ${task}`);
  result(`Answer: ${task}`);
  return undefined;
}

if (streamInput) {
  const rl = createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      process.stderr.write(`bad input line: ${line}\n`);
      return;
    }
    if (msg?.type === 'control_response') {
      const id = msg.response?.request_id;
      pendingControl.get(id)?.(msg.response?.response ?? {});
      pendingControl.delete(id);
      return;
    }
    const content = msg?.message?.content;
    const text = typeof content === 'string' ? content : (content ?? []).map((b) => b.text ?? '').join('');
    chain = chain.then(() => runTask(text));
  });
  rl.on('close', () => {
    void chain.then(() => process.exit(0));
  });
} else {
  const dd = args.indexOf('--');
  const task = dd >= 0 ? (args[dd + 1] ?? '') : '';
  await runTask(task);
}
