// `npm start -- --embedded` runs the extension in code-server and needs nothing else: it must not
// install (or even look for) Chromium, which only the host and e2e test layers use. The script runs
// against a fake, already-installed code-server in a temp cache; a preloaded spy records every
// lookup of a Chromium path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codeServerMarker, nodeMarker, testEnvPaths } from '../../../scripts/testEnv/install.mjs';

const root = join(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The current code-server's install as install.mjs checks it, whose entry only pretends and whose
 *  Node is the one running the test. */
function fakeCodeServerCache(dir: string): void {
  const paths = testEnvPaths('current', dir);
  mkdirSync(dirname(paths.entry), { recursive: true });
  writeFileSync(
    paths.entry,
    [
      "if (process.argv.includes('--install-extension')) { console.log('Extension installed.'); process.exit(0); }",
      "console.log('[fake] HTTP server listening on http://127.0.0.1');",
      'setInterval(() => undefined, 1000);',
    ].join('\n'),
  );
  writeFileSync(paths.marker, JSON.stringify(codeServerMarker('current', dir)));
  mkdirSync(dirname(paths.node), { recursive: true });
  symlinkSync(process.execPath, paths.node);
  writeFileSync(paths.nodeMarkerPath, JSON.stringify(nodeMarker('current')));
}

test('npm start --embedded starts code-server without installing or looking for Chromium', { timeout: 60_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'aa-start-'));
  try {
    const cache = join(tmp, 'cache');
    fakeCodeServerCache(cache);
    const lookups = join(tmp, 'chromium-lookups.txt');
    const spy = join(tmp, 'chromiumSpy.mjs');
    writeFileSync(
      spy,
      [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        'const original = fs.existsSync;',
        'fs.existsSync = (p) => {',
        "  if (String(p).includes('chromium')) fs.appendFileSync(process.env.SPY_OUT, `${String(p)}\\n`);",
        '  return original(p);',
        '};',
        'syncBuiltinESMExports();',
      ].join('\n'),
    );
    const vsix = join(tmp, 'fake.vsix');
    writeFileSync(vsix, 'not a real vsix: the fake code-server never opens it');
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', spy, join(root, 'scripts', 'start.mjs'), '--embedded', '--port', String(port)], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        AGENT_AFFINITY_TEST_CACHE: cache,
        AGENT_AFFINITY_DEMO_DIR: join(tmp, 'demo'),
        AGENT_AFFINITY_E2E_VSIX: vsix,
        SPY_OUT: lookups,
      },
    });
    let output = '';
    const opened = await new Promise<boolean>((resolve) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (/Open: http:\/\/127\.0\.0\.1:/.test(output)) resolve(true);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => resolve(false));
    });
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    assert.ok(opened, `npm start did not print the address:\n${output}`);
    assert.equal(existsSync(lookups) ? readFileSync(lookups, 'utf8') : '', '', 'npm start looked for Chromium');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
