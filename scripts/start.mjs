#!/usr/bin/env node
// `npm start`: builds the VSIX and runs the extension. With VS Code's `code` on the PATH it is
// installed into the user's VS Code, which opens this folder; otherwise (or with --embedded) an
// embedded VS Code (code-server with the current VS Code, installed into the test cache) serves a
// demo workspace on 127.0.0.1 and the address is printed. Options: --embedded, --port N.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensureDependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const embedded = args.includes('--embedded');
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' }).status === 0;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function choosePort() {
  if (portArg !== undefined) {
    if (!Number.isInteger(portArg) || portArg <= 0 || portArg > 65535)
      fail(`--port needs a port number, not '${args[args.indexOf('--port') + 1]}'`);
    if (!(await portIsFree(portArg))) fail(`port ${portArg} on 127.0.0.1 is in use; pick another with --port`);
    return portArg;
  }
  for (let p = 8080; p < 8100; p++) if (await portIsFree(p)) return p;
  fail('no free port between 8080 and 8099 on 127.0.0.1; pass one with --port');
}

function makeDemoWorkspace(dir) {
  if (existsSync(join(dir, 'README.md'))) return;
  const files = {
    'README.md': '# Agent Affinity demo\n\nA small workspace with a backend, a frontend and tests, to try Agent Affinity on.\n',
    'backend/src/auth/session.ts':
      'export interface Session {\n  user: string;\n  expiresAt: number;\n}\n\nexport function isExpired(s: Session, now = Date.now()): boolean {\n  return s.expiresAt <= now;\n}\n',
    'backend/src/server.ts':
      "import { isExpired } from './auth/session';\n\nexport function handle(path: string): string {\n  return path === '/health' ? 'ok' : `not found: ${path}`;\n}\n\nvoid isExpired;\n",
    'frontend/src/App.tsx': "export function App(): string {\n  return '<h1>Demo</h1>';\n}\n",
    'tests/session.test.ts':
      "import { isExpired } from '../backend/src/auth/session';\n\nconsole.assert(isExpired({ user: 'a', expiresAt: 0 }));\n",
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

async function runInUsersVsCode(vsix) {
  console.log(`Installing ${vsix} into your VS Code…`);
  const r = spawnSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  if (r.status !== 0)
    fail(
      `'code --install-extension' failed (exit ${r.status ?? r.signal}). Run 'npm start -- --embedded' to use the embedded VS Code instead.`,
    );
  spawn('code', [process.cwd()], { stdio: 'ignore', detached: true }).unref();
  console.log(`Opened ${process.cwd()} in VS Code. Agent Affinity is in the activity bar; its status is in the status bar.`);
}

async function runEmbedded(vsix) {
  // code-server only: Chromium is for the tests, never installed by `npm start`.
  const { ensureCodeServer } = await import('./testEnv/install.mjs');
  const env = await ensureCodeServer();
  const base = join(process.env.AGENT_AFFINITY_DEMO_DIR ?? join(homedir(), '.cache', 'agent-affinity-demo'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  const workspace = join(base, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settings))
    writeFileSync(
      settings,
      JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }, null, 2),
    );
  makeDemoWorkspace(workspace);
  const common = [
    '--auth',
    'none',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
  console.log('Installing the extension into the embedded VS Code…');
  // code-server runs on the Node it was built for (installed with it), not on the one running npm.
  const install = spawnSync(env.node, [env.codeServerEntry, ...common, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
  });
  if (install.status !== 0)
    fail(`code-server --install-extension failed (exit ${install.status ?? install.signal}):\n${(install.stdout + install.stderr).trim()}`);
  const port = await choosePort();
  // Its own process group, so stopping it also ends its file watcher and extension host.
  const child = spawn(env.node, [env.codeServerEntry, ...common, '--bind-addr', `127.0.0.1:${port}`, workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let announced = false;
  const onData = (chunk) => {
    if (!announced && /HTTP server listening on/.test(chunk.toString())) {
      announced = true;
      console.log(
        `\nAgent Affinity is running in an embedded VS Code (VS Code ${env.vscodeVersion}, code-server ${env.codeServerVersion}).`,
      );
      console.log(`Open: http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      console.log('VS Code asks whether to trust the demo workspace: trust it to start the orchestrator. Press Ctrl+C here to stop.');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code, signal) => {
    if (!announced) fail(`code-server exited (${code ?? signal}) before it listened.`);
    process.exit(0);
  });
}

ensureDependencies(root);
const { ensureVsix } = await import('./testEnv/ensureVsix.mjs');
let vsix;
try {
  vsix = ensureVsix();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (!embedded && onPath('code')) await runInUsersVsCode(vsix);
else await runEmbedded(vsix);
