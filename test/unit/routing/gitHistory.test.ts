// Tests: the git history reader against real repositories made in the test: subjects and files
// oldest first, renames followed, deleted files left out, odd file names, the HEAD-keyed cache
// (forward, rewritten), shallow clones, detached HEAD, and no git / no repository / no commits.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGitHistory } from '../../../src/core/routing/gitHistory';
import { AffinityTracker } from '../../../src/core/routing/tracker';

const root = mkdtempSync(join(tmpdir(), 'aa-githist-'));
/** git must not find a repository above the test folders (a checkout inside one, say). */
const env = { ...process.env, GIT_CEILING_DIRECTORIES: root, GIT_CONFIG_NOSYSTEM: '1' };

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8', env });
}

function commitFile(repo: string, path: string | Buffer, content: string, message: string): void {
  const full = typeof path === 'string' ? join(repo, path) : Buffer.concat([Buffer.from(repo + '/'), path]);
  mkdirSync(join(full.toString(), '..'), { recursive: true });
  writeFileSync(full, content);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', message);
}

function newRepo(name: string): string {
  const repo = join(root, name);
  execFileSync('git', ['init', '-q', repo], { env });
  return repo;
}

describe('git history reader', () => {
  let repo: string;
  before(() => {
    repo = newRepo('main');
    commitFile(repo, 'src/parser/tokenizer.ts', '1', 'feat(parser): tokenize template strings');
    commitFile(repo, 'src/render/canvas.ts', '1', 'fix(render): canvas flicker on resize');
    git(repo, 'mv', 'src/parser/tokenizer.ts', 'src/parser/lexer.ts');
    git(repo, 'commit', '-qm', 'refactor: rename tokenizer to lexer');
    commitFile(repo, 'src/parser/lexer.ts', '2', 'fix(parser): unterminated template string');
    commitFile(repo, 'src/tmp/scratch.ts', 'x', 'chore: scratch file');
    git(repo, 'rm', '-q', 'src/tmp/scratch.ts');
    git(repo, 'commit', '-qm', 'chore: drop scratch file');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('subjects and files, oldest first, under the names the files have now', async () => {
    const h = await readGitHistory({ cwd: repo, env });
    assert.equal(h.status, 'ok', h.message);
    assert.equal(h.shallow, false);
    assert.match(h.head ?? '', /^[0-9a-f]{40}$/);
    assert.deepEqual(
      h.commits.map((c) => [c.text, c.files]),
      [
        ['feat(parser): tokenize template strings', ['src/parser/lexer.ts']],
        ['fix(render): canvas flicker on resize', ['src/render/canvas.ts']],
        ['refactor: rename tokenizer to lexer', ['src/parser/lexer.ts']],
        ['fix(parser): unterminated template string', ['src/parser/lexer.ts']],
      ],
      'the deleted scratch file is left out (and commits left with no file)',
    );
    const tracker = new AffinityTracker();
    tracker.learnHistory(h.commits);
    assert.equal(tracker.learned().commits, 4);
    assert.ok(tracker.learned().words > 0 && tracker.learned().files >= 2);
  });

  test('a bound on the number of commits, a workspace folder below the repository root, a detached HEAD', async () => {
    const newest = await readGitHistory({ cwd: repo, env, maxCommits: 3 });
    assert.equal(newest.status, 'ok');
    assert.deepEqual(
      newest.commits.map((c) => c.text),
      ['fix(parser): unterminated template string'],
      'the three newest commits; the scratch file, deleted since, leaves the other two with no file',
    );
    const sub = await readGitHistory({ cwd: join(repo, 'src', 'parser'), env });
    assert.deepEqual(
      sub.commits.map((c) => [c.text, c.files]),
      [
        ['feat(parser): tokenize template strings', ['lexer.ts']],
        ['refactor: rename tokenizer to lexer', ['lexer.ts']],
        ['fix(parser): unterminated template string', ['lexer.ts']],
      ],
      'paths relative to the workspace folder, as the workspace names its files; the rest left out',
    );
    const detached = newRepo('detached');
    commitFile(detached, 'a.ts', '1', 'first');
    commitFile(detached, 'b.ts', '1', 'second');
    git(detached, 'checkout', '-q', '--detach', 'HEAD~1');
    const h = await readGitHistory({ cwd: detached, env });
    assert.equal(h.status, 'ok');
    assert.deepEqual(
      h.commits.map((c) => c.text),
      ['first'],
    );
  });

  test('odd file names survive: spaces, quotes, newlines, bytes that are not UTF-8', async () => {
    const odd = newRepo('odd');
    mkdirSync(join(odd, 'dir with space'), { recursive: true });
    writeFileSync(join(odd, 'dir with space', 'a "quoted" name.ts'), '1');
    writeFileSync(join(odd, 'new\nline.ts'), '1');
    writeFileSync(Buffer.concat([Buffer.from(odd + '/latin1-'), Buffer.from([0xe9, 0xff]), Buffer.from('.ts')]), '1');
    writeFileSync(join(odd, '-n'), '1');
    writeFileSync(join(odd, 'plain.ts'), '1');
    git(odd, 'add', '-A');
    git(odd, 'commit', '-qm', 'add odd names');
    const h = await readGitHistory({ cwd: odd, env });
    assert.equal(h.status, 'ok');
    const files = [...(h.commits[0]?.files ?? [])].sort();
    assert.equal(files.length, 5);
    assert.ok(files.includes('dir with space/a "quoted" name.ts'));
    assert.ok(files.includes('new\nline.ts'));
    assert.ok(files.includes('-n'));
    assert.ok(files.includes('plain.ts'));
    assert.ok(files.some((f) => f.startsWith('latin1-') && f.endsWith('.ts')));
  });

  test('the cache: HEAD unchanged reads nothing, a new commit reads one, a rewritten history reads again', async () => {
    const cacheDir = join(root, 'cache');
    const r = newRepo('cached');
    commitFile(r, 'a.ts', '1', 'one');
    commitFile(r, 'b.ts', '1', 'two');
    const first = await readGitHistory({ cwd: r, env, cacheDir });
    assert.deepEqual([first.read, first.fromCache, first.commits.length], [2, 0, 2]);
    const again = await readGitHistory({ cwd: r, env, cacheDir });
    assert.deepEqual([again.read, again.fromCache, again.commits.length], [0, 2, 2]);
    commitFile(r, 'c.ts', '1', 'three');
    const forward = await readGitHistory({ cwd: r, env, cacheDir });
    assert.deepEqual([forward.read, forward.fromCache], [1, 2]);
    assert.deepEqual(
      forward.commits.map((c) => c.text),
      ['one', 'two', 'three'],
    );
    git(r, 'commit', '-q', '--amend', '-m', 'three, reworded');
    const rewritten = await readGitHistory({ cwd: r, env, cacheDir });
    assert.deepEqual([rewritten.read, rewritten.fromCache], [3, 0]);
    assert.equal(rewritten.commits.at(-1)?.text, 'three, reworded');
    writeFileSync(join(cacheDir, (await import('node:fs')).readdirSync(cacheDir)[0] ?? 'x'), '{not json');
    const broken = await readGitHistory({ cwd: r, env, cacheDir });
    assert.deepEqual([broken.status, broken.read], ['ok', 3], 'a broken cache is read again, never fatal');
  });

  test('a shallow clone reads the history it has', async () => {
    const clone = join(root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo}`, clone], { env });
    const h = await readGitHistory({ cwd: clone, env });
    assert.equal(h.status, 'ok');
    assert.equal(h.shallow, true);
    assert.ok(h.commits.length <= 2);
    assert.match(h.message, /shallow/);
  });

  test('no git on the PATH, not a repository, no commits yet: a status in words, never an exception', async () => {
    const noGit = await readGitHistory({ cwd: repo, env: { ...env, PATH: join(root, 'empty-bin') } });
    assert.equal(noGit.status, 'no-git');
    assert.match(noGit.message, /git is not installed/);
    const plain = join(root, 'plain');
    mkdirSync(plain, { recursive: true });
    const notRepo = await readGitHistory({ cwd: plain, env });
    assert.equal(notRepo.status, 'not-a-repository');
    const empty = newRepo('empty');
    const none = await readGitHistory({ cwd: empty, env });
    assert.equal(none.status, 'empty');
    assert.deepEqual(none.commits, []);
  });

  test('a time bound stops the reading without an exception', async () => {
    const h = await readGitHistory({ cwd: repo, env, timeoutMs: 1 });
    assert.ok(['failed', 'ok'].includes(h.status));
    assert.ok(h.status === 'failed' ? /in time|failed/.test(h.message) : h.truncated || h.commits.length > 0);
  });

  test('git slow to name HEAD is a failure in time, never "no commits yet"', async () => {
    // A git that answers the first question and then hangs on the second: the step between them used to read as an empty repository.
    const slow = join(root, 'slow-git');
    writeFileSync(slow, `#!/bin/sh\ncase "$*" in *--verify*) sleep 5;; esac\nexec git "$@"\n`, { mode: 0o755 });
    const h = await readGitHistory({ cwd: repo, env, git: slow, timeoutMs: 1500 });
    assert.equal(h.status, 'failed');
    assert.match(h.message, /in time/);
  });
});
