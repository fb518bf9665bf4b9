// The building blocks of the test environment install (install.mjs): a step runner that logs each
// command's output and fails with everything a person needs to act on it, the Debian packages
// step, and the atomic "build in a partial folder, then rename into place" that keeps the cache
// consistent when an install is interrupted or two runs install at once.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

export function lastLines(text, n = 25) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Progress on stderr, prefixed with what is being installed (installs run in parallel). */
export function say(ctx, msg) {
  process.stderr.write(`[test-env${ctx.label ? ` ${ctx.label}` : ''}] ${msg}\n`);
}

/**
 * Runs one command (argument array, never a shell string), logging its output to ctx.log;
 * resolves to the output, rejects with an InstallError naming the step.
 */
export function runStep(ctx, step, cmd, args, { cwd, env, hint }) {
  const shown = `${cmd} ${args.join(' ')}${cwd ? `   (in ${cwd})` : ''}`;
  const started = Date.now();
  say(ctx, `${step}: ${shown}`);
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
        say(ctx, `${step}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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

/** Installs missing Debian packages (root, as on this machine and CI); runs apt-get update once per ctx. */
export async function ensureAptPackages(ctx, packages, why) {
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

export function forceSymlink(target, path) {
  try {
    lstatSync(path);
    rmSync(path, { recursive: true, force: true });
  } catch {
    // absent: nothing to remove
  }
  symlinkSync(target, path);
}

export function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The folder an install is built in before it is renamed to `dir`; one per process. */
export function partialDir(dir) {
  return `${dir}.partial-${process.pid}`;
}

/** Removes partial installs of `dir` left by runs that were killed (their process is gone). */
export function removeStalePartials(dir) {
  const prefix = `${basename(dir)}.partial-`;
  if (!existsSync(dirname(dir))) return;
  for (const name of readdirSync(dirname(dir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) continue;
    rmSync(join(dirname(dir), name), { recursive: true, force: true });
  }
}

/**
 * Moves a finished install from its partial folder to `dir`. When another run finished first
 * (`dir` is there and `isComplete(dir)`), ours is dropped and theirs kept; an incomplete `dir`
 * (an install from before markers, or a broken one) is replaced.
 */
export function publishInstall(partial, dir, isComplete) {
  try {
    renameSync(partial, dir);
    return;
  } catch (err) {
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  }
  if (isComplete(dir)) {
    rmSync(partial, { recursive: true, force: true });
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}
