// A local mock of the OpenAI Responses API for driving the real Codex CLI in tests: records every
// request, answers `POST /v1/responses` with scripted SSE streams or HTTP errors, and answers any
// other path with a 404 naming it (so a test sees what else the CLI tried to reach).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sseForResponse, type MockOutputItem, type MockResponsesUsage } from './responsesSse';
import { closeServer, listenLocal, parseJsonBody, readBody, sendJson } from '../localHttp';

export interface MockRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** Length of the raw body in characters. */
  size: number;
  receivedAt: number;
}

export type MockReply =
  | { kind: 'response'; items: MockOutputItem[]; usage?: Partial<MockResponsesUsage> }
  | { kind: 'error'; status: number; message: string; code?: string };

/** One streamed answer, as sent (the usage is what Codex should record). */
export interface MockSent {
  requestIndex: number;
  responseId: string;
  items: MockOutputItem[];
  usage: MockResponsesUsage;
}

export type MockResponder = (req: MockRequest, server: MockOpenAIServer) => MockReply | Promise<MockReply>;

export class MockOpenAIServer {
  readonly requests: MockRequest[] = [];
  readonly sent: MockSent[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private port = 0;

  constructor(private responder: MockResponder) {}

  /** Base URL including `/v1`, as a Codex model provider's `base_url`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** The model requests (`POST /v1/responses`). */
  responseRequests(): MockRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
  }

  /** Requests for anything the mock does not serve. */
  unknownRequests(): MockRequest[] {
    return this.requests.filter((r) => !(r.method === 'POST' && r.path === '/v1/responses'));
  }

  setResponder(responder: MockResponder): void {
    this.responder = responder;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.port = await listenLocal(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseJsonBody(raw);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const recorded: MockRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      size: raw.length,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    if (!(recorded.method === 'POST' && path === '/v1/responses')) {
      return sendJson(res, 404, {
        error: { message: `mock OpenAI API: no route for ${recorded.method} ${path}`, type: 'invalid_request_error', code: 'not_found' },
      });
    }
    const reply = await this.responder(recorded, this);
    if (reply.kind === 'error') {
      return sendJson(res, reply.status, {
        error: { message: reply.message, type: reply.status === 401 ? 'invalid_request_error' : 'server_error', code: reply.code ?? null },
      });
    }
    const usage: MockResponsesUsage = {
      input_tokens: Math.max(1, Math.ceil(raw.length / 4)),
      cached_tokens: 0,
      output_tokens: 5 + Math.ceil(JSON.stringify(reply.items).length / 4),
      reasoning_tokens: 0,
      ...reply.usage,
    };
    const responseId = `resp_mock_${this.nextId++}`;
    this.sent.push({ requestIndex: this.requests.length - 1, responseId, items: reply.items, usage });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `req_${responseId}` });
    res.end(sseForResponse({ id: responseId, model: modelOf(body), items: reply.items, usage }));
  }
}

function modelOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string') return body.model;
  return 'gpt-mock';
}
