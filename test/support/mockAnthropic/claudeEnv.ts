// Environment for running the real Claude Code CLI against the mock API: an isolated HOME per
// test, the mock's URL, a placeholder key, no updater, telemetry or other traffic, short retries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const realClaudePath = resolve(__dirname, '../../../node_modules/.bin/claude');

export interface ClaudeTestEnv {
  env: Record<string, string>;
  home: string;
  /** A fresh workspace folder inside the test's temp area. */
  folder(name: string): string;
  cleanup(): void;
}

export function claudeTestEnv(baseUrl: string): ClaudeTestEnv {
  const root = mkdtempSync(join(tmpdir(), 'aa-claude-'));
  const home = join(root, 'home');
  const env: Record<string, string> = {
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'mock-key',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_MAX_RETRIES: '1',
  };
  return {
    env,
    home,
    folder(name: string): string {
      return mkdtempSync(join(root, `${name}-`));
    },
    cleanup(): void {
      // A Claude Code process still closing may write into its home while it is removed (ENOTEMPTY):
      // removal is tried again a few times rather than failing the suite's last hook.
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
