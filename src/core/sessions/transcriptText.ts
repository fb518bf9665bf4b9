// Renders transcript entries as the lines of the read-only transcript document.
import { formatAgentEvent } from '../agents/eventText';
import { printable, printableLine } from '../agents/printable';
import type { TranscriptEntry, TranscriptItem } from './transcriptStore';

function time(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').slice(0, 19);
}

export function transcriptItemLines(item: TranscriptItem, at: number, taskId: string): string[] {
  if (item.type === 'task_start') {
    return [
      '',
      `━━ ${time(at)} · task ${taskId}${item.attempt > 1 ? ` (attempt ${item.attempt})` : ''}`,
      ...printable(item.text)
        .split('\n')
        .map((l) => `> ${l}`),
    ];
  }
  if (item.type === 'task_end') {
    return [`━━ ${time(at)} · task ${taskId} ${item.status}${item.error ? `: ${printableLine(item.error)}` : ''}`];
  }
  const text = formatAgentEvent(item);
  return text === undefined ? [] : printable(text).split('\n');
}

export function transcriptLines(entries: TranscriptEntry[]): string[] {
  return entries.flatMap((e) => transcriptItemLines(e.item, e.at, e.taskId));
}
