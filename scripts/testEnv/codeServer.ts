// Starts a throwaway code-server for a test run: fresh user-data and extensions folders, workspace
// trust off (unless asked for), a demo workspace, a free port on 127.0.0.1. Optionally installs a VSIX first.
// The process runs in its own process group so stopping it also ends its extension host and
// everything the extension spawned.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, removeDir } from './cleanup';
import { codeServerNode } from './install.mjs';

export interface CodeServerOptions {
  /** node entry.js of the installed code-server (from ensureTestEnv()). */
  entry: string;
  /** The Node it runs on (default: the one its install recorded). */
  node?: string;
  /** More server arguments (for example what the development payload needs: CodeServerEnv.developmentArgs). */
  extraArgs?: string[];
  /** A short name used for the temp folder and log file. */
  label: string;
  /** Folder for code-server's output log (kept after the run). */
  logDir: string;
  /** VSIX to install with --install-extension before starting. */
  vsix?: string;
  /** Extra environment for the server and so its extension host. */
  env?: Record<string, string>;
  /** Extra user settings, merged over the defaults below. */
  userSettings?: Record<string, unknown>;
  /** Remote settings (`<user-data-dir>/Machine/settings.json`): where a remote window reads
   *  machine-scoped settings from; VS Code ignores those in User settings once it knows their scope. */
  remoteSettings?: Record<string, unknown>;
  /** Keep workspace trust on (default off): the folder then opens untrusted, in Restricted Mode,
   *  unless the user trusts it. VS Code asks at startup (`startupPrompt: once`, 1.103's default; 1.139
   *  opens an untrusted folder in Restricted Mode without asking). */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  port: number;
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logPath: string;
  process: ChildProcess;
  /** The last lines code-server printed, for failure messages. */
  outputTail(lines?: number): string;
  stop(): Promise<void>;
}

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'window.dialogStyle': 'custom',
  // Newer VS Code opens some editors (settings, workspace trust) as a modal over the editor area;
  // the tests see them in tabs, as on the minimum VS Code.
  'workbench.editor.useModal': 'off',
};

/** Asks the OS for a free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** A small workspace a person would recognise, made fresh per run. */
export function makeDemoWorkspace(dir: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# Demo workspace\n\nA throwaway folder for Agent Affinity tests.\n');
  writeFileSync(join(dir, 'src', 'auth.ts'), 'export function login(user: string): boolean {\n  return user.length > 0;\n}\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'demo-workspace', version: '1.0.0', private: true }, null, 2) + '\n');
}

function baseArgs(s: { userDataDir: string; extensionsDir: string }, workspaceTrust = false): string[] {
  return [
    '--auth',
    'none',
    '--user-data-dir',
    s.userDataDir,
    '--extensions-dir',
    s.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
  ];
}

/** Installs a VSIX into the run's extensions folder; throws with code-server's output on failure. */
function installVsix(node: string, entry: string, dirs: { userDataDir: string; extensionsDir: string }, vsix: string): void {
  const r = spawnSync(node, [entry, ...baseArgs(dirs), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${out.trim().split('\n').slice(-20).join('\n')}`,
    );
  }
}

/** Starts code-server and resolves once it listens. Call stop() in a finally block. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const root = mkdtempSync(join(tmpdir(), `agent-affinity-${opts.label}-`));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'demo-workspace');
  const settings = JSON.stringify(
    {
      ...USER_SETTINGS,
      ...(opts.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'once' } : {}),
      ...opts.userSettings,
    },
    null,
    2,
  );
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), settings);
  mkdirSync(extensionsDir, { recursive: true });
  if (opts.remoteSettings) {
    mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
    writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.remoteSettings, null, 2));
  }
  makeDemoWorkspace(workspace);
  mkdirSync(opts.logDir, { recursive: true });
  const logPath = join(opts.logDir, `code-server-${opts.label}.log`);

  const node = opts.node ?? codeServerNode(opts.entry);
  try {
    if (opts.vsix) installVsix(node, opts.entry, { userDataDir, extensionsDir }, opts.vsix);
  } catch (err) {
    removeDir(root);
    throw err;
  }

  const port = await freePort();
  const log = createWriteStream(logPath);
  let tail = '';
  const child = spawn(
    node,
    [
      opts.entry,
      ...baseArgs({ userDataDir, extensionsDir }, opts.workspaceTrust),
      '--bind-addr',
      `127.0.0.1:${port}`,
      ...(opts.extraArgs ?? []),
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The gallery points at a closed loopback port: the workbench must not look up open-vsx.org.
      env: {
        ...process.env,
        EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' }),
        ...opts.env,
      },
    },
  );
  const pid = child.pid;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (pid !== undefined) await killGroup(pid);
    log.end();
    removeDir(root);
  };

  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s; log: ${logPath}\n${tail}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      const s = chunk.toString();
      log.write(s);
      tail = (tail + s).slice(-8000);
      if (/HTTP server listening on/.test(tail)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening; log: ${logPath}\n${tail}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  try {
    await listening;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    root,
    userDataDir,
    extensionsDir,
    workspace,
    logPath,
    process: child,
    outputTail: (lines = 30) => tail.trimEnd().split('\n').slice(-lines).join('\n'),
    stop,
  };
}

/** The workbench URL for a folder, with optional development payload (TESTING.md). */
export function workbenchUrl(server: CodeServer, payload?: [string, string][]): string {
  const params = new URLSearchParams({ folder: server.workspace });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${server.url}?${params.toString()}`;
}

/** vscode-remote URI for a path on this machine as code-server sees it. */
export function remoteUri(server: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

/** Reads the extension host logs of a run (for failure output), newest session only. */
export function readExtHostLogs(server: CodeServer): string {
  const r = spawnSync('find', [join(server.userDataDir, 'logs'), '-name', '*.log', '-path', '*exthost*'], { encoding: 'utf8' });
  return (r.stdout ?? '')
    .split('\n')
    .filter(Boolean)
    .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').slice(-4000)}`)
    .join('\n');
}
