// The README documents every command and setting the extension contributes, and the two
// commands it promises exist as npm scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, unknown> } };
};

test('every contributed command is in the README by its palette title', () => {
  const missing = manifest.contributes.commands.filter((c) => !readme.includes(c.title)).map((c) => `${c.command} (“${c.title}”)`);
  assert.deepEqual(missing, []);
});

test('every setting is in the README', () => {
  const missing = Object.keys(manifest.contributes.configuration.properties).filter((k) => !readme.includes(`\`${k}\``));
  assert.deepEqual(missing, []);
});

test("the README's two commands are npm scripts", () => {
  assert.match(readme, /npm start/);
  assert.match(readme, /npm test/);
  assert.ok(manifest.scripts.start && manifest.scripts.test);
});
