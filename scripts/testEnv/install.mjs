#!/usr/bin/env node
// Installs what the embedded VS Code and the tests need into a cache outside the checkout:
// code-server from npm, the minimum and the current VS Code the extension supports (versions.mjs),
// each with the Node it runs on (from the npm registry) and its native modules built offline per
// shared/docs/TESTING.md; and Debian's Chromium, which only the host and e2e test layers need
// (`npm start` never installs it). The two code-servers install in parallel.
//
// Idempotent: a marker file in each install says it completed, and an install is built in a
// partial folder and renamed into place, so an interrupted one is redone and two runs at once do
// not trip over each other. `node scripts/testEnv/install.mjs [minimum|current|all]` installs (or
// checks) and prints the paths; `npm start` calls `ensureCodeServer()` (the current one), the
// test launchers `ensureTestEnv()`.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureAptPackages,
  forceSymlink,
  InstallError,
  lastLines,
  partialDir,
  publishInstall,
  readJson,
  removeStalePartials,
  runStep,
  say,
} from './installSteps.mjs';
import { CODE_SERVERS, ROLES } from './versions.mjs';

export { InstallError } from './installSteps.mjs';
export { CODE_SERVERS, ROLES } from './versions.mjs';

const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep'];
const MARKER_NAME = '.install-complete.json';
/** Bumped when the install recipe changes, so installs made by an older recipe are redone. */
const RECIPE = 2;

