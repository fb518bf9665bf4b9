// Tests: the one argument parser every `agent-affinity` subcommand uses: both value forms, repeated
// options, `--help`, a file that starts with a dash after `--`, and errors in the CLI's own words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli } from '../../../src/cli/cliArgs';

const OPTIONS = { trace: { type: 'string' }, dir: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;

describe('parseCli', () => {
  test('--flag value and --flag=value, repeated options, positionals', () => {
    const p = parseCli(['--trace', 't.jsonl', '--dir=a', '--dir', 'b', '--json', 'file'], OPTIONS, true);
    assert.equal(p.kind, 'ok');
    if (p.kind !== 'ok') return;
    assert.equal(p.values.trace, 't.jsonl');
    assert.deepEqual(p.values.dir, ['a', 'b']);
    assert.equal(p.values.json, true);
    assert.deepEqual(p.positionals, ['file']);
  });

  test('--help and -h on every command', () => {
    assert.equal(parseCli(['--help'], OPTIONS).kind, 'help');
    assert.equal(parseCli(['-h'], {}).kind, 'help');
  });

  test('after --, a file whose name starts with dashes is a file, not an option', () => {
    const p = parseCli(['--json', '--', '--write'], OPTIONS, true);
    assert.ok(p.kind === 'ok' && p.positionals[0] === '--write' && p.values.json === true);
  });

  test('errors name the argument: unknown, missing or empty value, a value for a flag, a stray positional', () => {
    const message = (argv: string[], positionals = false): string => {
      const p = parseCli(argv, OPTIONS, positionals);
      return p.kind === 'error' ? p.message : `not an error: ${p.kind}`;
    };
    assert.equal(message(['--bogus']), 'unknown option "--bogus"');
    assert.equal(message(['--trace']), '--trace needs a value');
    assert.equal(message(['--trace=']), '--trace needs a value');
    assert.equal(message(['--dir', 'a', '--dir=']), '--dir needs a value');
    assert.equal(message(['--json=yes']), '--json takes no value');
    assert.equal(message(['stray']), 'unexpected argument "stray"');
  });
});
