// The transcript walk on what a home folder can hold: symlink loops (to the folder itself, to an
// ancestor, to itself), a second link to a transcript, a config dir whose projects/ is a link to
// another's, names that are not UTF-8, and trees past the depth and count limits. Each transcript is
// counted once, loops are reported, and `agent-affinity usage` on such a tree ends in bounded memory.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listTranscriptFiles } from '../../../src/core/budget/claudeDirs';
import { escapedName, displayName } from '../../../src/core/budget/fileNames';
import { importClaudeTranscripts, type ImportResult } from '../../../src/core/budget/transcriptImport';
import { usageCommand } from '../../../src/cli/commands/usage';

const run = promisify(execFile);

/** Three assistant lines of one session, each with its own message id and 10 input tokens. */
function sessionLines(sessionId: string, cwd: string): string {
  return `${[0, 1, 2]
    .map((i) =>
      JSON.stringify({
        type: 'assistant',
        sessionId,
        cwd,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        requestId: `req_${sessionId}_${i}`,
        message: {
          id: `msg_${sessionId}_${i}`,
          model: 'claude-sonnet-4-20250514',
          role: 'assistant',
          content: [{ type: 'text', text: 'hi' }],
          usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 },
        },
      }),
    )
    .join('\n')}\n`;
}

const S = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
const LIB = '44444444-4444-4444-8444-444444444444';

/**
 * claude/projects/-work-app/ with three sessions (the first with a subagent file) and the links
 * `a -> .`, `self -> self`, `copy.jsonl -> <s0>.jsonl`, and a file whose name is Latin-1 (not
 * UTF-8); claude/projects/-work-lib/ with one session whose `subagents/up -> ../..` leads back to
 * its project folder; claude2/projects -> claude/projects. (One loop per region, so that a walk
 * that follows links ends too, at ELOOP, with phantom sessions: the explosive case runs below in a
 * child process.)
 */
async function buildTree(root: string): Promise<{ claude: string; claude2: string; project: string; lib: string }> {
  const claude = join(root, 'claude');
  const project = join(claude, 'projects', '-work-app');
  const lib = join(claude, 'projects', '-work-lib');
  await mkdir(join(project, S[0] ?? '', 'subagents'), { recursive: true });
  for (const id of S) await writeFile(join(project, `${id}.jsonl`), sessionLines(id, '/work/app'));
  await writeFile(join(project, S[0] ?? '', 'subagents', 'agent-1.jsonl'), sessionLines('sub-1', '/work/app'));
  await symlink('.', join(project, 'a'));
  await symlink('self', join(project, 'self'));
  await symlink(`${S[0]}.jsonl`, join(project, 'copy.jsonl'));
  await writeFile(Buffer.from(`${project}/caf\xe9.jsonl`, 'latin1'), sessionLines('latin', '/work/app'));
  await mkdir(join(lib, LIB, 'subagents'), { recursive: true });
  await writeFile(join(lib, `${LIB}.jsonl`), sessionLines(LIB, '/work/lib'));
  await symlink('../..', join(lib, LIB, 'subagents', 'up'));
  const claude2 = join(root, 'claude2');
  await mkdir(claude2);
  await symlink(join(claude, 'projects'), join(claude2, 'projects'));
  return { claude, claude2, project, lib };
}

