// A change of a session's settings (name, specialty, model, permission mode, allowed tools):
// checked on a copy first, so an invalid change leaves the session as it was.
import type { SessionSettingsPatch } from './sessionInputs';
import { checkSessionRecord } from './sessionRecordCheck';
import type { SessionRecord } from './sessionTypes';

const KEYS = ['name', 'specialty', 'model', 'permissionMode', 'allowedTools'] as const;

/** Applies `patch` to `s` (a null or undefined value clears the setting; the name stays), after
 *  checking the result on `copy`, a copy of `s`. Throws, leaving `s` unchanged, when it is invalid. */
export function applySettingsPatch(s: SessionRecord, patch: SessionSettingsPatch, copy: SessionRecord): void {
  for (const key of KEYS) {
    if (!(key in patch)) continue;
    const v = patch[key];
    if (v === undefined || v === null) {
      if (key !== 'name') delete copy[key];
    } else Object.assign(copy, { [key]: v });
  }
  const invalid = checkSessionRecord(copy);
  if (invalid !== undefined) throw new Error(`Session ${s.name} was not changed: ${invalid}.`);
  for (const key of KEYS) {
    if (copy[key] === undefined) delete s[key];
    else Object.assign(s, { [key]: copy[key] });
  }
}
