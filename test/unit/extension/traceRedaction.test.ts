// The mask on what the language client logs: with `agentAffinity.trace.server: verbose` the trace
// holds the initialize options and settings notifications, whose agentEnvironment carries API keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogOutputChannel } from 'vscode';
import {
  REDACTED,
  environmentSecrets,
  mergeSecrets,
  redactTrace,
  redactingChannel,
} from '../../../src/extension/orchestrator/traceRedaction';

const environment = {
  claude: {
    ANTHROPIC_API_KEY: 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:8080',
    DEBUG: '1',
  },
  codex: { OPENAI_API_KEY: 'opensesame-123' },
  gemini: { GEMINI_API_KEY: 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW', ODD: 'quote"back\\slash-value' },
  command: { MY_PIN: '4242' },
};

/** The text vscode-languageclient traces for a request in verbose mode (`Params: ` + JSON with 4 spaces). */
function traced(method: string, params: unknown): string {
  return `Sending request '${method} - (0)'.\nParams: ${JSON.stringify(params, null, 4)}\n\n`;
}

const initialize = traced('initialize', {
  processId: 4242,
  rootUri: null,
  capabilities: {},
  initializationOptions: {
    extensionVersion: '0.1.0',
    settings: { maxParallelSessions: 4, environment, commandLine: 'my-agent --verbose {task}' },
  },
});

test('every agentEnvironment value is masked in the traced initialize params, whatever its length; the rest stays readable', () => {
  const out = redactTrace(initialize, environmentSecrets(environment));
  for (const agent of Object.values(environment)) {
    for (const [name, value] of Object.entries(agent)) {
      assert.ok(out.includes(`"${name}": "${REDACTED}"`), `${name} masked:\n${out}`);
      if (value.length >= 8) assert.ok(!out.includes(JSON.stringify(value).slice(1, -1)), `${name}'s value appears nowhere`);
    }
  }
  assert.match(out, /"maxParallelSessions": 4/);
  assert.match(out, /"commandLine": "my-agent --verbose \{task\}"/);
  assert.match(out, /"processId": 4242/, 'a short value equal to a secret (4242) is masked only as that secret');
});

test('longer values are masked wherever they appear; key-shaped strings and names like secrets too, without any settings', () => {
  const secrets = environmentSecrets(environment);
  const echoed = `Received notification 'affinity/transcript'.\nParams: {"lines": ["export OPENAI_API_KEY=opensesame-123 && run"]}`;
  assert.equal(redactTrace(echoed, secrets).includes('opensesame-123'), false);
  const none = mergeSecrets();
  const shapes = [
    'sk-ant-api03-zzzzzzzzzzzzzzzzzzzzzzzz',
    'sk-proj-ABCDEFGHIJKLMNOPQRSTUV',
    'AIzaSyZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ',
    'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    'AKIAABCDEFGHIJKLMNOP',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ];
  for (const key of shapes) assert.equal(redactTrace(`task text with ${key} inside`, none), `task text with ${REDACTED} inside`, key);
  assert.equal(redactTrace('Authorization: Bearer abc.def-ghi_jkl', none), `Authorization: Bearer ${REDACTED}`);
  assert.equal(
    redactTrace('{"x_api_key": "short", "password": "p", "name": "kept"}', none),
    `{"x_api_key": "${REDACTED}", "password": "${REDACTED}", "name": "kept"}`,
  );
});

test('control characters JSON leaves verbatim are escaped; newlines stay', () => {
  assert.equal(redactTrace('a\u202eb\u0085c\nd\u2028e', mergeSecrets()), 'a\\u202eb\\x85c\nd\\u2028e');
});

test('the channel masks every message (trace, info, error, append) and delegates level and events', () => {
  const written: string[] = [];
  const listener = (): void => undefined;
  const inner = {
    name: 'Agent Affinity',
    logLevel: 1,
    onDidChangeLogLevel: listener,
    trace: (m: string, ...a: unknown[]) => written.push(`trace ${m} ${a.join(' ')}`.trim()),
    debug: (m: string) => written.push(`debug ${m}`),
    info: (m: string) => written.push(`info ${m}`),
    warn: (m: string) => written.push(`warn ${m}`),
    error: (m: string | Error) => written.push(`error ${typeof m === 'string' ? m : m.message}`),
    append: (m: string) => written.push(`append ${m}`),
    appendLine: (m: string) => written.push(`appendLine ${m}`),
    replace: (m: string) => written.push(`replace ${m}`),
    clear: () => written.push('clear'),
    show: () => written.push('show'),
    hide: () => written.push('hide'),
    dispose: () => written.push('disposed'),
  } as unknown as LogOutputChannel;
  const key = environment.claude.ANTHROPIC_API_KEY;
  const channel = redactingChannel(inner, (t) => redactTrace(t, environmentSecrets(environment)));
  channel.trace(initialize, { key });
  channel.info(`key ${key}`);
  channel.error(new Error(`failed with ${key}`));
  channel.appendLine(key);
  channel.dispose();
  assert.equal(channel.logLevel, 1);
  assert.equal(channel.onDidChangeLogLevel, listener);
  assert.equal(
    written.some((w) => w.includes(key) || w.includes('AIzaSy')),
    false,
    written.join('\n'),
  );
  assert.equal(written.length, 4, 'dispose leaves the shared channel open');
  assert.ok(written[0]?.includes(`"ANTHROPIC_API_KEY": "${REDACTED}"`));
});
