import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import type { FuzzContext } from './context.js';
import { mutationCall, mutationDocument, MUTATIONS } from './mutations.js';
import { queryPayload, type GraphQLPayload } from './queries.js';
import { Random } from './random.js';
import { credentials, type Credentials } from './tokens.js';
import { nestedJson, toJson } from './values.js';

/**
 * The fuzz test's requests: pure functions of (seed, index, context), so one seed always sends the
 * same requests and a failing one can be regenerated on its own.
 */
export type FuzzRequest = Readonly<{
  index: number;
  /** Which generator made it, e.g. `body/malformed-json`. */
  family: string;
  /** What is wrong with it (the defect a write attempt carries, the token form, the variant). */
  detail: string;
  /** The GraphQL document's own label (a write's defect) when the request wraps one in an odd envelope. */
  payload?: string;
  method: string;
  path: string;
  headers: Readonly<Record<string, string | readonly string[]>>;
  body?: Buffer;
  /** The statuses a sensible server may answer with. */
  expect: readonly number[];
  /** A write attempt: the server must refuse it, so every field of `data` is null. */
  write: boolean;
}>;

/** The API's body limit (Express's default): bodies well above it must get 413, well below it never. */
export const BODY_LIMIT = 100 * 1024;
const GRAPHQL = [200, 400];

/** A GraphQL payload, either a read (or refused document) or a write that must be refused. */
type Payload = GraphQLPayload & { write: boolean; credentials: Credentials };

function payload(random: Random, context: FuzzContext): Payload {
  if (random.chance(0.5)) return { ...queryPayload(random, context), write: false, credentials: credentials(random, context) };
  const many = random.chance(0.12);
  if (!many) {
    const { call, token } = mutationCall(random, context);
    return { ...mutationDocument(random, [call]), label: call.defect, write: true, credentials: token };
  }
  // Several refused writes in one document: each carries its own defect, under one valid token.
  const count = random.weighted([[3, random.int(2, 10)], [2, random.int(11, 120)], [1, random.int(121, 600)]]);
  const calls = Array.from({ length: count }, () => mutationCall(random, context, random.pick(MUTATIONS), true).call);
  const document = mutationDocument(random, calls);
  return { ...document, label: document.defect, write: true, credentials: credentials(random, context, 'secretariat') };
}

const jsonBody = (p: GraphQLPayload) => {
  const fields = [`"query":${JSON.stringify(p.query)}`];
  if (p.variables !== undefined) fields.push(`"variables":${p.variables}`);
  if (p.operationName !== undefined) fields.push(`"operationName":${toJson(p.operationName)}`);
  return `{${fields.join(',')}}`;
};

type Draft = { family: string; detail: string; payload?: string; method?: string; path?: string; headers?: Record<string, string | readonly string[]>; body?: Buffer | string; expect: readonly number[]; write?: boolean; inflatedLength?: number };

/** Plain GraphQL over POST, the bulk of the traffic. */
function graphqlRequest(random: Random, context: FuzzContext): Draft {
  const p = payload(random, context);
  return { family: p.write ? 'graphql/write' : 'graphql/read', detail: `${p.label} ${p.credentials.label}`, headers: auth(p.credentials), body: jsonBody(p), expect: GRAPHQL, write: p.write };
}

type Headers = Record<string, string | readonly string[]>;
const auth = (c: Credentials): Headers => (c.authorization.length === 0 ? {} : { authorization: c.authorization.length === 1 ? c.authorization[0]! : c.authorization });

