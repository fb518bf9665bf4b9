// The Gemini API's wire format as the real Gemini CLI (through @google/genai) reads it:
// `:streamGenerateContent?alt=sse` answers as server-sent `data:` chunks of GenerateContentResponse,
// `:generateContent` as one JSON GenerateContentResponse, errors as `{error:{code,message,status,details}}`.

export interface MockTextPart {
  text: string;
  thought?: boolean;
}
export interface MockFunctionCallPart {
  functionCall: { name: string; args: Record<string, unknown> };
}
export type MockPart = MockTextPart | MockFunctionCallPart;

/** usageMetadata of one response, as the API reports it (the prompt count includes the cached part). */
export interface MockGeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  cachedContentTokenCount: number;
  thoughtsTokenCount: number;
}

function usageMetadata(u: MockGeminiUsage): Record<string, number> {
  return { ...u, totalTokenCount: u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount };
}

/** Splits a text into a few chunks so the stream carries real deltas. */
function chunks(s: string, parts = 3): string[] {
  if (s.length <= parts) return [s];
  const size = Math.ceil(s.length / parts);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

function sseChunk(data: unknown): string {
  return `data: ${JSON.stringify(data)}\r\n\r\n`;
}

/** The SSE body of one streamed answer: text parts in a few deltas, each call whole, usage on the last chunk. */
export function sseForParts(model: string, parts: MockPart[], usage: MockGeminiUsage, responseId: string): string {
  const pieces: MockPart[] = parts.flatMap((p): MockPart[] => ('text' in p ? chunks(p.text).map((text) => ({ ...p, text })) : [p]));
  if (pieces.length === 0) pieces.push({ text: '' });
  return pieces
    .map((p, i) => {
      const last = i === pieces.length - 1;
      return sseChunk({
        candidates: [{ content: { role: 'model', parts: [p] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
        ...(last ? { usageMetadata: usageMetadata(usage) } : {}),
        modelVersion: model,
        responseId,
      });
    })
    .join('');
}

/** One non-streamed GenerateContentResponse with a single text part. */
export function jsonForText(model: string, text: string, usage: MockGeminiUsage, responseId: string): unknown {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, finishReason: 'STOP' }],
    usageMetadata: usageMetadata(usage),
    modelVersion: model,
    responseId,
  };
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** A Google API error body; `reason` becomes an ErrorInfo detail (e.g. API_KEY_INVALID). */
export function errorBody(code: number, message: string, reason?: string): unknown {
  return {
    error: {
      code,
      message,
      status: statusNames[code] ?? 'UNKNOWN',
      details: reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] : [],
    },
  };
}

/**
 * A value of the shape a JSON schema (OpenAPI-style types, as the CLI sends in
 * `generationConfig.responseJsonSchema`) asks for: first enum value, 'mock' strings, 1 for numbers.
 */
export function valueForSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as { type?: unknown; enum?: unknown; properties?: unknown; items?: unknown };
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  switch (String(s.type).toUpperCase()) {
    case 'OBJECT': {
      const out: Record<string, unknown> = {};
      const props = typeof s.properties === 'object' && s.properties !== null ? s.properties : {};
      for (const [k, v] of Object.entries(props)) out[k] = valueForSchema(v);
      return out;
    }
    case 'STRING':
      return 'mock';
    case 'INTEGER':
    case 'NUMBER':
      return 1;
    case 'BOOLEAN':
      return false;
    case 'ARRAY':
      return [];
    default:
      return null;
  }
}
