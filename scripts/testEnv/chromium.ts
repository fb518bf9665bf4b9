// Launches Debian's Chromium headless through playwright-core (no browser download), with a
// fresh profile folder and the flags that keep it off the network (TESTING.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { removeDir } from './cleanup';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Opens a persistent context on a throwaway --user-data-dir; close() removes it. */
export async function launchChromium(executablePath: string, viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'agent-affinity-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      timeout: 60_000,
      // Our CleanupStack handles signals (Playwright's handlers would exit before code-server is stopped).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    removeDir(profile);
    throw new Error(`Chromium (${executablePath}) did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  let closed = false;
  return {
    context,
    close: async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      removeDir(profile);
    },
  };
}