// node-pty's install runs `npx node-gyp`; the user npmrc may say yes=false.
const NPM_ENV = { npm_config_yes: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
const NET_HINT = 'the npm registry must be reachable (npm config get registry) and the disk must have ~1 GB free';
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

function defaultCacheRoot() {
  return process.env.AGENT_AFFINITY_TEST_CACHE || join(homedir(), '.cache', 'agent-affinity-test');
}

/** Where everything lives; the cache root can be moved with AGENT_AFFINITY_TEST_CACHE. */
export function testEnvPaths(role = 'current', cacheRoot = defaultCacheRoot()) {
  const spec = CODE_SERVERS[role];
  if (!spec) throw new Error(`unknown code-server role '${role}' (known: ${ROLES.join(', ')})`);
  const dir = join(cacheRoot, `code-server-${spec.codeServer}`);
  const pkg = join(dir, 'package');
  const nodeDir = join(cacheRoot, `node-${spec.node}`);
  return {
    cacheRoot,
    dir,
    pkg,
    marker: join(dir, MARKER_NAME),
    log: join(cacheRoot, `install-code-server-${spec.codeServer}.log`),
    entry: join(pkg, 'out', 'node', 'entry.js'),
    nodeDir,
    nodeMarkerPath: join(nodeDir, MARKER_NAME),
    node: join(nodeDir, 'package', 'bin', 'node'),
  };
}

/** The Node a code-server install runs on, from the marker beside its package folder. */
export function codeServerNode(entry) {
  const marker = readJson(join(dirname(entry), '..', '..', '..', MARKER_NAME));
  if (!marker?.nodePath || !existsSync(marker.nodePath)) {
    throw new Error(`no complete code-server install around ${entry}: run node scripts/testEnv/install.mjs`);
  }
  return marker.nodePath;
}

/** The marker of a complete code-server install (written last; a test fakes an install with it). */
export function codeServerMarker(role, cacheRoot = defaultCacheRoot()) {
  const spec = CODE_SERVERS[role];
  return {
    recipe: RECIPE,
    codeServer: spec.codeServer,
    vscode: spec.vscode,
    node: spec.node,
    nodePath: testEnvPaths(role, cacheRoot).node,
    nativeModulesBuilt: spec.rebuild,
  };
}

/** The marker of a complete Node install. */
export function nodeMarker(role) {
  return { version: CODE_SERVERS[role].node };
}

function nodeComplete(paths, spec) {
  return readJson(paths.nodeMarkerPath)?.version === spec.node && existsSync(paths.node);
}

function codeServerComplete(paths, spec) {
  const m = readJson(paths.marker);
  return (
    m?.recipe === RECIPE &&
    m.codeServer === spec.codeServer &&
    m.node === spec.node &&
    JSON.stringify(m.nativeModulesBuilt) === JSON.stringify(spec.rebuild) &&
    existsSync(paths.entry) &&
    existsSync(paths.node)
  );
}

/** Installs the Node binary package from the npm registry into the cache (once per Node version). */
async function installNode(ctx, spec, paths) {
  removeStalePartials(paths.nodeDir);
  const partial = partialDir(paths.nodeDir);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const pkgSpec = `${NODE_PACKAGE}@${spec.node}`;
  await runStep(ctx, `npm pack ${pkgSpec}`, 'npm', ['pack', pkgSpec, '--pack-destination', partial], {
    cwd: partial,
    env: NPM_ENV,
    hint: `${NET_HINT}; the package ${NODE_PACKAGE} carries the Node binary for this platform`,
  });
  const tgz = readdirSync(partial).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new InstallError(`npm pack ${pkgSpec}`, `npm pack ${pkgSpec}`, '', `no .tgz appeared in ${partial}; ${NET_HINT}`);
  await runStep(ctx, `unpack Node ${spec.node}`, 'tar', ['-xzf', join(partial, tgz), '-C', partial], {
    hint: 'tar must be installed; check the disk space',
  });
  rmSync(join(partial, tgz), { force: true });
  const node = join(partial, 'package', 'bin', 'node');
  const version = await runStep(ctx, `node --version`, node, ['--version'], {
    hint: `the Node binary from ${pkgSpec} does not run on this machine (${process.platform}-${process.arch})`,
  });
  if (version.trim() !== `v${spec.node}`) {
    throw new InstallError('node --version', `${node} --version`, version, `expected v${spec.node}; remove ${partial} and rerun`);
  }
  writeFileSync(join(partial, MARKER_NAME), JSON.stringify({ ...nodeMarker(spec.role), installedAt: new Date().toISOString() }, null, 2));
  publishInstall(partial, paths.nodeDir, () => nodeComplete(paths, spec));
}

/** Loads each native module with the install's Node, so a build that silently failed fails here. */
async function verifyNativeModules(ctx, spec, pkg, node) {
  const checks = [
    { dir: join(pkg, 'lib', 'vscode'), modules: [...spec.rebuild, ...spec.prebuilt] },
    { dir: pkg, modules: ['argon2'] },
  ];
  for (const { dir, modules } of checks) {
    const script = modules.map((m) => `require(${JSON.stringify(m)});`).join('') + 'console.log("native modules load")';
    await runStep(ctx, `verify native modules (${modules.join(', ')})`, node, ['-e', script], {
      cwd: dir,
      hint: `a native module did not build. Check the compiler toolchain (g++, make, python3) and the Debian -dev packages (${APT_PACKAGES.join(' ')}), then rerun; the build log is in ${ctx.log}`,
    });
  }
}

/** The code-server install proper, into a partial folder that is renamed into place at the end. */
async function installCodeServer(ctx, spec, paths) {
  removeStalePartials(paths.dir);
  const dir = partialDir(paths.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = join(dir, 'package');
  // The install's Node first on PATH runs npm and node-gyp; nodedir points node-gyp at its headers
  // (overriding a user npmrc's, such as Debian's /usr for the system Node).
  const env = { ...NPM_ENV, PATH: `${dirname(paths.node)}:${process.env.PATH ?? ''}`, npm_config_nodedir: dirname(dirname(paths.node)) };
  const npm = 'npm';

  await runStep(ctx, 'npm pack code-server', npm, ['pack', `code-server@${spec.codeServer}`, '--pack-destination', dir], {
    cwd: dir,
    env,
    hint: NET_HINT,
  });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz)
    throw new InstallError(
      'npm pack code-server',
      `npm pack code-server@${spec.codeServer}`,
      '',
      `no .tgz appeared in ${dir}; ${NET_HINT}`,
    );
  await runStep(ctx, 'unpack code-server', 'tar', ['-xzf', join(dir, tgz), '-C', dir], {
    hint: 'tar must be installed; check the disk space',
  });
  rmSync(join(dir, tgz), { force: true });

  // The versions code-server shipped with (its npm-shrinkwrap.json), without install scripts: its
  // post-install downloads from the internet. What it would do is done below by hand.
  const vscodeDir = join(pkg, 'lib', 'vscode');
  await runStep(ctx, 'npm install lib/vscode', npm, ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env, hint: NET_HINT });

  if (spec.copyRipgrep) {
    const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgDir, { recursive: true });
    copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
    chmodSync(join(rgDir, 'rg'), 0o755);
    say(ctx, 'ripgrep copied from /usr/bin/rg');
  }

  // npm 11 blocks dependency install scripts unless allowed; the native modules need theirs.
  const allowAll = ['--foreground-scripts', '--dangerously-allow-all-scripts'];
  const buildHint = `a native module failed to build: check g++, make, python3 and the Debian -dev packages (${APT_PACKAGES.join(' ')}); full log in ${ctx.log}`;
  await runStep(ctx, `npm rebuild ${spec.rebuild.join(' ')}`, npm, ['rebuild', ...spec.rebuild, ...allowAll], {
    cwd: vscodeDir,
    env,
    hint: buildHint,
  });

  if (spec.asarLink) forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  forceSymlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  say(ctx, 'post-install links made');

  await runStep(ctx, 'npm install lib/vscode/extensions', npm, ['install', '--omit=dev', ...allowAll], {
    cwd: join(vscodeDir, 'extensions'),
    env,
    hint: NET_HINT,
  });
  await runStep(ctx, 'npm install code-server root', npm, ['install', '--omit=dev', '--ignore-scripts'], { cwd: pkg, env, hint: NET_HINT });
  await runStep(ctx, 'npm rebuild argon2', npm, ['rebuild', 'argon2', ...allowAll], { cwd: pkg, env, hint: buildHint });

  await verifyNativeModules(ctx, spec, pkg, paths.node);
  const entry = join(pkg, 'out', 'node', 'entry.js');
  const version = await runStep(ctx, 'code-server --version', paths.node, [entry, '--version'], {
    cwd: pkg,
    hint: `code-server does not start; see ${ctx.log}`,
  });
  if (!version.includes(spec.codeServer) || !version.includes(spec.vscode)) {
    throw new InstallError(
      'code-server --version',
      `${paths.node} ${entry} --version`,
      version,
      `expected ${spec.codeServer} with Code ${spec.vscode}; remove ${dir} and rerun`,
    );
  }
  writeFileSync(
    join(dir, MARKER_NAME),
    JSON.stringify(
      { ...codeServerMarker(spec.role, paths.cacheRoot), version: lastLines(version, 1), installedAt: new Date().toISOString() },
      null,
      2,
    ),
  );
  publishInstall(dir, paths.dir, () => codeServerComplete(paths, spec));
}

