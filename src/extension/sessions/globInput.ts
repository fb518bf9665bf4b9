// Validation of the specialty globs a person types when creating a session.

/** Parses a comma-separated glob list; returns an error message for an unusable one. */
export function parseGlobs(text: string): { globs: string[]; error?: string } {
  const globs = text
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  for (const g of globs) {
    if (g.startsWith('/') || /^[A-Za-z]:/.test(g))
      return { globs, error: `'${g}' is absolute: globs are relative to the session's folder` };
    if (g.includes('..')) return { globs, error: `'${g}' leaves the folder` };
  }
  return { globs };
}
