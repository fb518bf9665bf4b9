// Views of a session record that copy no history: its brief (name, folder, running task) for hot
// paths, and its working view (what it works with, a copy) for listeners and tools.
import { optional } from './optionalFields';
import type { SessionBrief, SessionRecord, SessionWorkingView } from './sessionTypes';

export function briefOf(s: SessionRecord): SessionBrief {
  let running: string | undefined;
  for (let i = s.history.length - 1; i >= 0 && running === undefined; i--)
    if (s.history[i]?.status === 'running') running = s.history[i]?.id;
  return { id: s.id, name: s.name, folder: s.folder, ...(running !== undefined ? { runningTaskId: running } : {}) };
}

export function workingViewOf(s: SessionRecord): SessionWorkingView {
  const view: SessionWorkingView = {
    id: s.id,
    name: s.name,
    agent: s.agent,
    folder: s.folder,
    ...optional(s, ['specialty', 'model', 'conversationId']),
    workingSet: s.workingSet,
  };
  return structuredClone(view);
}
