// Environment for running the real Codex CLI against the mock Responses API: a fresh CODEX_HOME
// (and HOME) per test whose config.toml selects a "mock" model provider at the mock's URL with
// no retries, no update check and no analytics, and a placeholder key in the provider's env_key.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const realCodexPath = resolve(__dirname, '../../../node_modules/.bin/codex');

/** A model in Codex's bundled catalog (so it knows its window and tools, and warns about nothing). */
export const mockCodexModel = 'gpt-5.5';

export interface CodexTestEnv {
  env: Record<string, string>;
  codexHome: string;
  /** A fresh workspace folder inside the test's temp area; a git repository unless `git` is false. */
  folder(name: string, git?: boolean): string;
  cleanup(): void;
}

/** config.toml for a CODEX_HOME that talks only to `baseUrl` (which includes `/v1`). */
export function mockCodexConfig(baseUrl: string): string {
  return [
    `model = "${mockCodexModel}"`,
    'model_provider = "mock"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.mock]',
    'name = "Mock OpenAI"',
    `base_url = "${baseUrl}"`,
    'env_key = "CODEX_MOCK_API_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    'plugins = false',
    'remote_plugin = false',
    'apps = false',
    'plugin_sharing = false',
    'tool_suggest = false',
    '',
  ].join('\n');
}

export function codexTestEnv(baseUrl: string): CodexTestEnv {
  const root = mkdtempSync(join(tmpdir(), 'aa-codex-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), mockCodexConfig(baseUrl));
  const env: Record<string, string> = {
    HOME: home,
    CODEX_HOME: codexHome,
    CODEX_MOCK_API_KEY: 'mock-key',
    // Keys of a real account must never reach the mock (or anywhere else).
    OPENAI_API_KEY: '',
    CODEX_API_KEY: '',
  };
  return {
    env,
    codexHome,
    folder(name: string, git = true): string {
      const dir = mkdtempSync(join(root, `${name}-`));
      if (git) execFileSync('git', ['init', '-q', dir]);
      return dir;
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