describe('transcript walk: links, loops and odd names', () => {
  let root = '';
  let tree: { claude: string; claude2: string; project: string; lib: string };
  let result: ImportResult;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'aa-links-'));
    tree = await buildTree(root);
    result = await importClaudeTranscripts({ claudeDirs: [tree.claude, tree.claude2] });
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('each transcript is counted once: no phantom session from a loop, totals of the real lines only', () => {
    assert.deepEqual(result.errors, []);
    const ids = result.sessions.map((s) => s.sessionId).sort();
    assert.deepEqual(ids, [...S, LIB, 'caf\\xe9'].sort(), 'the real sessions and the Latin-1 one; no session named after a link');
    assert.equal(result.files.length, 6, 'four main files, one subagent file, the Latin-1 file');
    assert.equal(new Set(result.files.map((f) => f.path)).size, result.files.length);
    const totals = result.sessions.reduce((n, s) => n + s.totals.inputTokens, 0);
    assert.equal(totals, 6 * 3 * 10, 'six files of three 10-token lines, each once');
    assert.deepEqual(
      result.sessions.find((s) => s.sessionId === S[0])?.files.map((f) => f.slice(tree.project.length + 1)),
      [`${S[0]}.jsonl`, join(S[0] ?? '', 'subagents', 'agent-1.jsonl')],
    );
  });

  test('loops and the second link to a transcript are reported with the path and why', () => {
    const projects = join(tree.claude, 'projects');
    const byPath = new Map(result.skipped.map((s) => [s.path.slice(projects.length + 1), s]));
    assert.equal(byPath.get(join('-work-app', 'a'))?.reason, 'loop');
    assert.match(byPath.get(join('-work-app', 'a'))?.detail ?? '', /link back to .*-work-app, which contains it/);
    assert.equal(byPath.get(join('-work-lib', LIB, 'subagents', 'up'))?.reason, 'loop');
    assert.match(byPath.get(join('-work-lib', LIB, 'subagents', 'up'))?.detail ?? '', /link back to .*-work-lib, which contains it/);
    assert.equal(byPath.get(join('-work-app', 'self'))?.reason, 'loop');
    assert.match(byPath.get(join('-work-app', 'self'))?.detail ?? '', /leads back to itself/);
    assert.equal(byPath.get(join('-work-app', 'copy.jsonl'))?.reason, 'duplicate');
    assert.match(byPath.get(join('-work-app', 'copy.jsonl'))?.detail ?? '', /counted once/);
    assert.equal(result.skipped.length, 4, JSON.stringify(result.skipped));
  });

  test('a name that is not UTF-8 is read through its bytes and shown escaped', () => {
    const latin = result.sessions.find((s) => s.sessionId === 'caf\\xe9');
    assert.ok(latin);
    assert.equal(latin.totals.inputTokens, 30, 'the file was read (it was ENOENT before)');
    assert.equal(latin.files[0], join(tree.project, 'caf\\xe9.jsonl'));
    const file = result.files.find((f) => f.path.endsWith('caf\\xe9.jsonl'));
    assert.equal(file?.counted, 3);
  });

  test('names: escaped only when not UTF-8 or holding control characters', () => {
    assert.equal(displayName(Buffer.from('café.jsonl')), 'café.jsonl');
    assert.equal(displayName(Buffer.from('caf\xe9.jsonl', 'latin1')), 'caf\\xe9.jsonl');
    assert.equal(displayName(Buffer.from('a\nb')), 'a\\x0ab');
    assert.equal(escapedName(Buffer.from([0xed, 0xa0, 0x80, 0x41])), '\\xed\\xa0\\x80A', 'an encoded surrogate is not UTF-8');
    assert.equal(escapedName(Buffer.from([0xc0, 0xaf])), '\\xc0\\xaf', 'an overlong form is not UTF-8');
    assert.equal(escapedName(Buffer.from('\u0085x')), '\\xc2\\x85x', 'a C1 control character');
  });

  test('limits: depth, files and folders stop the walk and say so', async () => {
    let deep = join(root, 'deep', 'projects', '-p');
    for (let i = 0; i < 6; i++) deep = join(deep, `d${i}`);
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, 'x.jsonl'), sessionLines('deep', '/p'));
    const shallow = await listTranscriptFiles([join(root, 'deep')], { maxDepth: 4 });
    assert.deepEqual(shallow.files, []);
    assert.deepEqual(
      shallow.skipped.map((s) => [s.reason, s.path.slice(root.length + 1)]),
      [['too-deep', join('deep', 'projects', '-p', 'd0', 'd1', 'd2')]],
    );
    const few = await listTranscriptFiles([tree.claude], { maxFiles: 2 });
    assert.equal(few.files.length, 2);
    assert.equal(few.skipped.filter((s) => s.reason === 'limit').length, 1);
    assert.match(few.skipped.find((s) => s.reason === 'limit')?.detail ?? '', /more than 2 transcript files/);
    const folders = await listTranscriptFiles([tree.claude], { maxFolders: 2 });
    assert.match(folders.skipped.find((s) => s.reason === 'limit')?.detail ?? '', /more than 2 folders/);
  });

  test('usage: the table counts each session once and the loops are reported on stderr; --json lists them', async () => {
    let out = '';
    let err = '';
    const io = { out: (s: string): void => void (out += s), err: (s: string): void => void (err += s) };
    assert.equal(await usageCommand.run(['--claude-dir', tree.claude], io), 0);
    assert.match(out, /^Total\s+5 sessions/m);
    assert.match(err, /usage: skipped .*-work-app\/a: a link back to .*-work-app, which contains it \(a loop\); not followed/);
    assert.match(
      err,
      /usage: skipped .*-work-app\/copy\.jsonl: the same file as .*-work-app\/11111111-[-\d]+\.jsonl, already read; counted once/,
    );
    let json = '';
    assert.equal(
      await usageCommand.run(['--claude-dir', tree.claude, '--json'], { out: (s) => void (json += s), err: () => undefined }),
      0,
    );
    const parsed = JSON.parse(json) as { sessions: unknown[]; skipped: { path: string; reason: string }[] };
    assert.equal(parsed.sessions.length, 5);
    assert.deepEqual(parsed.skipped.map((s) => s.reason).sort(), ['duplicate', 'loop', 'loop', 'loop']);
  });
});

describe('usage on a tree of symlink loops', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'aa-loops-'));
    // Two links back to the folder at every level of a small tree: 2^depth paths for a walk that
    // follows them (it reached 1.26 GB in 60 s), one visit per folder for one that remembers them.
    let dir = join(root, 'projects', '-work-app');
    for (let level = 0; level < 4; level++) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${level}0000000-0000-4000-8000-000000000000.jsonl`), sessionLines(`level-${level}`, '/work/app'));
      await symlink('.', join(dir, 'a'));
      await symlink('.', join(dir, 'b'));
      await symlink('..', join(dir, 'up'));
      dir = join(dir, `sub${level}`);
    }
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('the CLI ends within a 128 MB heap, lists each transcript once and reports every loop', { timeout: 60_000 }, async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', 'src/cli/main.ts', 'usage', '--claude-dir', root, '--json'],
      { timeout: 45_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
    );
    const json = JSON.parse(stdout) as { sessions: { files: string[] }[]; skipped: { reason: string }[] };
    assert.equal(json.sessions.length, 2, 'the top file, and the files below sub0/ (grouped as its subagents)');
    assert.equal(
      json.sessions.reduce((n, s) => n + s.files.length, 0),
      4,
      'one file per level, each once',
    );
    assert.equal(json.skipped.filter((s) => s.reason === 'loop').length, 4 * 3, 'three loop links per level');
    assert.equal(stderr.split('\n').filter((l) => /^usage: skipped .*: a link back to/.test(l)).length, 4 * 3);
  });
});
