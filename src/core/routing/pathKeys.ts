// Workspace-relative path keys for the router: `a/b.ts` with one folder, `folder/a/b.ts` with
// several; absolute paths elsewhere are not tracked.
import { basename, isAbsolute, resolve } from 'node:path';
import { pathBelow } from '../workspace/paths';

export class PathKeys {
  constructor(private readonly folders: string[]) {}

  get multiRoot(): boolean {
    return this.folders.length > 1;
  }

  /** The key of an absolute (or `base`-relative) path, or undefined outside the workspace. */
  key(path: string, base?: string): string | undefined {
    const abs = isAbsolute(path) ? path : resolve(base ?? this.folders[0] ?? '.', path);
    for (const folder of this.folders) {
      const posix = pathBelow(folder, abs);
      if (posix !== undefined) return this.multiRoot ? `${basename(folder)}/${posix}` : posix;
    }
    return undefined;
  }

  /** The folder label the router uses for sessions in `folder`. */
  folderLabel(folder: string): string {
    return this.multiRoot ? basename(folder) : '';
  }

  /** Globs relative to a session's folder, as workspace-relative globs. */
  globs(folder: string, globs: readonly string[]): string[] {
    return this.multiRoot ? globs.map((g) => `${basename(folder)}/${g}`) : [...globs];
  }

  /** Absolute path of a key. */
  absolute(key: string): string | undefined {
    if (!this.multiRoot) return this.folders[0] ? resolve(this.folders[0], key) : undefined;
    const [head, ...rest] = key.split('/');
    const folder = this.folders.find((f) => basename(f) === head);
    return folder ? resolve(folder, rest.join('/')) : undefined;
  }
}
