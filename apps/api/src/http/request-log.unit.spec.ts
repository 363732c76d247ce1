import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { CORRELATION_HEADER, requestLog } from './request-log.js';

/** A request and response as far as the middleware touches them, and the lines a logger at `level` wrote. */
function handled(level: string, headers: Record<string, string> = {}, answer: { statusCode: number; err?: unknown } = { statusCode: 200 }) {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const request = Object.assign(new EventEmitter(), { headers, method: 'POST', url: '/graphql' }) as any;
  const sent = new Map<string, string>();
  const response = Object.assign(new EventEmitter(), { statusCode: 0, setHeader: (name: string, value: string) => sent.set(name, value) }) as any;
  let nexts = 0;
  requestLog(logger)(request, response, () => nexts++);
  Object.assign(response, answer);
  response.emit('finish');
  response.emit('close');
  return { lines, sent, request, nexts };
}

describe('the request log', () => {
  it('writes one line per request with the caller’s correlation id, and echoes it', () => {
    const { lines, sent, request, nexts } = handled('info', { [CORRELATION_HEADER]: 'board-meeting-1' });
    expect(nexts).toBe(1);
    expect(sent.get(CORRELATION_HEADER)).toBe('board-meeting-1');
    expect(request.id).toBe('board-meeting-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', correlationId: 'board-meeting-1', req: { method: 'POST', url: '/graphql' }, res: { statusCode: 200 } });
    expect(typeof lines[0]!.responseTime).toBe('number');
  });

  it('makes a correlation id when the caller sends none, or one longer than 128 characters', () => {
    for (const headers of [{}, { [CORRELATION_HEADER]: 'x'.repeat(129) }] as Record<string, string>[]) {
      const { lines, sent } = handled('info', headers);
      expect(sent.get(CORRELATION_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines[0]!.correlationId).toBe(sent.get(CORRELATION_HEADER));
    }
  });

  it('logs a 5xx at error with its error', () => {
    const { lines } = handled('info', {}, { statusCode: 500, err: new Error('store unreachable') });
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 500 }, err: expect.objectContaining({ message: 'store unreachable' }) })]);
  });

  it('writes nothing for a success when info is off, and still the error', () => {
    expect(handled('warn').lines).toEqual([]);
    expect(handled('warn', {}, { statusCode: 503 }).lines).toEqual([expect.objectContaining({ msg: 'request errored', res: { statusCode: 503 } })]);
  });
});
