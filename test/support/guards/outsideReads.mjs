// A guard loaded into every unit and integration test process (`node --import`): a test that reads
// (or runs a program from) a folder beside the repository fails, so a clone checked out anywhere
// passes its tests. Caches the tests create themselves (the temp folder, ~/.cache) stay allowed.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const parent = dirname(root);
const allowed = [root, tmpdir(), join(homedir(), '.cache'), process.env.AGENT_AFFINITY_TEST_CACHE].filter(Boolean).map((p) => resolve(p));
const violations = [];

const inside = (path, dir) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

function pathOf(p) {
  if (typeof p === 'string') return resolve(p);
  if (p instanceof URL && p.protocol === 'file:') return fileURLToPath(p);
  if (Buffer.isBuffer(p)) return resolve(p.toString('utf8'));
  return undefined;
}

function check(p, what) {
  const path = pathOf(p);
  // An allowed folder that holds the repository's parent (a clone under the temp folder, say) does
  // not make the repository's siblings allowed: only what lies outside that parent.
  if (path === undefined || !inside(path, parent) || allowed.some((a) => inside(path, a) && !inside(parent, a))) return;
  // Module resolution (Node's, ESLint's) probes node_modules in every folder up the tree.
  if (inside(path, join(parent, 'node_modules'))) return;
  const message = `a test ${what} outside the repository: ${path} (copy the data under test/fixtures/; see test/fixtures/README.md)`;
  violations.push(message);
  const err = new Error(message);
  err.code = 'EOUTSIDEREPO';
  throw err;
}

function wrap(target, names, what) {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function guarded(p, ...rest) {
      check(p, what);
      return original.call(this, p, ...rest);
    };
  }
}

const reads = [
  'readFile',
  'readFileSync',
  'existsSync',
  'stat',
  'statSync',
  'lstat',
  'lstatSync',
  'readdir',
  'readdirSync',
  'open',
  'openSync',
  'opendir',
  'opendirSync',
  'access',
  'accessSync',
  'realpath',
  'realpathSync',
  'createReadStream',
  'watch',
  'watchFile',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
];
wrap(fs, reads, 'read');
wrap(fs.promises, ['readFile', 'readdir', 'stat', 'lstat', 'open', 'opendir', 'access', 'realpath', 'copyFile', 'cp'], 'read');

// A program or script named by an absolute path among a child process's arguments.
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']) {
  const original = childProcess[name];
  childProcess[name] = function guarded(file, args, ...rest) {
    check(file, 'ran a program');
    if (Array.isArray(args)) for (const a of args) if (typeof a === 'string' && isAbsolute(a)) check(a, 'passed a path');
    return original.call(this, file, args, ...rest);
  };
  // execFile's promisified form ({ stdout, stderr }) lives on the original.
  for (const key of Reflect.ownKeys(original)) if (!(key in childProcess[name])) childProcess[name][key] = original[key];
}
syncBuiltinESMExports();

process.on('exit', () => {
  if (violations.length === 0) return;
  process.stderr.write(
    `\n${violations.length} read(s) outside the repository:\n${[...new Set(violations)].map((v) => `  - ${v}`).join('\n')}\n`,
  );
  process.exitCode = 1;
});
