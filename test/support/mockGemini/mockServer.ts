// A local mock of the Gemini API (generativelanguage v1beta) for driving the real Gemini CLI in
// tests: records every request; answers the chat's `:streamGenerateContent` through a responder,
// the CLI's utility calls (`:generateContent` with a JSON schema: model routing, next-speaker and
// loop checks) with a value of the asked shape, `:countTokens` with a size estimate, and anything
// else with a 404 naming the path (a test sees it in `unknownRequests()`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody, jsonForText, sseForParts, valueForSchema, type MockGeminiUsage, type MockPart } from './wire';
import { closeServer, listenLocal, parseJsonBody, readBody, sendJson } from '../localHttp';

export interface MockGeminiRequest {
  method: string;
  /** Path with query, e.g. `/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when empty or not JSON. */
  body: unknown;
  /** The model named in the path (`models/<model>:<method>`), if any. */
  model?: string;
  /** The usage the mock reported for this request (model and utility calls that succeeded). */
  usage?: MockGeminiUsage;
  receivedAt: number;
}

export type MockGeminiReply =
  | { kind: 'answer'; parts: MockPart[]; usage?: Partial<MockGeminiUsage> }
  | { kind: 'error'; status: number; message: string; reason?: string };

export type MockGeminiResponder = (req: MockGeminiRequest, server: MockGeminiServer) => MockGeminiReply | Promise<MockGeminiReply>;

const modelPath = /^\/v1(?:beta|alpha)?\/models\/([^:/?]+):(streamGenerateContent|generateContent|countTokens)(?:\?|$)/;

export class MockGeminiServer {
  readonly requests: MockGeminiRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private port = 0;

  constructor(private responder: MockGeminiResponder) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The chat's model calls (`:streamGenerateContent`), in order. */
  modelRequests(): MockGeminiRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && modelPath.exec(r.path)?.[2] === 'streamGenerateContent');
  }

  /** The CLI's side calls (`:generateContent`): routing, next-speaker and loop checks. */
  utilityRequests(): MockGeminiRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && modelPath.exec(r.path)?.[2] === 'generateContent');
  }

  /** Requests the mock has no answer for (404), and proxy CONNECTs to other hosts. */
  unknownRequests(): MockGeminiRequest[] {
    return this.requests.filter((r) => r.method === 'CONNECT' || !modelPath.test(r.path));
  }

  setResponder(responder: MockGeminiResponder): void {
    this.responder = responder;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // Used as HTTPS_PROXY too, so a call to any other host shows up here instead of leaving the machine.
    server.on('connect', (req: IncomingMessage, socket: Socket) => {
      this.requests.push({ method: 'CONNECT', path: req.url ?? '', headers: req.headers, body: undefined, receivedAt: Date.now() });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    this.server = server;
    this.port = await listenLocal(server);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseJsonBody(raw);
    const path = req.url ?? '/';
    const route = modelPath.exec(path);
    const recorded: MockGeminiRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      receivedAt: Date.now(),
      ...(route?.[1] ? { model: route[1] } : {}),
    };
    this.requests.push(recorded);
    const model = route?.[1] ?? 'gemini-mock';
    const responseId = `mock-response-${this.nextId++}`;
    if (req.method !== 'POST' || !route) {
      return sendJson(res, 404, errorBody(404, `mock Gemini API: no route for ${req.method ?? '?'} ${path}`));
    }
    if (route[2] === 'countTokens') return sendJson(res, 200, { totalTokens: Math.ceil(raw.length / 4) });
    const prompt = Math.max(1, Math.ceil(raw.length / 4));
    if (route[2] === 'generateContent') {
      const text = JSON.stringify(valueForSchema(generationSchema(body)));
      recorded.usage = {
        promptTokenCount: prompt,
        candidatesTokenCount: Math.ceil(text.length / 4),
        cachedContentTokenCount: 0,
        thoughtsTokenCount: 0,
      };
      return sendJson(res, 200, jsonForText(model, text, recorded.usage, responseId));
    }
    const reply = await this.responder(recorded, this);
    if (reply.kind === 'error') return sendJson(res, reply.status, errorBody(reply.status, reply.message, reply.reason));
    recorded.usage = {
      promptTokenCount: prompt,
      cachedContentTokenCount: Math.floor(prompt / 2),
      candidatesTokenCount: 5 + Math.ceil(JSON.stringify(reply.parts).length / 4),
      thoughtsTokenCount: 3,
      ...reply.usage,
    };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(sseForParts(model, reply.parts, recorded.usage, responseId));
  }
}

function generationSchema(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('generationConfig' in body)) return undefined;
  const config = body.generationConfig;
  if (typeof config !== 'object' || config === null) return undefined;
  return 'responseJsonSchema' in config ? config.responseJsonSchema : 'responseSchema' in config ? config.responseSchema : undefined;
}
