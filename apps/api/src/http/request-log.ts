import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import type { LedgerConfig } from '@ledger/config';

export const CORRELATION_HEADER = 'x-correlation-id';
const MAX_CORRELATION_ID_LENGTH = 128;

/**
 * The API's one pino logger: Nest's logs (through nestjs-pino) and the request lines. Lines are
 * written asynchronously: a write in flight gathers the lines that follow into the next one, so no
 * request waits for stdout (pino flushes what is left when the process exits).
 */
export function apiLogger(config: Pick<LedgerConfig, 'logLevel'>): Logger {
  // One per level and process: nestjs-pino keeps the first root logger it is given for the process's life
  // (tests start several APIs in one process), and each destination is a writer of its own on stdout.
  let logger = loggers.get(config.logLevel);
  if (!logger) loggers.set(config.logLevel, (logger = pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: false }))));
  return logger;
}
const loggers = new Map<string, Logger>();

type LoggedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/** The caller's correlation id (x-correlation-id, 1 to 128 characters), or a new one; kept on the request, so asking twice gives one id. */
export function correlationIdOf(request: LoggedRequest): string {
  if (request.id) return request.id;
  const given = request.headers[CORRELATION_HEADER];
  request.id = typeof given === 'string' && given.length > 0 && given.length <= MAX_CORRELATION_ID_LENGTH ? given : randomUUID();
  return request.id;
}
/** `err`: the error of a 500 answered at the HTTP edge (sendHttpError), logged with the request. */
type LoggedResponse = ServerResponse & { err?: unknown };

/**
 * One line per request, when its response finishes or the connection closes, carrying the caller's
 * correlation id (or a new one, echoed in the response header): `request completed` at info, or
 * `request errored` at error, with the error, for a 5xx. In place of pino-http, which built two child
 * loggers and serialised the request for each one (a fifth of the constant query's throughput);
 * here nothing is built before the response ends, and nothing at all when info is off.
 */
export function requestLog(logger: Logger) {
  return (request: LoggedRequest, response: LoggedResponse, next: () => void) => {
    const correlationId = correlationIdOf(request);
    response.setHeader(CORRELATION_HEADER, correlationId);
    const started = performance.now();
    const done = () => {
      response.off('finish', done);
      response.off('close', done);
      const { statusCode, err } = response;
      const failed = err !== undefined || statusCode >= 500;
      if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
      const line = {
        correlationId,
        req: { method: request.method, url: request.originalUrl ?? request.url },
        res: { statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (failed) logger.error({ ...line, err: err ?? new Error(`failed with status code ${statusCode}`) }, 'request errored');
      else logger.info(line, 'request completed');
    };
    response.on('finish', done);
    response.on('close', done);
    next();
  };
}
