// Finds the program a spawn will run, the way the operating system will: a path with a separator
// is taken as it is (relative to the working folder), a bare name is searched on the PATH of the
// environment the agent gets (its own agentEnvironment PATH first). Used to say, when a session is
// created, that its CLI is missing, before the first task fails.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';

export type ExecutableLookup = { found: true; path: string } | { found: false; reason: string };

function runnable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findExecutable(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): ExecutableLookup {
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? env.Pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  if (command.includes('/') || (platform === 'win32' && command.includes('\\')) || isAbsolute(command)) {
    const path = resolve(cwd, command);
    for (const ext of exts) if (runnable(path + ext, platform)) return { found: true, path: path + ext };
    return { found: false, reason: `${path} does not exist or is not an executable file` };
  }
  const pathVar = env.PATH ?? env.Path ?? '';
  const dirs = pathVar.split(delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (runnable(candidate, platform)) return { found: true, path: candidate };
    }
  }
  return {
    found: false,
    reason:
      dirs.length === 0
        ? `'${command}' is not a path and the agent's PATH is empty`
        : `'${command}' is not on the agent's PATH (${dirs.length} folder${dirs.length === 1 ? '' : 's'} searched${dirs[0] ? `, first ${dirs[0]}${sep}` : ''})`,
  };
}
