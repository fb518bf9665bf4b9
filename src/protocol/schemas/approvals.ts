// Parameter schemas of the approvals requests (host → orchestrator).
import { z } from 'zod';
import type { AnswerApprovalParams } from '../approvals';
import { id } from './common';

/** A denial's message is told to the agent: trimmed and cut to 2,000 characters. */
export const answerApprovalParams: z.ZodType<AnswerApprovalParams> = z
  .object({
    sessionId: id,
    requestId: id,
    allow: z.boolean(),
    message: z.string().max(100_000).exactOptional(),
  })
  .transform(({ message, ...rest }) => {
    const m = message?.trim().slice(0, 2000);
    return m ? { ...rest, message: m } : rest;
  });
