// Which files learned fixes may come from: the user's source files, not the editor's own settings.
// Always left out: documents that are not files (untitled, settings UI, output…), everything in
// VS Code's user folder (settings, keybindings, tasks, launch, snippets, profiles), and
// `*.code-workspace` files. Also left out: what matches agentAffinity.fixes.exclude (globs matched
// against the absolute path and against the path inside each workspace folder).
import { fileURLToPath } from 'node:url';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { isBelow } from '../workspace/paths';

/** The default of agentAffinity.fixes.exclude. */
export const DEFAULT_FIX_EXCLUDES: readonly string[] = ['**/node_modules/**', '**/.git/**', '**/.vscode/**'];

export interface CaptureScopeOptions {
  /** The extension's global storage folder (`<user folder>/globalStorage/<extension id>`): it tells the user folder. */
  globalStorageDir?: string;
  /** Workspace folders, for globs written relative to a folder. */
  workspaceFolders?: readonly string[];
  /** agentAffinity.fixes.exclude. */
  exclude?: readonly string[];
}

/** VS Code's own files in a user folder (`…/User/`, or a profile's), when the user folder itself is unknown. */
const USER_FILES = /\/User\/(?:profiles\/[^/]+\/)?(?:(?:settings|keybindings|tasks|launch|mcp)\.json|snippets\/[^/]+)$/;
const WORKSPACE_FILE = /\.code-workspace$/i;

export class FixCaptureScope {
  private readonly userDir: string | undefined;
  private readonly folders: readonly string[];
  private globs: Minimatch[] = [];

  constructor(options: CaptureScopeOptions = {}) {
    this.userDir = userDirOf(options.globalStorageDir);
    this.folders = (options.workspaceFolders ?? []).map((f) => resolve(f));
    this.setExclude(options.exclude ?? DEFAULT_FIX_EXCLUDES);
  }

  /** New exclude globs (the setting changed); blank entries are ignored. */
  setExclude(globs: readonly string[]): void {
    const nocase = process.platform === 'win32' || process.platform === 'darwin';
    this.globs = globs.filter((g) => g.trim() !== '').map((g) => new Minimatch(g.trim(), { dot: true, nocase }));
  }

  /** Why fixes are not learned from this document (by its URI), or undefined when they may be. */
  excludedUri(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return 'not a file on disk';
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return 'not a file on disk';
    }
    return this.excludedPath(path);
  }

  /** Why fixes are not learned from this file (an absolute path), or undefined when they may be. */
  excludedPath(path: string): string | undefined {
    if (!isAbsolute(path)) return 'not an absolute path';
    const abs = resolve(path);
    const slashed = toSlashes(abs);
    if (WORKSPACE_FILE.test(slashed)) return 'a VS Code workspace file';
    if ((this.userDir !== undefined && inside(abs, this.userDir)) || USER_FILES.test(slashed))
      return "VS Code's own settings (user folder)";
    const candidates = [slashed, ...this.folders.filter((f) => inside(abs, f)).map((f) => toSlashes(relative(f, abs)))];
    const hit = this.globs.find((g) => candidates.some((c) => g.match(c)));
    return hit ? `excluded by agentAffinity.fixes.exclude (${hit.pattern})` : undefined;
  }

  /** True when fixes may be learned from the document with this URI. */
  acceptsUri(uri: string): boolean {
    return this.excludedUri(uri) === undefined;
  }

  /** True when fixes may be learned from the file at this absolute path. */
  acceptsPath(path: string): boolean {
    return this.excludedPath(path) === undefined;
  }
}

/** The user folder from the global storage folder, when it has VS Code's layout. */
function userDirOf(globalStorageDir: string | undefined): string | undefined {
  if (!globalStorageDir) return undefined;
  const storage = dirname(resolve(globalStorageDir));
  return storage.endsWith(`${sep}globalStorage`) ? dirname(storage) : undefined;
}

function inside(path: string, dir: string): boolean {
  return isBelow(dir, path);
}

function toSlashes(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
