// Parameter schemas of the learned-fixes requests and notifications (host → orchestrator).
import { z } from 'zod';
import type { AppliedFixArgs, EditFixParams, FileDiagnostics, FixListQuery, RememberFixParams, WireDiagnostic } from '../fixes';
import { id, text } from './common';

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });

export const wireDiagnostic: z.ZodType<WireDiagnostic> = z.object({
  message: z.string().max(100_000),
  range: z.object({ start: position, end: position }),
  source: z.string().max(200).exactOptional(),
  code: z.union([z.string().max(200), z.number()]).exactOptional(),
  severity: z.enum(['error', 'warning', 'information', 'hint']),
});

const uri = z.string().min(1).max(8192);

export const fileDiagnostics: z.ZodType<FileDiagnostics> = z.object({ uri, diagnostics: z.array(wireDiagnostic).max(10_000) });

export const fixListQuery: z.ZodType<FixListQuery> = z
  .object({
    text: z.string().max(10_000).exactOptional(),
    sort: z.enum(['success', 'recency', 'uses']).exactOptional(),
    limit: z.number().int().min(1).max(1000).exactOptional(),
  })
  .or(z.union([z.undefined(), z.null()]).transform(() => ({})));

export const fixRef: z.ZodType<{ id: string }> = z.object({ id });
export const fixIds: z.ZodType<{ ids: string[] }> = z.object({ ids: z.array(id).max(100_000) });

export const editFixParams: z.ZodType<EditFixParams> = z.object({
  id,
  title: z.string().max(1_000).exactOptional(),
  diff: z.string().max(200_000).exactOptional(),
});

export const importFixesParams: z.ZodType<{ text: string }> = z.object({ text: text(64 * 1024 * 1024) });

export const rememberFixParams: z.ZodType<RememberFixParams> = z.object({ uri, diagnostic: wireDiagnostic });

/** The argument of the code action's `applied` command. */
export const appliedFixArgs: z.ZodType<AppliedFixArgs> = z.object({
  fixId: id,
  uri,
  languageId: z.string().max(200),
  signatureKey: z.string().max(2000),
  line: z.number().int().min(0),
});

/** The argument of the code action's `show` command. */
export const showFixArgs: z.ZodType<{ fixId: string; uri: string }> = z.object({ fixId: id, uri });
