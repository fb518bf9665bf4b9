// A command line split once into its simple commands and their match forms (wrappers and
// environment assignments stripped), shared by every list and rule that decides it; and the tool
// families whose calls Edit and Read rules govern.
import { canonicalPowerShell } from './commandPattern';
import { isExecWrapperCommand, matchForms, splitCommand } from './shellSplit';

/** Tools whose file paths Edit rules govern. */
export const EDIT_FAMILY: ReadonlySet<string> = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
/** Tools whose file paths Read rules govern. */
export const READ_FAMILY: ReadonlySet<string> = new Set(['Read', 'Glob', 'Grep', 'NotebookRead', 'LS']);

/** A command split once and its match forms, shared by every list and rule set deciding it. */
export interface PreparedCommand {
  parts: string[];
  unparseable: boolean;
  denyForms: string[];
  allowForms: string[][];
  /** Per part: an exec wrapper (`watch …`, `find -exec`), which only an exact allow rule approves. */
  execWrapper: boolean[];
}

/** Two levels (tool, then command): no key string is built per lookup. */
const prepared = new Map<string, Map<string, PreparedCommand>>();
let preparedCount = 0;

function formsOf(part: string, list: 'allow' | 'deny', powershell: boolean): string[] {
  return powershell ? [canonicalPowerShell(part)] : matchForms(part, list);
}

export function prepare(tool: string, command: string): PreparedCommand {
  let byCommand = prepared.get(tool);
  if (byCommand === undefined) {
    byCommand = new Map();
    prepared.set(tool, byCommand);
  }
  const hit = byCommand.get(command);
  if (hit !== undefined) return hit;
  const ps = tool === 'PowerShell';
  const split = splitCommand(command, ps ? 'powershell' : 'bash');
  const denyForms: string[] = [];
  const allowForms: string[][] = [];
  const execWrapper: boolean[] = [];
  for (const part of split.parts) {
    denyForms.push(...formsOf(part, 'deny', ps));
    allowForms.push(formsOf(part, 'allow', ps));
    execWrapper.push(isExecWrapperCommand(part));
  }
  if (split.unparseable) denyForms.push(...formsOf(command.trim(), 'deny', ps));
  const p: PreparedCommand = { parts: split.parts, unparseable: split.unparseable, denyForms, allowForms, execWrapper };
  if (++preparedCount > 100_000) {
    prepared.clear();
    preparedCount = 0;
    byCommand = new Map();
    prepared.set(tool, byCommand);
  }
  byCommand.set(command, p);
  return p;
}
