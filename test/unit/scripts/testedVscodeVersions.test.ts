// The oldest VS Code the extension claims to support (package.json engines.vscode) is the one the
// host suite runs on (the test environment's minimum code-server), and the @types/vscode it is
// compiled against is no newer: an API the minimum lacks then fails the typecheck, not a user.
// The README names the VS Code versions that are tested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVERS } from '../../../scripts/testEnv/versions.mjs';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** major.minor of a version such as 1.103.2. */
function minor(version: string): string {
  const m = /^(\d+)\.(\d+)\./.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return `${m[1]}.${m[2]}`;
}

function parts(version: string): number[] {
  return version.split('.').map(Number);
}

const minimum = CODE_SERVERS.minimum;
const current = CODE_SERVERS.current;

test('engines.vscode starts at the minimum VS Code the host suite runs on', () => {
  assert.equal(
    pkg.engines.vscode,
    `^${minor(minimum.vscode)}.0`,
    `engines.vscode is ${pkg.engines.vscode} but the test environment's minimum is VS Code ${minimum.vscode} ` +
      `(code-server ${minimum.codeServer}, scripts/testEnv/versions.mjs): change them together`,
  );
});

test('@types/vscode is the minimum VS Code, in package.json and in the lockfile', () => {
  assert.equal(pkg.devDependencies['@types/vscode'], `~${minor(minimum.vscode)}.0`);
  const locked = lock.packages['node_modules/@types/vscode']?.version;
  assert.ok(locked, 'package-lock.json has no @types/vscode');
  assert.equal(minor(locked), minor(minimum.vscode), `package-lock.json holds @types/vscode ${locked}: run npm install`);
});

test('the current VS Code is newer than the minimum and within engines (same major)', () => {
  const [minMajor = 0, minMinor = 0] = parts(minimum.vscode);
  const [curMajor = 0, curMinor = 0] = parts(current.vscode);
  assert.equal(curMajor, minMajor, `engines ${pkg.engines.vscode} does not include VS Code ${current.vscode}`);
  assert.ok(curMinor > minMinor, `the current VS Code ${current.vscode} is not newer than the minimum ${minimum.vscode}`);
  assert.notEqual(current.codeServer, minimum.codeServer);
});

test('the README names the VS Code versions the tests run on', () => {
  for (const spec of [minimum, current]) {
    assert.ok(readme.includes(`VS Code ${spec.vscode}`), `README.md does not name VS Code ${spec.vscode} (the ${spec.role} tested)`);
  }
  assert.ok(
    readme.includes(`VS Code ${minor(minimum.vscode)} or later`),
    `README.md does not say VS Code ${minor(minimum.vscode)} or later is needed`,
  );
});
