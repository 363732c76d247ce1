import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export type LocalOidcAlgorithm = 'RS256' | 'ES256';

export type LocalOidcSignOptions = {
  /** Default RS256. */
  alg?: LocalOidcAlgorithm;
  /** The `kid` header; default the current key's. An id the issuer does not publish tests an unknown key. */
  kid?: string;
  /** Seconds from now to `exp`; default 300; null leaves `exp` out. */
  expiresIn?: number | null;
  /** Sign with a throwaway key under the current key's `kid`: a forgery the signature check must catch. */
  forged?: boolean;
};

export type LocalOidcIssuer = Readonly<{
  /** The issuer URL, http://127.0.0.1:<port>: put it in LEDGER_OIDC_ISSUERS. */
  issuer: string;
  /** The `aud` tokens carry unless told otherwise: put it in LEDGER_OIDC_AUDIENCE. */
  audience: string;
  jwksUri: string;
  /** The key ids published now, one per algorithm. */
  kids: () => Readonly<Record<LocalOidcAlgorithm, string>>;
  /** How many times the key set was fetched. */
  jwksFetches: () => number;
  /**
   * A token of this issuer: `iss`, `aud`, `iat` and `exp` are filled in, and `claims` overrides
   * them (`aud: undefined` leaves one out). Give `sub`, and `name`/`email` if wanted.
   */
  sign: (claims?: JWTPayload, options?: LocalOidcSignOptions) => Promise<string>;
  /** Publishes new keys in place of the current ones, as a provider does when it rotates. */
  rotate: () => Promise<void>;
  /** Stops answering (connections refused) until start(); keys are kept. */
  stop: () => Promise<void>;
  /** Answers again on the same port. */
  start: () => Promise<void>;
}>;

type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

let generation = 0;

async function signingKey(alg: LocalOidcAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${++generation}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const currentKeys = async () => ({ RS256: await signingKey('RS256'), ES256: await signingKey('ES256') });

/**
 * An OpenID Connect provider for tests, on 127.0.0.1 with a free port: it serves its discovery
 * document and its key set (one RS256 and one ES256 key), and signs tokens with those keys.
 */
export async function startLocalOidcIssuer(options: { audience?: string } = {}): Promise<LocalOidcIssuer> {
  let keys = await currentKeys();
  let fetches = 0;
  let issuer = '';
  const audience = options.audience ?? 'partnership-ledger';

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const json = (body: unknown) => {
      // No kept-alive connections: once stopped, a client is refused at once rather than on a stale socket.
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') {
      response.writeHead(405).end();
    } else if (path === '/.well-known/openid-configuration') {
      json({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] });
    } else if (path === '/jwks') {
      fetches += 1;
      json({ keys: [keys.RS256.publicJwk, keys.ES256.publicJwk] });
    } else {
      response.writeHead(404).end();
    }
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  issuer = `http://127.0.0.1:${port}`;

  const stop = () =>
    new Promise<void>((resolve, reject) => {
      if (!server.listening) return resolve();
      server.close((error) => (error ? reject(error) : resolve()));
      // Kept-alive connections from fetch would hold close() open.
      server.closeAllConnections();
    });

  return {
    issuer,
    audience,
    jwksUri: `${issuer}/jwks`,
    kids: () => ({ RS256: keys.RS256.kid, ES256: keys.ES256.kid }),
    jwksFetches: () => fetches,
    async sign(claims = {}, { alg = 'RS256', kid, expiresIn = 300, forged = false } = {}) {
      const key = keys[alg];
      const privateKey = forged ? (await generateKeyPair(alg)).privateKey : key.privateKey;
      const now = Math.floor(Date.now() / 1000);
      const defaults: JWTPayload = { iss: issuer, aud: audience, iat: now };
      if (expiresIn !== null) defaults.exp = now + expiresIn;
      return new SignJWT({ ...defaults, ...claims }).setProtectedHeader({ alg, kid: kid ?? key.kid, typ: 'JWT' }).sign(privateKey);
    },
    async rotate() {
      keys = await currentKeys();
    },
    stop,
    start: () => (server.listening ? Promise.resolve() : listen(port)),
  };
}