function describe(role, installSeconds) {
  const spec = CODE_SERVERS[role];
  const paths = testEnvPaths(role);
  return {
    role,
    codeServerVersion: spec.codeServer,
    vscodeVersion: spec.vscode,
    codeServerEntry: paths.entry,
    codeServerDir: paths.pkg,
    node: paths.node,
    developmentArgs: spec.developmentArgs,
    installSeconds,
  };
}

/** Installs one role's Node and code-server when missing. `nodeInstalls` shares a Node between roles. */
async function ensureOne(role, nodeInstalls) {
  const spec = CODE_SERVERS[role];
  const paths = testEnvPaths(role);
  const started = Date.now();
  if (codeServerComplete(paths, spec)) return describe(role, 0);
  const ctx = { log: paths.log, label: `${spec.codeServer}`, aptUpdated: false };
  writeFileSync(paths.log, `code-server ${spec.codeServer} (VS Code ${spec.vscode}) on Node ${spec.node}, ${new Date().toISOString()}\n`);
  say(
    ctx,
    `installing code-server ${spec.codeServer} (VS Code ${spec.vscode}, the ${role}) on Node ${spec.node} into ${paths.dir} (log: ${paths.log})`,
  );
  if (!nodeComplete(paths, spec)) {
    if (!nodeInstalls.has(spec.node)) nodeInstalls.set(spec.node, installNode(ctx, spec, paths));
    await nodeInstalls.get(spec.node);
  }
  await installCodeServer(ctx, spec, paths);
  const seconds = (Date.now() - started) / 1000;
  say(ctx, `code-server ${spec.codeServer} ready in ${seconds.toFixed(1)} s`);
  return describe(role, seconds);
}

