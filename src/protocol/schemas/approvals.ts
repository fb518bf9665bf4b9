// Parameter schemas of the approvals requests (host → orchestrator).
import { z } from 'zod';
import type { AddAllowRulesParams, AnswerApprovalParams, PreviewAllowRuleParams, ResolveRuleSuggestionParams } from '../approvals';
import { id, path } from './common';

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

const rule = z.string().min(1).max(10_000);

export const previewAllowRuleParams: z.ZodType<PreviewAllowRuleParams> = z.object({
  sessionId: id,
  requestId: id,
  rules: z.array(rule).max(20).exactOptional(),
});

export const addAllowRulesParams: z.ZodType<AddAllowRulesParams> = z.object({
  folder: path,
  rules: z.array(rule).min(1).max(20),
});

export const resolveRuleSuggestionParams: z.ZodType<ResolveRuleSuggestionParams> = z.object({
  id,
  how: z.enum(['add', 'notNow', 'never']),
});
