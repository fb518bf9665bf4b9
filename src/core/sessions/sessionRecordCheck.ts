// What a session record must look like to be used: checked when the sessions store loads (a bad
// record is set aside, the others load) and when the manager creates or changes a session (a bad
// field is refused before it is saved). Every field of the record types has its check here.
import { isBoolean, isNumber, isString, listOf, oneOf, optional, shape, type Check } from '../store/recordChecks';
import type { SessionRecord, Specialty, TaskRecord, TaskStatus, WorkingSetEntry } from './sessionTypes';

const taskStatuses: readonly TaskStatus[] = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'];

const specialty = shape<Specialty>({ label: isString, globs: listOf(isString) });

export const checkTaskRecord: Check = shape<TaskRecord>({
  id: isString,
  text: isString,
  priority: isNumber,
  dependsOn: listOf(isString),
  status: oneOf(...taskStatuses),
  createdAt: isNumber,
  startedAt: optional(isNumber),
  finishedAt: optional(isNumber),
  attempts: isNumber,
  resultText: optional(isString),
  error: optional(isString),
  stderrTail: optional(listOf(isString)),
  retryable: optional(isBoolean),
  failureKind: optional(isString),
  costUsd: optional(isNumber),
});

const workingSetEntry = shape<WorkingSetEntry>({
  path: isString,
  reads: isNumber,
  edits: isNumber,
  firstAt: isNumber,
  lastAt: isNumber,
  lastAccess: oneOf('read', 'edit'),
});

/** Why `value` is not a usable session record, or undefined when it is. */
export const checkSessionRecord: Check = shape<SessionRecord>({
  id: isString,
  name: isString,
  // Agent and state stay open strings: an unknown agent fails its tasks with a clear message, and
  // the state is reset when sessions load.
  agent: isString,
  folder: isString,
  specialty: optional(specialty),
  model: optional(isString),
  permissionMode: optional(isString),
  allowedTools: optional(listOf(isString)),
  conversationId: optional(isString),
  state: isString,
  queue: listOf(checkTaskRecord),
  history: listOf(checkTaskRecord),
  trimmedTasks: optional(isNumber),
  workingSet: listOf(workingSetEntry),
  createdAt: isNumber,
  lastActivityAt: isNumber,
  lastError: optional(
    shape<NonNullable<SessionRecord['lastError']>>({
      reason: isString,
      stderrTail: listOf(isString),
      at: isNumber,
      kind: optional(isString),
    }),
  ),
});
