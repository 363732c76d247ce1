import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRequest } from 'graphql-upload-minimal';
import { HttpEdgeError, NOT_FOUND_MESSAGE } from './http-error.js';

export const GRAPHQL_PATH = '/graphql';
export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
/** A file sent with a mutation (the GraphQL multipart request spec, e.g. importActions): one, of at most this many bytes. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
/** The CSV exports of the board's lists (spreadsheets/action-log.controller.ts). */
export const EXPORT_PATH_PREFIX = '/export/';
/** The public pages and the GOV.UK Frontend files they load (apps/api/src/public-pages). */
const PAGE_PATHS = ['/public', '/public/', '/assets/'];

export type HttpEdgeOptions = Readonly<{
  maxBodyBytes: number;
  /** Prefix of extra GET-only paths (the development explorer's files), or null. */
  assetsPath: string | null;
}>;

type EdgeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/** What each path accepts; anything else is 404 (unknown path) or 405 (known path, wrong method). */
function allowedMethods(path: string, options: HttpEdgeOptions): readonly string[] | null {
  if (path === GRAPHQL_PATH) return ['GET', 'POST'];
  if (path === HEALTHZ_PATH || path === READYZ_PATH) return ['GET', 'HEAD'];
  if (path.startsWith(EXPORT_PATH_PREFIX) && path.endsWith('.csv')) return ['GET'];
  if (PAGE_PATHS.some((prefix) => path === prefix || (prefix.endsWith('/') && path.startsWith(prefix)))) return ['GET', 'HEAD'];
  if (options.assetsPath !== null && path.startsWith(options.assetsPath)) return ['GET', 'HEAD'];
  return null;
}

const shorten = (value: string) => (value.length > 100 ? `${value.slice(0, 100)}…` : value);

/** `application/json; charset=utf-8` → { type, charset }; both lower-case. */
function mediaType(header: string | undefined) {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  const charset = parameters.find((parameter) => /^charset=/i.test(parameter))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() ?? null };
}

/** Refuses what the GraphQL endpoint cannot read, before reading any of it. */
function checkBodyHeaders(request: EdgeRequest, maxBodyBytes: number) {
  const { type, charset } = mediaType(request.headers['content-type']);
  if (type !== 'application/json') {
    throw new HttpEdgeError(415, `Content-Type must be application/json (got ${type ? shorten(type) : 'none'})`);
  }
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpEdgeError(415, `Unsupported charset ${shorten(charset)}: send the body as UTF-8`);
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new HttpEdgeError(415, `Unsupported Content-Encoding ${shorten(encoding)}: send the body uncompressed`);
  }
  const declared = Number(request.headers['content-length']);
  if (declared > maxBodyBytes) throw tooLarge(maxBodyBytes);
}

const tooLarge = (maxBodyBytes: number) =>
  new HttpEdgeError(413, `Request body is larger than the limit of ${maxBodyBytes} bytes (LEDGER_MAX_BODY_BYTES)`);

/** Reads the whole body, stopping at the limit; a client that sends more than it declared is caught here too. */
function readBody(request: EdgeRequest, maxBodyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        request.off('data', onData);
        reject(tooLarge(maxBodyBytes));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', () => reject(new HttpEdgeError(400, 'The request body could not be read')));
  });
}

function parseJsonObject(body: Buffer): object {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpEdgeError(400, 'Request body is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpEdgeError(400, 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpEdgeError(400, 'Request body must be a JSON object, such as {"query": "{ health { status } }"}');
  }
  return parsed;
}

/**
 * A mutation with a file (the GraphQL multipart request spec): the operations and map fields as the
 * body, the file streamed to the resolver (graphql-upload-minimal). A form is what a cross-site page
 * can post without asking, so it must carry Apollo's preflight header, checked here before any is read.
 */
async function readUpload(request: EdgeRequest, response: ServerResponse, maxBodyBytes: number) {
  const preflight = request.headers['apollo-require-preflight'] ?? request.headers['x-apollo-operation-name'];
  if (!preflight) {
    throw new HttpEdgeError(400, 'A multipart request (a file upload) must send a non-empty apollo-require-preflight header, so a cross-site form cannot post it (CSRF prevention)');
  }
  if (Number(request.headers['content-length']) > maxBodyBytes + MAX_UPLOAD_BYTES) throw tooLarge(maxBodyBytes + MAX_UPLOAD_BYTES);
  // One byte past the limit is kept: a longer file then reads as over it, where busboy would cut it to it quietly.
  try {
    return await processRequest(request, response, { maxFiles: 1, maxFileSize: MAX_UPLOAD_BYTES + 1, maxFieldSize: maxBodyBytes });
  } catch (error) {
    // The library's own refusals carry a 4xx status; a form cut short or malformed (busboy's
    // "Unexpected end of form") carries none, and is still the client's fault, not a 500.
    const status = (error as { status?: unknown }).status;
    const message = error instanceof Error ? error.message : String(error);
    throw new HttpEdgeError(typeof status === 'number' && status >= 400 && status < 500 ? status : 400, `The multipart request could not be read: ${message}`);
  }
}

/**
 * After a refusal the rest of the body is read and dropped (as body-parser does), so the client,
 * still sending, gets the answer instead of a reset connection.
 */
function drained(request: EdgeRequest): Promise<void> {
  if (request.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    request.once('end', resolve);
    request.once('close', resolve);
    request.resume();
  });
}

/**
 * The HTTP edge, in front of every route: 404 for unknown paths, 405 for a method a path does not
 * take, and for GraphQL POSTs 415 (type, charset, encoding), 413 (size) and 400 (not a JSON object).
 * Errors go to the exception filter, which answers in JSON after the request's logger is attached.
 */
export function httpEdge(options: HttpEdgeOptions) {
  return async (request: EdgeRequest, response: unknown, next: (error?: unknown) => void) => {
    try {
      // Not `request.path`: a mounted middleware sees it relative to its mount point.
      const path = (request.originalUrl ?? request.url ?? '/').split('?')[0]!;
      const allowed = allowedMethods(path, options);
      if (allowed === null) throw new HttpEdgeError(404, NOT_FOUND_MESSAGE);
      const method = request.method ?? 'GET';
      if (!allowed.includes(method)) {
        throw new HttpEdgeError(405, `${shorten(method)} is not allowed on ${path}; use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
      }
      if (path === GRAPHQL_PATH && method === 'POST' && mediaType(request.headers['content-type']).type === 'multipart/form-data') {
        request.body = await readUpload(request, response as ServerResponse, options.maxBodyBytes);
      } else if (path === GRAPHQL_PATH && method === 'POST') {
        checkBodyHeaders(request, options.maxBodyBytes);
        request.body = parseJsonObject(await readBody(request, options.maxBodyBytes));
      }
      next();
    } catch (error) {
      await drained(request);
      next(error);
    }
  };
}