/**
 * Makes sure the code-servers for `roles` are installed, in parallel; fast when cached.
 * Resolves to { [role]: { codeServerEntry, codeServerDir, node, codeServerVersion, vscodeVersion, installSeconds } }.
 */
export async function ensureCodeServers(roles = ROLES) {
  const unknown = roles.filter((r) => !CODE_SERVERS[r]);
  if (unknown.length) throw new Error(`unknown code-server role(s) ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
  const { cacheRoot } = testEnvPaths();
  mkdirSync(cacheRoot, { recursive: true });
  if (roles.some((r) => !codeServerComplete(testEnvPaths(r), CODE_SERVERS[r]))) {
    const aptCtx = { log: join(cacheRoot, 'install-debian-packages.log'), label: 'apt', aptUpdated: false };
    await ensureAptPackages(aptCtx, APT_PACKAGES, 'native modules of code-server, and ripgrep');
  }
  const nodeInstalls = new Map();
  // allSettled: a failing install does not leave the other's npm running behind an exiting process.
  const settled = await Promise.allSettled(roles.map((r) => ensureOne(r, nodeInstalls)));
  const failures = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const err = new InstallError(
      'code-server installs',
      roles.join(' and '),
      '',
      failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n\n'),
    );
    throw err;
  }
  return Object.fromEntries(settled.map((s, i) => [roles[i], s.value]));
}

/** Makes sure one code-server is installed (what `npm start` needs: the current one). */
export async function ensureCodeServer(role = 'current') {
  return (await ensureCodeServers([role]))[role];
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
 * Makes sure the code-servers for `roles` (default: the current one, what the e2e layer uses) and
 * Chromium are installed; fast when cached. Resolves to { codeServers, codeServerEntry, codeServerDir,
 * node, chromium, installSeconds }, where the single fields describe the current one (or the last role).
 */
export async function ensureTestEnv(roles = ['current']) {
  const started = Date.now();
  const codeServers = await ensureCodeServers(roles);
  const { cacheRoot } = testEnvPaths();
  const ctx = { log: join(cacheRoot, 'install-debian-packages.log'), label: 'apt', aptUpdated: false };
  const chromium = await ensureChromium(ctx);
  const installSeconds = (Date.now() - started) / 1000;
  if (installSeconds >= 1 || ctx.aptUpdated) say({}, `test environment ready in ${installSeconds.toFixed(1)} s`);
  const main = codeServers.current ?? codeServers[roles[roles.length - 1]];
  return {
    codeServers,
    codeServerEntry: main.codeServerEntry,
    codeServerDir: main.codeServerDir,
    node: main.node,
    chromium,
    installSeconds,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = process.argv[2] ?? 'all';
  const roles = arg === 'all' ? [...ROLES] : [arg];
  ensureTestEnv(roles).then(
    (env) => {
      for (const cs of Object.values(env.codeServers)) {
        console.log(`code-server ${cs.codeServerVersion} (VS Code ${cs.vscodeVersion}, ${cs.role}): ${cs.codeServerEntry}`);
        console.log(`  node: ${cs.node}`);
      }
      console.log(`chromium: ${env.chromium}`);
      console.log(`took ${env.installSeconds.toFixed(1)} s`);
    },
    (err) => {
      console.error(err instanceof InstallError ? err.message : err);
      process.exit(1);
    },
  );
}
