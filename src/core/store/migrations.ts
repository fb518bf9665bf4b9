// Schema migrations: checking that a store's migration list forms a chain up to its current
// version, and running the steps from a file's version to the current one.
import type { JsonObject, Migration } from './storeTypes';
import { StoreConfigError, errorText } from './storeErrors';

export type MigrationOutcome =
  { readonly ok: true; readonly data: JsonObject; readonly applied: number } | { readonly ok: false; readonly reason: string };

/** Throws StoreConfigError unless the migrations are distinct steps forming one chain ending at `schemaVersion`. */
export function checkMigrations(file: string, schemaVersion: number, migrations: readonly Migration[]): void {
  if (!Number.isInteger(schemaVersion) || schemaVersion < 0) {
    throw new StoreConfigError(`Store "${file}": schemaVersion must be a non-negative integer, got ${schemaVersion}.`, file);
  }
  const seen = new Set<number>();
  for (const step of migrations) {
    if (!Number.isInteger(step.from) || step.from < 0 || step.from >= schemaVersion) {
      throw new StoreConfigError(
        `Store "${file}": migration "${step.description}" starts at ${step.from}, outside 0..${schemaVersion - 1}.`,
        file,
      );
    }
    if (seen.has(step.from)) throw new StoreConfigError(`Store "${file}": two migrations start at ${step.from}.`, file);
    seen.add(step.from);
  }
  const oldest = oldestMigratable(schemaVersion, migrations);
  for (let version = oldest; version < schemaVersion; version++) {
    if (!seen.has(version)) {
      throw new StoreConfigError(`Store "${file}": no migration from ${version} to ${version + 1}.`, file);
    }
  }
}

/** The oldest version the chain can bring up to date (the current version when there are no steps). */
export function oldestMigratable(schemaVersion: number, migrations: readonly Migration[]): number {
  return migrations.reduce((oldest, step) => Math.min(oldest, step.from), schemaVersion);
}

/** Runs the steps from `fromVersion` to `toVersion` in order. A step that throws or returns a non-object fails the whole run. */
export function runMigrations(
  data: JsonObject,
  fromVersion: number,
  toVersion: number,
  migrations: readonly Migration[],
): MigrationOutcome {
  if (fromVersion < oldestMigratable(toVersion, migrations)) {
    return {
      ok: false,
      reason: `schema version ${fromVersion} is too old to migrate (oldest supported: ${oldestMigratable(toVersion, migrations)})`,
    };
  }
  const byFrom = new Map(migrations.map((step) => [step.from, step]));
  let current = data;
  for (let version = fromVersion; version < toVersion; version++) {
    const step = byFrom.get(version);
    if (step === undefined) return { ok: false, reason: `no migration from schema version ${version}` };
    try {
      const next: unknown = step.migrate(current);
      if (!isJsonObject(next)) return { ok: false, reason: `migration "${step.description}" did not return an object` };
      current = next;
    } catch (error) {
      return { ok: false, reason: `migration "${step.description}" failed: ${errorText(error)}` };
    }
  }
  return { ok: true, data: current, applied: toVersion - fromVersion };
}

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
