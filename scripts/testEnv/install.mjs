#!/usr/bin/env node
// Installs what the embedded VS Code and the tests need, in two parts: code-server 4.100.3 from npm
// (built offline per shared/docs/TESTING.md) into a cache outside the checkout, which `npm start`
// needs, and Debian's Chromium, which only the host and e2e test layers need (`npm start` never
// installs it). Idempotent: a marker file says the code-server install completed; a partial
// install is removed and redone. `node scripts/testEnv/install.mjs` installs (or checks) both and
// prints the paths; `npm start` calls `ensureCodeServer()`, the test launchers `ensureTestEnv()`.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
  readdirSync,
  appendFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_VERSION = '1.100.3';
const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep'];
const MARKER_NAME = '.install-complete.json';

/** Native modules that must load after the rebuild, per folder inside the code-server package. */
const NATIVE_CHECKS = [
  { dir: 'lib/vscode', modules: ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', 'kerberos'] },
  { dir: '', modules: ['argon2'] },
];

/** A failed install step, with everything a person needs to act on it. */
export class InstallError extends Error {
  constructor(step, command, tail, hint) {
    super(
      `test environment install failed at step "${step}"\n  command: ${command}\n` +
        (tail
          ? `  last output lines:\n${tail
              .split('\n')
              .map((l) => `    | ${l}`)
              .join('\n')}\n`
          : '') +
        `  what to do: ${hint}`,
    );
    this.name = 'InstallError';
  }
}

/** Where everything lives; the cache root can be moved with AGENT_AFFINITY_TEST_CACHE. */
export function testEnvPaths() {
  const cacheRoot = process.env.AGENT_AFFINITY_TEST_CACHE || join(homedir(), '.cache', 'agent-affinity-test');
  const dir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const pkg = join(dir, 'package');
  return {
    cacheRoot,
    dir,
    pkg,
    marker: join(dir, MARKER_NAME),
    log: join(cacheRoot, `install-code-server-${CODE_SERVER_VERSION}.log`),
    entry: join(pkg, 'out', 'node', 'entry.js'),
  };
}

function lastLines(text, n = 25) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function say(msg) {
  process.stderr.write(`[test-env] ${msg}\n`);
}

/** Runs one command (argument array, never a shell string), logging its output; throws InstallError. */
function runStep(ctx, step, cmd, args, { cwd, env, hint }) {
  const shown = `${cmd} ${args.join(' ')}${cwd ? `   (in ${cwd})` : ''}`;
  const started = Date.now();
  say(`${step}: ${shown}`);
  appendFileSync(ctx.log, `\n### ${new Date().toISOString()} ${step}\n$ ${shown}\n`);
  return new Promise((resolve, reject) => {
    let out = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(new InstallError(step, shown, String(err), hint));
      return;
    }
    const collect = (chunk) => {
      const s = chunk.toString();
      out += s;
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      appendFileSync(ctx.log, s);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new InstallError(step, shown, `${out}\n${err.message}`, hint)));
    child.on('close', (code, signal) => {
      if (code === 0) {
        say(`${step}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve(out);
      } else {
        reject(new InstallError(step, shown, `${lastLines(out)}\n(exit ${code ?? signal}; full log: ${ctx.log})`, hint));
      }
    });
  });
}

function dpkgInstalled(pkgName) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkgName], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs missing Debian packages (root, as on this machine and CI); runs apt-get update once. */
async function ensureAptPackages(ctx, packages, why) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const hint = `install them by hand: apt-get update && apt-get install -y ${missing.join(' ')} (needs root; ${why})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new InstallError('apt packages', `apt-get install -y ${missing.join(' ')}`, '', `not running as root. ${hint}`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!ctx.aptUpdated) {
    await runStep(ctx, 'apt-get update', 'apt-get', ['update'], { env, hint });
    ctx.aptUpdated = true;
  }
  await runStep(ctx, `apt-get install (${why})`, 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, hint });
}

function forceSymlink(target, path) {
  try {
    lstatSync(path);
    rmSync(path, { recursive: true, force: true });
  } catch {
    // absent: nothing to remove
  }
  symlinkSync(target, path);
}

/** Loads each native module with node inside the package, so a silent skipped build fails here. */
async function verifyNativeModules(ctx, pkg) {
  for (const { dir, modules } of NATIVE_CHECKS) {
    const cwd = join(pkg, dir);
    const script = modules.map((m) => `require(${JSON.stringify(m)});`).join('') + 'console.log("native modules load")';
    await runStep(ctx, `verify native modules (${modules.join(', ')})`, process.execPath, ['-e', script], {
      cwd,
      hint: `a native module did not build. Check the compiler toolchain (g++, make, python3) and the Debian -dev packages (${APT_PACKAGES.join(' ')}), then rerun; the build log is in ${ctx.log}`,
    });
  }
}

function readMarker(marker) {
  try {
    return JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    return undefined;
  }
}

async function installCodeServer(ctx, paths) {
  if (existsSync(paths.dir)) {
    say(`removing a partial install in ${paths.dir}`);
    rmSync(paths.dir, { recursive: true, force: true });
  }
  mkdirSync(paths.dir, { recursive: true });
  const npm = 'npm';
  // node-pty's install runs `npx node-gyp`; the user npmrc may say yes=false.
  const npmEnv = { npm_config_yes: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const netHint = 'the npm registry must be reachable (npm config get registry) and the disk must have ~400 MB free';
  await runStep(ctx, 'npm pack code-server', npm, ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', paths.dir], {
    cwd: paths.dir,
    env: npmEnv,
    hint: netHint,
  });
  const tgz = readdirSync(paths.dir).find((f) => f.endsWith('.tgz'));
  if (!tgz)
    throw new InstallError(
      'npm pack code-server',
      `npm pack code-server@${CODE_SERVER_VERSION}`,
      '',
      `no .tgz appeared in ${paths.dir}; ${netHint}`,
    );
  await runStep(ctx, 'unpack code-server', 'tar', ['-xzf', join(paths.dir, tgz), '-C', paths.dir], {
    hint: 'tar must be installed; check the disk space',
  });
  rmSync(join(paths.dir, tgz), { force: true });

  const vscodeDir = join(paths.pkg, 'lib', 'vscode');
  await runStep(ctx, 'npm install lib/vscode', npm, ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], {
    cwd: vscodeDir,
    env: npmEnv,
    hint: netHint,
  });

  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  say('ripgrep copied from /usr/bin/rg');

  // npm 11 blocks dependency install scripts unless allowed; the native modules need theirs.
  const allowAll = ['--foreground-scripts', '--dangerously-allow-all-scripts'];
  const buildHint = `a native module failed to build: check g++, make, python3 and the Debian -dev packages (${APT_PACKAGES.join(' ')}); full log in ${ctx.log}`;
  await runStep(ctx, 'npm rebuild lib/vscode (native modules)', npm, ['rebuild', ...allowAll], {
    cwd: vscodeDir,
    env: npmEnv,
    hint: buildHint,
  });

  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  forceSymlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  say('post-install links made');

  await runStep(ctx, 'npm install lib/vscode/extensions', npm, ['install', '--omit=dev', '--no-package-lock', ...allowAll], {
    cwd: join(vscodeDir, 'extensions'),
    env: npmEnv,
    hint: netHint,
  });
  await runStep(ctx, 'npm install code-server root', npm, ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], {
    cwd: paths.pkg,
    env: npmEnv,
    hint: netHint,
  });
  await runStep(ctx, 'npm rebuild argon2', npm, ['rebuild', 'argon2', ...allowAll], { cwd: paths.pkg, env: npmEnv, hint: buildHint });

  await verifyNativeModules(ctx, paths.pkg);
  const version = await runStep(ctx, 'code-server --version', process.execPath, [paths.entry, '--version'], {
    cwd: paths.pkg,
    hint: `code-server does not start; see ${ctx.log}`,
  });
  if (!version.includes(CODE_SERVER_VERSION) || !version.includes(VSCODE_VERSION)) {
    throw new InstallError(
      'code-server --version',
      `node ${paths.entry} --version`,
      version,
      `expected ${CODE_SERVER_VERSION} with Code ${VSCODE_VERSION}; remove ${paths.dir} and rerun`,
    );
  }
  writeFileSync(
    paths.marker,
    JSON.stringify({ version: lastLines(version, 1), node: process.version, installedAt: new Date().toISOString() }, null, 2),
  );
}

/** Finds Chromium, installing Debian's package when it is missing. */
async function ensureChromium(ctx) {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  let found = candidates.find((p) => existsSync(p));
  if (!found) {
    await ensureAptPackages(ctx, ['chromium'], 'Chromium for the Playwright tests');
    found = candidates.find((p) => existsSync(p));
  }
  if (!found)
    throw new InstallError(
      'chromium',
      'apt-get install -y chromium',
      '',
      'the chromium package installed but /usr/bin/chromium is missing; install it by hand',
    );
  return found;
}

/**
 * Makes sure code-server is installed (what running the extension embedded needs); fast when cached.
 * Resolves to { codeServerEntry, codeServerDir, installSeconds }.
 */
export async function ensureCodeServer() {
  const paths = testEnvPaths();
  mkdirSync(paths.cacheRoot, { recursive: true });
  const ctx = { log: paths.log, aptUpdated: false };
  const started = Date.now();
  const marker = readMarker(paths.marker);
  if (!marker || !existsSync(paths.entry) || marker.node?.split('.')[0] !== process.version.split('.')[0]) {
    writeFileSync(paths.log, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
    say(`installing code-server ${CODE_SERVER_VERSION} into ${paths.dir} (about two minutes; log: ${paths.log})`);
    await ensureAptPackages(ctx, APT_PACKAGES, 'native modules of code-server, and ripgrep');
    await installCodeServer(ctx, paths);
    say(`code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { codeServerEntry: paths.entry, codeServerDir: paths.pkg, installSeconds: (Date.now() - started) / 1000 };
}

/**
 * Makes sure code-server and Chromium are installed (what the host and e2e layers need); fast when cached.
 * Resolves to { codeServerEntry, codeServerDir, chromium, installSeconds }.
 */
export async function ensureTestEnv() {
  const started = Date.now();
  const codeServer = await ensureCodeServer();
  const ctx = { log: testEnvPaths().log, aptUpdated: false };
  const chromium = await ensureChromium(ctx);
  const installSeconds = (Date.now() - started) / 1000;
  if (codeServer.installSeconds >= 1 || ctx.aptUpdated) say(`test environment ready in ${installSeconds.toFixed(1)} s`);
  return { codeServerEntry: codeServer.codeServerEntry, codeServerDir: codeServer.codeServerDir, chromium, installSeconds };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureTestEnv().then(
    (env) => {
      console.log(`code-server: ${env.codeServerEntry}`);
      console.log(`chromium:    ${env.chromium}`);
      console.log(`took ${env.installSeconds.toFixed(1)} s`);
    },
    (err) => {
      console.error(err instanceof InstallError ? err.message : err);
      process.exit(1);
    },
  );
}
