// The repository stands on its own: nothing in its tests, benchmarks or scripts reads a folder
// beside it, and the guard that every unit and integration test process loads fails a test that does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../support/fixturePaths';

const GUARD = join(REPO_ROOT, 'test', 'support', 'guards', 'outsideReads.mjs');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.(ts|mts|mjs|js|cjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** Whether a source line names a folder beside the repository. A quoted relative path is resolved
 *  from `file`'s folder first: an import of the repository's own src/shared is not beside it. */
function namesBeside(file: string, line: string): boolean {
  const outside = line.replace(/(['"])((?:\.\.\/)+[^'"]*)\1/g, (quoted: string, _q: string, path: string) =>
    relative(REPO_ROOT, resolve(dirname(file), path)).startsWith('..') ? quoted : '',
  );
  return /\.\.\/shared\b|['"]\.\.['"],\s*['"]shared['"]|['"]shared['"],\s*['"](data|bench|docs)['"]/.test(outside);
}

function runGuarded(code: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', code], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('the repository stands on its own', () => {
  test('the guard fails a process that reads a folder beside the repository', () => {
    // Any folder beside the repository is refused; this one need not exist (the guard refuses the attempt).
    const beside = JSON.stringify(join(REPO_ROOT, '..', 'beside-the-repository', 'data', 'trace-1.jsonl'));
    const r = runGuarded(`import { readFileSync } from 'node:fs'; try { readFileSync(${beside}); } catch {}`);
    assert.equal(r.status, 1, 'a swallowed read still fails the process');
    assert.match(r.stderr, /a test read outside the repository: .*beside-the-repository/);
  });

  test('the guard fails a process that runs a script from beside the repository', () => {
    const script = JSON.stringify(join(REPO_ROOT, '..', 'beside-the-repository', 'bench', 'gen-trace.mjs'));
    const r = runGuarded(
      `import { execFileSync } from 'node:child_process'; try { execFileSync(process.execPath, [${script}]); } catch {}`,
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /a test passed a path outside the repository/);
  });

  test('reads inside the repository and in the temp folder pass the guard', () => {
    const inside = JSON.stringify(join(REPO_ROOT, 'package.json'));
    const r = runGuarded(
      `import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';` +
        `readFileSync(${inside}); const d = mkdtempSync(join(tmpdir(), 'guard-')); writeFileSync(join(d, 'x'), '1'); readFileSync(join(d, 'x'));`,
    );
    assert.equal(r.status, 0, r.stderr);
  });

  test('no test, benchmark or script names a folder beside the repository', () => {
    const offenders: string[] = [];
    for (const dir of ['test', 'bench', 'scripts', 'src']) {
      for (const file of sources(join(REPO_ROOT, dir))) {
        if (file === GUARD || file === __filename) continue; // these two name it on purpose
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/^\s*(\/\/|\*|#)/.test(line)) return;
            if (namesBeside(file, line)) offenders.push(`${relative(REPO_ROOT, file)}:${i + 1}`);
          });
      }
    }
    assert.deepEqual(offenders, []);
  });

  test("a module path to the repository's own src/shared is not beside it; one that leaves the repository is", () => {
    const cli = join(REPO_ROOT, 'src', 'cli', 'commands', 'usage.ts');
    assert.equal(namesBeside(cli, "import { formatTokens } from '../../shared/format';"), false);
    assert.equal(namesBeside(cli, "import { x } from '../../../../shared/data/x';"), true);
    assert.equal(namesBeside(cli, 'readFileSync(`${root}/../shared/data/x`);'), true);
    assert.equal(namesBeside(cli, "join(root, '..', 'shared')"), true);
  });

  test('the unit and integration layers load the guard, each over its own folder', () => {
    const r = spawnSync(process.execPath, [join('scripts', 'test.mjs'), '--dry-run', 'unit', 'integration'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const runs = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { layer: string; args: string[] });
    assert.deepEqual(
      runs.map((x) => x.layer),
      ['unit', 'integration'],
    );
    for (const { layer, args } of runs) {
      const imports = args.flatMap((a, i) => (args[i - 1] === '--import' ? [a] : []));
      assert.ok(imports.includes('./test/support/guards/outsideReads.mjs'), `${layer}: ${args.slice(0, 8).join(' ')}`);
      const files = args.filter((a) => a.endsWith('.test.ts'));
      assert.ok(files.length > 0, `${layer} runs no test file`);
      assert.deepEqual(
        files.filter((f) => !f.startsWith(`test/${layer}/`)),
        [],
        `${layer} runs only its own folder`,
      );
    }
  });
});
