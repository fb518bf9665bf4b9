// A local mock of the Anthropic Messages API for driving the real Claude Code CLI in tests:
// records every request and answers /v1/messages with scripted SSE streams or HTTP errors.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sseForMessage, type MockBlock, type MockUsage } from './sse';
import { closeServer, listenLocal, parseJsonBody, readBody, sendJson } from '../localHttp';

export interface MockRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  receivedAt: number;
}

export type MockReply =
  | { kind: 'message'; blocks: MockBlock[]; stopReason?: 'end_turn' | 'tool_use'; usage?: Partial<MockUsage> }
  | { kind: 'error'; status: number; errorType: string; message: string };

export type MockResponder = (req: MockRequest, server: MockAnthropicServer) => MockReply | Promise<MockReply>;

export class MockAnthropicServer {
  readonly requests: MockRequest[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private port = 0;

  constructor(private responder: MockResponder) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Message API calls only (the CLI's model requests). */
  messageRequests(): MockRequest[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && r.path.startsWith('/v1/messages') && !r.path.startsWith('/v1/messages/count_tokens'),
    );
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
    const path = req.url ?? '/';
    const recorded: MockRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, receivedAt: Date.now() };
    this.requests.push(recorded);
    if (path.startsWith('/v1/messages/count_tokens')) {
      return sendJson(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
    }
    if (req.method === 'POST' && path.startsWith('/v1/messages')) {
      const reply = await this.responder(recorded, this);
      if (reply.kind === 'error') {
        return sendJson(res, reply.status, {
          type: 'error',
          error: { type: reply.errorType, message: reply.message },
          request_id: 'req_mock',
        });
      }
      const model = modelOf(body);
      const usage: MockUsage = {
        input_tokens: Math.max(1, Math.ceil(raw.length / 400)),
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 1000,
        output_tokens: 5 + Math.ceil(JSON.stringify(reply.blocks).length / 4),
        ...reply.usage,
      };
      const stopReason = reply.stopReason ?? (reply.blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_mock_${this.nextId}` });
      res.end(sseForMessage({ id: `msg_mock_${this.nextId++}`, model, blocks: reply.blocks, stopReason, usage }));
      return;
    }
    sendJson(
      res,
      path.startsWith('/api/') ? 200 : 404,
      path.startsWith('/api/') ? { status: 'ok' } : { type: 'error', error: { type: 'not_found_error', message: path } },
    );
  }
}

function modelOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string') return body.model;
  return 'claude-mock';
}
