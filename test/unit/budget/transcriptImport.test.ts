// Import of a generated transcript folder: per-session totals EQUAL to the real
// `ccusage session --offline --json` (18.0.11) on the same files, plus sessions, fills and garbage.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { importClaudeTranscripts, type ImportResult, type TranscriptScanCache } from '../../../src/core/budget/transcriptImport';
import { defaultClaudeDirs, encodeProjectDir, projectDirMatches } from '../../../src/core/budget/claudeDirs';
import { writeTranscriptFolder } from '../../support/budget/transcriptBuilder';
import { TRANSCRIPT_ASSISTANT, TRANSCRIPT_COMPACT_BOUNDARY } from './fixtures/recordedLines';

const run = promisify(execFile);
const CCUSAGE = resolve('node_modules/.bin/ccusage');

interface CcusageSession {
  sessionId: string;
  projectPath: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
}

async function ccusageSessions(claudeDir: string): Promise<CcusageSession[]> {
  const { stdout } = await run(CCUSAGE, ['session', '--offline', '--json'], {
    env: { ...process.env, CLAUDE_CONFIG_DIR: claudeDir },
    cwd: claudeDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as { sessions: CcusageSession[] }).sessions;
}

/** Our per-file usage summed by the key ccusage groups by. */
function groupedLikeCcusage(result: ImportResult): Map<string, CcusageSession> {
  const map = new Map<string, CcusageSession>();
  for (const f of result.files) {
    const key = `${f.ccusageKey.projectPath}\u0000${f.ccusageKey.sessionId}`;
    const g = map.get(key) ?? {
      ...f.ccusageKey,
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      totalCost: 0,
    };
    g.inputTokens += f.totals.inputTokens;
    g.outputTokens += f.totals.outputTokens;
    g.cacheCreationTokens += f.totals.cacheCreationTokens;
    g.cacheReadTokens += f.totals.cacheReadTokens;
    g.totalCost += f.costUsd;
    map.set(key, g);
  }
  return map;
}

describe('importClaudeTranscripts', () => {
  let dir = '';
  let folders: string[] = [];
  let result: ImportResult;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-claude-'));
    folders = await writeTranscriptFolder({
      root: dir,
      projects: 2,
      sessionsPerProject: 6,
      turns: 8,
      toolResultBytes: 1500,
      seed: 42,
      resumed: true,
      subagents: true,
    });
    result = await importClaudeTranscripts({ claudeDirs: [dir] });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('per-session token totals equal ccusage session --offline --json', async () => {
    const theirs = await ccusageSessions(dir);
    const ours = groupedLikeCcusage(result);
    assert.ok(theirs.length >= 4, 'ccusage found the sessions');
    assert.equal(ours.size, theirs.length);
    for (const t of theirs) {
      const o = ours.get(`${t.projectPath}\u0000${t.sessionId}`);
      assert.ok(o, `ccusage session ${t.projectPath}/${t.sessionId} found by the import`);
      assert.deepEqual(
        [o.inputTokens, o.outputTokens, o.cacheCreationTokens, o.cacheReadTokens],
        [t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheReadTokens],
        `${t.projectPath}/${t.sessionId}`,
      );
      assert.ok(Math.abs(o.totalCost - t.totalCost) <= 1e-9 * Math.max(1, t.totalCost), `cost ${o.totalCost} vs ${t.totalCost}`);
    }
  });

  test('resumed copies: duplicated entries are counted once, in the earlier file', () => {
    const dups = result.files.reduce((n, f) => n + f.duplicates, 0);
    assert.ok(dups > 0, 'the generated folder has cross-file duplicates');
    const inFile = result.files.reduce((n, f) => n + f.counted, 0);
    assert.ok(inFile > 0);
  });

  test('sessions: subagent files merge into their parent, with cwd, title, model and fill', () => {
    const withSub = result.sessions.find((s) => s.files.length > 1);
    assert.ok(withSub, 'a session with a subagent file');
    assert.ok(withSub.files.some((f) => f.includes('subagents')));
    for (const s of result.sessions) {
      assert.ok(folders.includes(s.projectPath ?? ''), `project path ${s.projectPath}`);
      assert.equal(s.projectDir, encodeProjectDir(s.projectPath ?? ''));
      assert.ok(s.title?.startsWith('Work on'));
      assert.ok(s.fill.usedTokens != null && s.fill.usedTokens > 1000, `fill of ${s.sessionId}: ${s.fill.usedTokens}`);
      assert.equal(s.fill.window, 200_000);
      assert.ok(s.model?.startsWith('claude-'));
      assert.ok(s.firstTimestamp != null && s.lastTimestamp != null && s.firstTimestamp <= s.lastTimestamp);
    }
    assert.ok(result.sessions.filter((s) => s.garbageLines > 0).length >= 12, 'generated garbage lines were skipped and counted');
    const sumSessions = result.sessions.reduce((n, s) => n + s.totals.cacheReadTokens, 0);
    const sumFiles = result.files.reduce((n, f) => n + f.totals.cacheReadTokens, 0);
    assert.equal(sumSessions, sumFiles);
  });

  test("a workspace-folder filter keeps only that folder's transcripts", async () => {
    const only = await importClaudeTranscripts({ claudeDirs: [dir], folders: [folders[0] ?? ''] });
    assert.ok(only.sessions.length > 0);
    assert.ok(only.sessions.every((s) => s.projectPath === folders[0]));
    assert.ok(only.sessions.length < result.sessions.length);
  });

  test('a scan cache re-reads only changed files and gives the same result', async () => {
    const cache: TranscriptScanCache = new Map();
    const first = await importClaudeTranscripts({ claudeDirs: [dir], cache });
    assert.equal(cache.size, first.files.length);
    const scans = new Map([...cache].map(([p, v]) => [p, v.scan]));
    const target = first.sessions[0]?.files[0] ?? '';
    await appendFile(target, `${TRANSCRIPT_ASSISTANT.replace('msg_013YZ68naDuds27CD9ZGNVDE', 'msg_appended')}\n`);
    const second = await importClaudeTranscripts({ claudeDirs: [dir], cache });
    for (const [p, v] of cache) assert.equal(v.scan === scans.get(p), p !== target, p);
    const uncached = await importClaudeTranscripts({ claudeDirs: [dir] });
    assert.deepEqual(second, uncached);
    assert.equal(second.sessions.find((s) => s.files.includes(target))?.fill.usedTokens, 3 + 453 + 82371);
  });

  test('missing dirs yield nothing, not an error', async () => {
    const none = await importClaudeTranscripts({ claudeDirs: [join(dir, 'nope')] });
    assert.deepEqual(none, { sessions: [], files: [], errors: [], skipped: [] });
  });
});

describe('import edge cases', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-claude-edge-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a session whose last event is a compaction shows an unknown fill; garbage never crashes', async () => {
    const proj = join(dir, 'projects', '-repo');
    await mkdir(proj, { recursive: true });
    await writeFile(join(proj, 'compacted.jsonl'), `${TRANSCRIPT_ASSISTANT}\n${TRANSCRIPT_COMPACT_BOUNDARY}\n`);
    await writeFile(join(proj, 'garbage.jsonl'), '\u0000\u0001binary\n{"unterminated":\n[1,2]\nnull\n"str"\n\uFEFF{"type":"user"}\n');
    const r = await importClaudeTranscripts({ claudeDirs: [dir] });
    const compacted = r.sessions.find((s) => s.sessionId === 'compacted');
    assert.ok(compacted);
    assert.equal(compacted.fill.usedTokens, null);
    assert.equal(compacted.fill.source, 'compacted');
    assert.equal(compacted.fill.compactedFromTokens, 155025);
    assert.equal(compacted.compactions, 1);
    assert.equal(compacted.totals.cacheReadTokens, 82371);
    assert.equal(compacted.projectPath, '/home/ubuntulinuxqa2/repos/hallucination-detector');
    const garbage = r.sessions.find((s) => s.sessionId === 'garbage');
    assert.ok(garbage);
    assert.equal(garbage.garbageLines, 6);
    assert.equal(garbage.totals.inputTokens, 0);
    assert.deepEqual(r.errors, []);
    const theirs = await ccusageSessions(dir);
    assert.equal(theirs.length, 1);
    assert.equal(theirs[0]?.cacheReadTokens, 82371);
  });
});

describe('claude dirs', () => {
  test('CLAUDE_CONFIG_DIR (comma list) wins; else XDG config and ~/.claude', () => {
    assert.deepEqual(defaultClaudeDirs({ CLAUDE_CONFIG_DIR: '/a, /b' }, '/home/u'), ['/a', '/b']);
    assert.deepEqual(defaultClaudeDirs({}, '/home/u'), ['/home/u/.config/claude', '/home/u/.claude']);
    assert.deepEqual(defaultClaudeDirs({ XDG_CONFIG_HOME: '/x' }, '/home/u'), ['/x/claude', '/home/u/.claude']);
  });

  test('folder encoding: non-alphanumerics become -; long names match by prefix', () => {
    assert.equal(encodeProjectDir('/Users/ryoppippi/ghq/github.com/ccusage/ccusage'), '-Users-ryoppippi-ghq-github-com-ccusage-ccusage');
    assert.ok(projectDirMatches('-a-b-c', '/a/b.c'));
    assert.ok(!projectDirMatches('-a-b-c-d', '/a/b.c'));
    const long = `/${'x'.repeat(250)}`;
    assert.ok(projectDirMatches(`${encodeProjectDir(long).slice(0, 200)}-1abc2`, long));
  });
});
