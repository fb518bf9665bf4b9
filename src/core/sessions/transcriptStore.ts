// Session transcripts: what was asked and every agent event, kept per session so a transcript
// can be shown live and again after a reload. Append-only JSONL files, one per session, private
// to the user (0600: they hold task texts and agent output).
import { appendFile, chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent } from '../agents/agentEvents';
import type { TaskStatus } from './sessionTypes';

export type TranscriptItem =
  AgentEvent | { type: 'task_start'; text: string; attempt: number } | { type: 'task_end'; status: TaskStatus; error?: string };

export interface TranscriptEntry {
  at: number;
  taskId: string;
  item: TranscriptItem;
}

export interface TranscriptStore {
  append(sessionId: string, entry: TranscriptEntry): Promise<void>;
  read(sessionId: string): Promise<TranscriptEntry[]>;
  delete(sessionId: string): Promise<void>;
}

/** Which events are worth keeping: raw lines and garbage stay out of transcripts. */
export function isTranscribed(item: TranscriptItem): boolean {
  return item.type !== 'raw' && item.type !== 'garbage';
}

export class InMemoryTranscriptStore implements TranscriptStore {
  private readonly entries = new Map<string, TranscriptEntry[]>();

  async append(sessionId: string, entry: TranscriptEntry): Promise<void> {
    const list = this.entries.get(sessionId) ?? [];
    list.push(structuredClone(entry));
    this.entries.set(sessionId, list);
  }

  async read(sessionId: string): Promise<TranscriptEntry[]> {
    return structuredClone(this.entries.get(sessionId) ?? []);
  }

  async delete(sessionId: string): Promise<void> {
    this.entries.delete(sessionId);
  }
}

/** `<dir>/<sessionId>.jsonl`; appends are serialized per session; unreadable lines are skipped. */
export class FileTranscriptStore implements TranscriptStore {
  private readonly chains = new Map<string, Promise<void>>();
  /** Sessions whose file was made private in this process (a file written by an older version may be 0644). */
  private readonly madePrivate = new Set<string>();

  constructor(private readonly dir: string) {}

  append(sessionId: string, entry: TranscriptEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const next = (this.chains.get(sessionId) ?? Promise.resolve()).then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await appendFile(this.file(sessionId), line, { encoding: 'utf8', mode: 0o600 });
      if (!this.madePrivate.has(sessionId)) {
        await chmod(this.file(sessionId), 0o600);
        this.madePrivate.add(sessionId);
      }
    });
    this.chains.set(
      sessionId,
      next.catch(() => undefined),
    );
    return next;
  }

  async read(sessionId: string): Promise<TranscriptEntry[]> {
    await this.chains.get(sessionId);
    let text: string;
    try {
      text = await readFile(this.file(sessionId), 'utf8');
    } catch {
      return [];
    }
    const out: TranscriptEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as TranscriptEntry);
      } catch {
        /* a torn last line after a crash */
      }
    }
    return out;
  }

  async delete(sessionId: string): Promise<void> {
    await this.chains.get(sessionId);
    await rm(this.file(sessionId), { force: true });
  }

  private file(sessionId: string): string {
    if (!/^[\w-]+$/.test(sessionId)) throw new Error(`Invalid session id for a transcript file: ${sessionId}`);
    return join(this.dir, `${sessionId}.jsonl`);
  }
}
