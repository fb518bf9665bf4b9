// Environment for running the real Gemini CLI against the mock Gemini API: an isolated HOME per
// test whose ~/.gemini/settings.json picks API-key auth and turns off usage statistics, telemetry,
// update checks, IDE integration and retries; the mock's URL as the API base URL and as the proxy
// (a call to any other host reaches the mock as a CONNECT, refused and recorded); a private TMPDIR
// (the CLI writes error reports there); folders made by `folder()` trusted the way a user trusts
// them interactively (~/.gemini/trustedFolders.json), `untrustedFolder()` not.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const realGeminiPath = resolve(__dirname, '../../../node_modules/.bin/gemini');

export interface GeminiTestEnv {
  env: Record<string, string>;
  home: string;
  /** A fresh workspace folder the CLI trusts. */
  folder(name: string): string;
  /** A fresh workspace folder the CLI has not been told to trust. */
  untrustedFolder(name: string): string;
  cleanup(): void;
}

/** The user settings of the test HOME: nothing but the mock API is ever called. */
export const offlineSettings = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 },
  ide: { enabled: false },
};

export function geminiTestEnv(baseUrl: string): GeminiTestEnv {
  const root = mkdtempSync(join(tmpdir(), 'aa-gemini-'));
  const home = join(root, 'home');
  const trusted = join(root, 'trusted');
  const untrusted = join(root, 'untrusted');
  const tmp = join(root, 'tmp');
  for (const d of [join(home, '.gemini'), trusted, untrusted, tmp]) mkdirSync(d, { recursive: true });
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(offlineSettings, null, 2));
  writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [trusted]: 'TRUST_FOLDER' }, null, 2));
  const env: Record<string, string> = {
    HOME: home,
    TMPDIR: tmp,
    GEMINI_API_KEY: 'mock-key',
    GOOGLE_GEMINI_BASE_URL: baseUrl,
    HTTPS_PROXY: baseUrl,
    HTTP_PROXY: baseUrl,
    NO_PROXY: '127.0.0.1,localhost',
    NO_COLOR: '1',
  };
  return {
    env,
    home,
    folder(name: string): string {
      return mkdtempSync(join(trusted, `${name}-`));
    },
    untrustedFolder(name: string): string {
      return mkdtempSync(join(untrusted, `${name}-`));
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
