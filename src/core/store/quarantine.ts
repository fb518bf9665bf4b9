// Moves a damaged store file aside as `<name>.corrupt-<timestamp>.json`, next to it, without
// ever overwriting an existing file: the quarantined bytes are exactly the original's.
import { copyFile, constants, link, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { errorCode } from './storeErrors';

/** `<name>.<tag>-<timestamp>[-n].json` beside `file` (the timestamp has no colons, for Windows). */
export function quarantinePathFor(file: string, when: Date, attempt = 0, tag = 'corrupt'): string {
  const ext = extname(file);
  const name = basename(file, ext);
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  const suffix = attempt === 0 ? '' : `-${attempt}`;
  return join(dirname(file), `${name}.${tag}-${stamp}${suffix}${ext === '' ? '.json' : ext}`);
}

/**
 * Renames `file` to a fresh quarantine path and returns it. Uses link+unlink (which fails instead
 * of overwriting) with an exclusive copy as fallback where hard links are unsupported. Throws
 * ENOENT when `file` vanished meanwhile (another process quarantined or replaced it).
 */
export async function quarantineFile(file: string, when: Date = new Date()): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = quarantinePathFor(file, when, attempt);
    try {
      await placeExclusively(file, target);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    await unlink(file);
    return target;
  }
  throw new Error(`Could not find a free quarantine name for "${file}".`);
}

async function placeExclusively(file: string, target: string): Promise<void> {
  try {
    await link(file, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOENT') throw error;
    // No hard links here (FAT, some network shares): copy, refusing to overwrite.
    await copyFile(file, target, constants.COPYFILE_EXCL);
  }
}
