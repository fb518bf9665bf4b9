// The repository stands on its own: nothing in its tests, benchmarks or scripts reads a folder
// beside it, and the guard that every unit and integration test process loads fails a test that does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

function runGuarded(code: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', code], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('the repository stands on its own', () => {
  test('the guard fails a process that reads a folder beside the repository', () => {
    const beside = JSON.stringify(join(REPO_ROOT, '..', 'shared', 'data', 'routing', 'trace-1.jsonl'));
    const r = runGuarded(`import { readFileSync } from 'node:fs'; try { readFileSync(${beside}); } catch {}`);
    assert.equal(r.status, 1, 'a swallowed read still fails the process');
    assert.match(r.stderr, /a test read outside the repository: .*shared/);
  });

  test('the guard fails a process that runs a script from beside the repository', () => {
    const script = JSON.stringify(join(REPO_ROOT, '..', 'shared', 'bench', 'routing', 'gen-trace.mjs'));
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
    const beside = /\.\.\/shared\b|['"]\.\.['"],\s*['"]shared['"]|['"]shared['"],\s*['"](data|bench|docs)['"]/;
    for (const dir of ['test', 'bench', 'scripts', 'src']) {
      for (const file of sources(join(REPO_ROOT, dir))) {
        if (file === GUARD || file === __filename) continue; // these two name it on purpose
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (beside.test(line) && !/^\s*(\/\/|\*|#)/.test(line)) offenders.push(`${relative(REPO_ROOT, file)}:${i + 1}`);
          });
      }
    }
    assert.deepEqual(offenders, []);
  });

  test('the unit and integration layers load the guard', () => {
    const runner = readFileSync(join(REPO_ROOT, 'scripts', 'test.mjs'), 'utf8');
    assert.match(runner, /OUTSIDE_READS_GUARD = '\.\/test\/support\/guards\/outsideReads\.mjs'/);
  });
});
