import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { correlationIdOf } from './request-log.js';

/**
 * NestJS on Fastify: measured against Express on the same machine and run (test/bench/http/http-stack.ts),
 * the constant query took about half the server CPU a request. The HTTP edge middleware reads and
 * checks GraphQL bodies itself (before Fastify's parsers would), so Fastify takes the body it left.
 */
export function ledgerHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // Fastify's request id is the correlation id, so GraphQL's `req.id` is the one the log line carries.
    genReqId: (request: IncomingMessage) => correlationIdOf(request as IncomingMessage & { id?: string }),
  });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => done(null, (request.raw as { body?: unknown }).body));
  return adapter;
}
