import { Agent, request as httpRequest } from 'node:http';
import type { FuzzRequest } from './requests.js';
import type { Answer } from './verdict.js';

/** Answers larger than this are cut: enough to judge, bounded memory whatever the server sends. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Sends fuzz requests with node:http rather than fetch: it sends any method, repeated headers and
 * bodies that contradict their headers, as a hostile client would.
 */
export class FuzzClient {
  private readonly agent: Agent;

  constructor(
    private readonly origin: string,
    private readonly timeoutMs: number,
    concurrency: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(request: FuzzRequest): Promise<Answer> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<Answer>((done) => {
      let settled = false;
      const settle = (answer: Answer) => {
        if (!settled) done(answer);
        settled = true;
      };
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = typeof value === 'string' ? value : [...value];
      if (request.body) headers['content-length'] = String(request.body.length);
      const outgoing = httpRequest(`${this.origin}${request.path}`, { method: request.method, headers, agent: this.agent });
      const timer = setTimeout(() => {
        settle({ failure: `no answer within ${this.timeoutMs} ms`, milliseconds: elapsed() });
        outgoing.destroy();
      }, this.timeoutMs);
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          settle({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks), milliseconds: elapsed() });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          settle({ failure: `answer broken off: ${error.message}`, milliseconds: elapsed() });
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        settle({ failure: `${error.code ?? 'error'}: ${error.message}`, milliseconds: elapsed() });
      });
      outgoing.end(request.body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Sends every request, `concurrency` at a time, handing each answer on as it comes. */
export async function sendAll(
  client: FuzzClient,
  requests: Iterable<FuzzRequest>,
  concurrency: number,
  onAnswer: (request: FuzzRequest, answer: Answer) => void | 'stop',
): Promise<void> {
  const iterator = requests[Symbol.iterator]();
  let stopped = false;
  const worker = async () => {
    for (let next = iterator.next(); !next.done && !stopped; next = iterator.next()) {
      const answer = await client.send(next.value);
      if (onAnswer(next.value, answer) === 'stop') stopped = true;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
