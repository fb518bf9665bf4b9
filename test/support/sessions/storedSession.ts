// A session record as the workspace store keeps it in sessions.json (one finished task), for tests
// that write a store file by hand; `extra` overrides or adds fields (a bad one, say).
export function storedSession(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `session ${id}`,
    agent: 'claude',
    folder: '/w',
    state: 'idle',
    queue: [],
    history: [{ id: `t-${id}`, text: 'a task', priority: 0, dependsOn: [], status: 'succeeded', createdAt: 1, finishedAt: 2, attempts: 1 }],
    workingSet: [],
    createdAt: 1,
    lastActivityAt: 2,
    ...extra,
  };
}
