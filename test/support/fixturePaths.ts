// Where the tests' and benchmarks' data live: test/fixtures, inside the repository (see its README).
import { join, resolve } from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
/** 72 real Claude Code settings files from public repositories (index.tsv names each source). */
export const PERMISSIONS_CORPUS_DIR = join(FIXTURES_DIR, 'permissions', 'real');
/** Generated routing traces and answer keys, seeds 1 to 3. */
export const ROUTING_SAMPLES_DIR = join(FIXTURES_DIR, 'routing', 'samples');
/** Routing traces replayed from real repositories' git histories. */
export const ROUTING_REAL_DIR = join(FIXTURES_DIR, 'routing', 'real');
/** The trace generator (`gen-trace.mjs`) and scorer (`score.mjs`). */
export const ROUTING_TOOLS_DIR = join(FIXTURES_DIR, 'routing', 'tools');
/** Agent CLI output lines recorded from the real CLIs (Claude Code, Codex, Gemini CLI), by version. */
export const AGENT_RECORDINGS_DIR = join(REPO_ROOT, 'test', 'unit', 'agents', 'fixtures');
/** The routing unit tests' small trace. */
export const ROUTING_UNIT_FIXTURES_DIR = join(REPO_ROOT, 'test', 'unit', 'routing', 'fixtures');
