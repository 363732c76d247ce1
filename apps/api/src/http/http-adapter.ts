import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpEdgeError, sendHttpError } from './http-error.js';
import type { LedgerConfig } from '@ledger/config';
import { apiLogger, CORRELATION_HEADER, correlationIdOf, requestLog } from './request-log.js';

/** Where GraphQL is served, over HTTP and WebSocket (Nest's default path). */
const GRAPHQL_PATH = '/graphql';

/**
 * NestJS on Fastify: measured against Express on the same machine and run (test/bench/http/http-stack.ts),
 * the constant query took about half the server CPU a request. The HTTP edge middleware reads and
 * checks GraphQL bodies itself (before Fastify's parsers would), so Fastify takes the body it left.
 */
export function ledgerHttpAdapter(config?: Pick<LedgerConfig, 'logLevel'>): FastifyAdapter {
  // The same logger the request log middleware writes with (apiLogger keeps one per level).
  const requestLogger = config ? apiLogger(config) : null;
  const adapter = new FastifyAdapter({
    // Fastify's request id is the correlation id, so GraphQL's `req.id` is the one the log line carries.
    genReqId: (request: IncomingMessage) => correlationIdOf(request as IncomingMessage & { id?: string }),
    // Fastify refuses a URL it cannot decode (`/%`) before any middleware runs: answer it in the API's
    // one error shape, not Fastify's (found by the fuzzer). Its messages name only the bad URL part.
    // The request log and correlation header run as middleware, which such a request never reaches: given here.
    frameworkErrors: (error: Error, request: { raw: IncomingMessage }, reply: { raw: ServerResponse }) => {
      const raw = request.raw as IncomingMessage & { id?: string };
      if (requestLogger) requestLog(requestLogger)(raw, reply.raw, () => undefined);
      else reply.raw.setHeader(CORRELATION_HEADER, correlationIdOf(raw));
      sendHttpError(new HttpEdgeError(400, error.message), reply.raw, true);
    },
  });
  const fastify = adapter.getInstance();
  // WebSocket upgrades are GraphQL subscriptions' (graphql-ws, at /graphql, handled by Nest's listener): any
  // other path is answered 404 and closed, not left open with nobody to handle it.
  fastify.server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    if (request.url?.startsWith(GRAPHQL_PATH)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => done(null, (request.raw as { body?: unknown }).body));
  return adapter;
}
