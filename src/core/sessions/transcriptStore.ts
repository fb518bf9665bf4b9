// Session transcripts: what was asked and every agent event, kept per session so a transcript
// can be shown live and again after a reload. Append-only JSONL files, one per session.
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
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

  constructor(private readonly dir: string) {}

  append(sessionId: string, entry: TranscriptEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const next = (this.chains.get(sessionId) ?? Promise.resolve()).then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file(sessionId), line, 'utf8');
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
