// Copying optional fields without writing `undefined` into them (exactOptionalPropertyTypes).

/** Copies the named keys whose values are defined. */
export function optional<T extends object, K extends keyof T>(src: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}
