import { HttpException } from '@nestjs/common';

const CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

/** A request refused at the HTTP edge, before GraphQL: its status, a code and a message for the client. */
export class HttpEdgeError extends Error {
  readonly code: string;

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpEdgeError';
    this.code = CODES[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
  }
}

export const NOT_FOUND_MESSAGE = 'Not found: this server answers POST /graphql, GET /graphql, GET /healthz, GET /readyz, GET /export/…csv and the public pages under GET /public';

/**
 * The one JSON shape of every failure outside GraphQL, the same as Apollo's own HTTP errors
 * (CSRF prevention, a GET without a query): `{"errors":[{"message":…,"extensions":{"code":…}}]}`.
 */
export const httpErrorBody = (error: Pick<HttpEdgeError, 'message' | 'code'>) => ({
  errors: [{ message: error.message, extensions: { code: error.code } }],
});

/** Anything thrown outside GraphQL as the answer it deserves; unknown errors are 500s with no detail in production. */
export function toHttpEdgeError(exception: unknown, production: boolean): HttpEdgeError {
  if (exception instanceof HttpEdgeError) return exception;
  // Nest's router answers a path no route matches with a NotFoundException.
  if (exception instanceof HttpException && exception.getStatus() === 404) return new HttpEdgeError(404, NOT_FOUND_MESSAGE);
  if (exception instanceof HttpException && exception.getStatus() < 500) return new HttpEdgeError(exception.getStatus(), exception.message);
  // http-errors from Node and Fastify internals (e.g. a malformed URI): `expose` marks a message safe to show.
  const { status, expose, message } = (exception ?? {}) as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true && typeof message === 'string') {
    return new HttpEdgeError(status, message);
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  return new HttpEdgeError(500, production ? 'Internal server error' : error.message);
}

/** Where an answer goes: Fastify's reply (routes), or Node's response (middleware, under Fastify's middie). */
type EdgeResponse = {
  headersSent?: boolean;
  sent?: boolean;
  raw?: EdgeResponse;
  err?: unknown;
  code?(status: number): EdgeResponse;
  header?(name: string, value: string): unknown;
  send?(body: unknown): unknown;
  statusCode?: number;
  setHeader?(name: string, value: string): unknown;
  end?(body: string): unknown;
  destroy?: () => void;
};

/**
 * Answers with the JSON error body. The request's one log line (request-log.ts, with its correlation
 * id) is written when the response finishes; a 500 carries its error there, as JSON, never as plain text.
 */
export function sendHttpError(exception: unknown, response: EdgeResponse, production: boolean) {
  const error = toHttpEdgeError(exception, production);
  const node = response.raw ?? response;
  if (error.status >= 500) node.err = exception;
  if (node.headersSent || response.sent) return node.destroy?.();
  const body = JSON.stringify(httpErrorBody(error));
  const headers = { ...error.headers, 'content-type': 'application/json; charset=utf-8' };
  if (response.code && response.header && response.send) {
    response.code(error.status);
    for (const [name, value] of Object.entries(headers)) response.header(name, value);
    response.send(body);
    return;
  }
  node.statusCode = error.status;
  for (const [name, value] of Object.entries(headers)) node.setHeader!(name, value);
  node.end!(body);
}