/** Bodies that are not a GraphQL request object. */
function bodyRequest(random: Random, context: FuzzContext): Draft {
  const p = payload(random, context);
  const valid = jsonBody(p);
  const base = { headers: auth(p.credentials), write: p.write, payload: `${p.label} ${p.credentials.label}` };
  const variant = random.weighted([[5, 'malformed-json'], [2, 'not-an-object'], [2, 'huge'], [2, 'deep-json'], [3, 'bad-fields'], [1, 'persisted-query'], [1, 'odd-bytes']] as const);
  switch (variant) {
    case 'malformed-json': {
      const [detail, body] = random.pick<() => [string, string]>([
        () => ['truncated', valid.slice(0, random.int(0, valid.length - 1))],
        () => ['trailing-garbage', valid + random.pick(['}', 'x', ',', ' {"query":"{ health { status } }"}', '\u0000'])],
        () => ['single-quotes', valid.replace(/"/g, "'")],
        () => ['trailing-comma', `${valid.slice(0, -1)},}`],
        () => ['unquoted-key', valid.replace('"query"', 'query')],
        () => ['not-json-number', `{"query":"{ health { status } }","variables":{"x":${random.pick(['NaN', 'Infinity', 'undefined', '0x10', '.5'])}}}`],
        () => ['comment', `/* hi */${valid}`],
        () => ['empty', random.pick(['', ' ', '\n\t'])],
        () => ['unterminated-string', '{"query":"{ health { status } }'],
      ])();
      return { ...base, family: 'body/malformed-json', detail, body, expect: [400] };
    }
    case 'not-an-object': {
      const body = random.pick(['null', '[]', `[${valid}]`, `[${valid},${valid}]`, '5', '-0', '1e309', '"{ health { status } }"', 'true', 'false']);
      return { ...base, family: 'body/not-an-object', detail: body.slice(0, 20), body, expect: [400] };
    }
    case 'huge': {
      const size = random.int(BODY_LIMIT + 10 * 1024, 4 * BODY_LIMIT);
      const [detail, body] = random.pick<() => [string, string]>([
        () => ['padded-whitespace', valid.replace('{', `{${' '.repeat(size)}`)],
        () => ['big-comment', jsonBody({ ...p, query: `# ${'x'.repeat(size)}\n${p.query}` })],
        () => ['big-string-argument', jsonBody({ query: `{ partnership(id: "${'a'.repeat(size)}") { id } }`, label: '' })],
        () => ['big-variable', `{"query":"{ health { status } }","variables":{"x":"${'z'.repeat(size)}"}}`],
        () => ['big-text-field', jsonBody({ query: `mutation { formPartnership(input: {name: "${'n'.repeat(size)}", level: PLACE}) { position } }`, label: '' })],
      ])();
      return { ...base, write: base.write || detail === 'big-text-field', family: 'body/huge', detail, body, expect: [413] };
    }
    case 'deep-json': {
      const depth = random.int(100, 30_000);
      const [detail, body] = random.pick<() => [string, string]>([
        () => ['variables', `{"query":"{ health { status } }","variables":{"deep":${nestedJson(random, depth)}}}`],
        () => ['extensions', `{"query":"{ health { status } }","extensions":{"deep":${nestedJson(random, depth)}}}`],
        () => ['whole-body', nestedJson(random, depth)],
        () => ['query-value', `{"query":${nestedJson(random, depth)}}`],
      ])();
      return { ...base, write: false, family: 'body/deep-json', detail: `${detail}(${depth})`, body, expect: detail === 'variables' || detail === 'extensions' ? GRAPHQL : [400] };
    }
    case 'bad-fields': {
      const [detail, body] = random.pick<() => [string, string]>([
        () => ['query-not-a-string', `{"query":${random.pick(['5', '[]', '{}', 'null', 'true', '["{ health { status } }"]'])}}`],
        () => ['no-query', random.pick(['{}', '{"variables":{}}', '{"operationName":"A"}', '{"Query":"{ health { status } }"}'])],
        () => ['variables-not-an-object', `{"query":"{ health { status } }","variables":${random.pick(['[]', '5', '"{}"', 'true', '"x"'])}}`],
        () => ['operation-name-not-a-string', `{"query":"query A { health { status } }","operationName":${random.pick(['5', '[]', '{}', 'true'])}}`],
        () => ['extensions-not-an-object', `{"query":"{ health { status } }","extensions":${random.pick(['5', '"x"', '[]', 'true'])}}`],
      ])();
      return { ...base, write: false, family: 'body/bad-fields', detail, body, expect: [400] };
    }
    case 'persisted-query': {
      const [detail, body, expect] = random.pick<() => [string, string, readonly number[]]>([
        () => ['unknown-hash', `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"${'ab'.repeat(32)}"}}}`, GRAPHQL],
        () => ['hash-mismatch', `{"query":"{ health { status } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"${'cd'.repeat(32)}"}}}`, [400]],
        () => ['bad-version', `{"extensions":{"persistedQuery":{"version":${random.pick(['2', '"1"', 'null', '1e309'])},"sha256Hash":"x"}}}`, GRAPHQL],
      ])();
      return { ...base, write: false, family: 'body/persisted-query', detail, body, expect };
    }
    case 'odd-bytes': {
      const [detail, body, expect] = random.pick<() => [string, Buffer, readonly number[]]>([
        () => ['byte-order-mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]), GRAPHQL],
        () => ['invalid-utf8', Buffer.from(valid.replace('{ ', '{ \u0001 ')).map((byte) => (byte === 1 ? 0xff : byte)) as Buffer, GRAPHQL],
        () => ['nul-bytes', Buffer.from(`${valid}\u0000\u0000`), [400]],
      ])();
      return { ...base, family: 'body/odd-bytes', detail, body, expect };
    }
  }
}

const COMPRESSORS: Record<string, (data: Buffer | string) => Buffer> = {
  gzip: (data) => gzipSync(data),
  'x-gzip': (data) => gzipSync(data),
  deflate: (data) => deflateSync(data),
  // A middling quality: the default (11) takes long over the megabytes of a bomb.
  br: (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
};

/** Charsets and content encodings, real and bogus. */
function encodingRequest(random: Random, context: FuzzContext): Draft {
  const p = payload(random, context);
  const text = jsonBody(p);
  const base = { headers: auth(p.credentials), write: p.write, payload: `${p.label} ${p.credentials.label}` };
  if (random.chance(0.45)) {
    const charset = random.pick(['utf-8', 'UTF-8', 'utf-16', 'utf-16le', 'utf-16be', 'utf-32', 'utf-7', 'utf-bogus', 'latin1', 'iso-8859-1', 'us-ascii', 'windows-1252', 'ebcdic', 'shift_jis', 'x-unknown']);
    const reallyUtf16 = charset === 'utf-16le' && random.chance(0.5);
    const expect = /^utf-?8$/i.test(charset) ? GRAPHQL : charset.startsWith('utf-') ? [200, 400, 415] : [415];
    return {
      ...base,
      family: 'encoding/charset',
      detail: `${charset}${reallyUtf16 ? ' (utf-16le bytes)' : ''}`,
      headers: { ...base.headers, 'content-type': `application/json; charset=${charset}` },
      body: reallyUtf16 ? Buffer.from(text, 'utf16le') : text,
      expect,
    };
  }
  const encoding = random.pick(['gzip', 'deflate', 'br', 'identity', 'x-gzip', 'GZIP', 'bogus', 'compress', 'zstd', 'gzip, gzip', 'identity, gzip', '*']);
  const compressor = COMPRESSORS[encoding.toLowerCase()];
  const headers = { ...base.headers, 'content-encoding': encoding };
  const family = 'encoding/content-encoding';
  if (encoding === 'identity') return { ...base, family, detail: encoding, headers, body: text, expect: GRAPHQL };
  if (!compressor) return { ...base, family, detail: `${encoding} (gzip body)`, headers, body: gzipSync(text), expect: [400, 415] };
  const variant = random.weighted([[4, 'real'], [2, 'plain'], [1, 'bomb'], [1, 'truncated']] as const);
  if (variant === 'plain') return { ...base, family, detail: `${encoding} (plain body)`, headers, body: text, expect: [400, 415] };
  if (variant === 'bomb') {
    const inflatedLength = random.int(2, 16) * 1024 * 1024;
    const body = compressor(Buffer.from(`{"query":"{ health { status } }","variables":{"x":"${'0'.repeat(inflatedLength)}"}}`));
    return { ...base, write: false, family, detail: `${encoding} bomb (${inflatedLength >> 20} MiB inflated)`, headers, body, expect: [413, 415], inflatedLength };
  }
  const compressed = compressor(Buffer.from(text));
  if (variant === 'truncated') return { ...base, family, detail: `${encoding} (truncated)`, headers, body: compressed.subarray(0, Math.max(1, compressed.length >> 1)), expect: [400, 415] };
  return { ...base, family, detail: `${encoding} (real)`, headers, body: compressed, expect: [200, 400, 415], inflatedLength: text.length };
}

/** Content types other than JSON, or none at all. */
function contentTypeRequest(random: Random, context: FuzzContext): Draft {
  const p = payload(random, context);
  const [contentType, expect] = random.pick<[string | null, readonly number[]]>([
    [null, [400, 415]],
    ['text/plain', [400, 415]],
    ['text/plain; charset=utf-8', [400, 415]],
    ['application/x-www-form-urlencoded', [400, 415]],
    ['multipart/form-data; boundary=fuzz', [400, 415]],
    ['application/graphql', [400, 415]],
    ['application/xml', [400, 415]],
    ['text/html', [400, 415]],
    ['application/octet-stream', [400, 415]],
    ['image/png', [400, 415]],
    ['application/vnd.api+json', [400, 415]],
    ['text/json', [400, 415]],
    ['APPLICATION/JSON', GRAPHQL],
    ['application/json; charset=utf-8', GRAPHQL],
    ['application/json;;', [200, 400, 415]],
    ['application/json; charset', [200, 400, 415]],
    ['application/', [400, 415]],
    ['/', [400, 415]],
    [';', [400, 415]],
  ]);
  const graphqlBody = contentType === 'application/graphql' ? p.query : jsonBody(p);
  const preflight: Headers = random.chance(0.3) ? { 'apollo-require-preflight': 'true' } : {};
  return {
    family: 'encoding/content-type',
    detail: `${contentType ?? '(none)'}${'apollo-require-preflight' in preflight ? ' +preflight' : ''}`,
    payload: `${p.label} ${p.credentials.label}`,
    headers: { ...auth(p.credentials), ...preflight, 'content-type': contentType },
    body: graphqlBody,
    expect,
    write: p.write,
  } as Draft;
}

const UNKNOWN_PATHS = ['/', '/graphiql', '/admin', '/.env', '/api', '/api/graphql', '/graphql.php', '/wp-login.php', '/%2e%2e/%2e%2e/etc/passwd', '/graphql%00', '/%', '/..;/', '/favicon.ico', '/graphq', '/v1/graphql', '/GraphQL/../admin', '/index.html', '/robots.txt', '/🙂'];

/** Methods other than GET and POST, paths other than /graphql, and GraphQL over GET. */
function httpRequest(random: Random, context: FuzzContext): Draft {
  const variant = random.weighted([[3, 'unknown-path'], [2, 'method'], [4, 'get'], [1, 'options']] as const);
  if (variant === 'unknown-path') {
    const path = random.pick(UNKNOWN_PATHS) + (random.chance(0.2) ? `?q=${random.pick(['1', '%', '%zz', 'a'.repeat(500)])}` : '');
    const method = random.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
    const p = method === 'GET' ? undefined : payload(random, context);
    return {
      family: 'http/unknown-path',
      detail: `${method} ${path.slice(0, 60)}`,
      payload: p && `${p.label} ${p.credentials.label}`,
      method,
      path,
      headers: p ? auth(p.credentials) : {},
      body: p && jsonBody(p),
      expect: path.includes('%') ? [400, 404] : [404, 405],
      write: p?.write,
    };
  }
  if (variant === 'method') {
    const p = payload(random, context);
    const method = random.pick(['PUT', 'DELETE', 'PATCH']);
    return { family: 'http/method', detail: method, payload: `${p.label} ${p.credentials.label}`, method, headers: { ...auth(p.credentials), 'content-type': 'application/json' }, body: jsonBody(p), expect: [405], write: p.write };
  }
  if (variant === 'options') {
    return { family: 'http/method', detail: 'OPTIONS', method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, expect: [204, 400, 404, 405] };
  }
  // GraphQL over GET: reads are allowed, writes must be refused (405), CSRF checks apply.
  const p = payload(random, context);
  const parameters = new URLSearchParams();
  const shape = random.weighted([[6, 'query'], [1, 'none'], [1, 'bad-variables'], [1, 'repeated']] as const);
  // Long documents do not fit a URL: those are sent as a plain read instead.
  const fits = p.query.length <= 3000;
  if (shape !== 'none') parameters.set('query', fits ? p.query : '{ health { status } }');
  if (shape === 'query' && p.variables !== undefined && p.variables.length < 2000) parameters.set('variables', p.variables);
  if (shape === 'bad-variables') parameters.set('variables', random.pick(['5', '{bad', '[]', '"x"', 'null']));
  if (shape === 'repeated') parameters.append('query', '{ health { status } }');
  const preflight: Headers = random.chance(0.7) ? { 'apollo-require-preflight': 'true' } : {};
  const write = p.write && fits && shape !== 'none';
  // 405: GET runs queries only (Apollo refuses mutations and subscriptions with it).
  const expect = write ? [400, 405] : shape === 'query' ? [...GRAPHQL, 405] : [400];
  return {
    family: 'http/get',
    detail: `${shape}${'apollo-require-preflight' in preflight ? ' +preflight' : ''} ${p.label}`,
    method: 'GET',
    path: `/graphql${shape === 'none' ? '' : `?${parameters}`}`,
    headers: { ...auth(p.credentials), ...preflight },
    expect,
    write,
  };
}

const FAMILIES = {
  graphql: [60, graphqlRequest],
  body: [12, bodyRequest],
  encoding: [10, encodingRequest],
  'content-type': [6, contentTypeRequest],
  http: [12, httpRequest],
} as const satisfies Record<string, readonly [number, (random: Random, context: FuzzContext) => Draft]>;

export type FamilyName = keyof typeof FAMILIES;
export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

/** Request `index` of the run seeded `seed`: the same (seed, index, context) always gives the same request. */
export function fuzzRequest(seed: number, index: number, context: FuzzContext, families: readonly FamilyName[] = FAMILY_NAMES): FuzzRequest {
  const random = new Random(seed, index);
  const generate = random.weighted(families.map((name) => FAMILIES[name]));
  const draft = generate(random, context);
  const body = draft.body === undefined ? undefined : Buffer.isBuffer(draft.body) ? draft.body : Buffer.from(draft.body);
  const headers: Record<string, string | readonly string[]> = { 'content-type': 'application/json', ...draft.headers };
  for (const [name, value] of Object.entries(headers)) if (value === null || value === undefined) delete headers[name];
  if (random.chance(0.05)) headers['x-correlation-id'] = random.pick(['fuzz', 'x'.repeat(129), '../../etc', '{"$gt":""}', 'é'.repeat(10)]);
  const decodedLength = draft.inflatedLength ?? body?.length ?? 0;
  // A body well over the limit is refused for its size, unless something found earlier refuses it;
  // one near the limit (give or take the headers' share) may be refused or not.
  const huge = decodedLength > BODY_LIMIT + 1024;
  const nearLimit = decodedLength > BODY_LIMIT - 1024 && !huge;
  const expect = nearLimit
    ? [...draft.expect, 413]
    : !huge
      ? draft.expect
      : draft.expect === GRAPHQL
        ? [413]
        : [413, ...draft.expect.filter((status) => status !== 200 && status !== 413)];
  return { index, family: draft.family, detail: draft.detail, payload: draft.payload, method: draft.method ?? 'POST', path: draft.path ?? '/graphql', headers, body, expect, write: draft.write ?? false };
}

/** The first `count` requests of a run. */
export function* fuzzRequests(seed: number, count: number, context: FuzzContext, families?: readonly FamilyName[]): Generator<FuzzRequest> {
  for (let index = 0; index < count; index += 1) yield fuzzRequest(seed, index, context, families);
}
