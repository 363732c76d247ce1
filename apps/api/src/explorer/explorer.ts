import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Public } from '../access/auth.guard.js';
import { HttpEdgeError, NOT_FOUND_MESSAGE } from '../http/http-error.js';

/** Where the explorer's files are served; the page itself is the GraphQL endpoint's landing page. */
export const EXPLORER_ASSETS_PATH = '/explorer/';

/**
 * Runs in the browser. GraphiQL keeps tabs, queries and headers in the `storage` it is given (by
 * default localStorage): this one keeps nothing, and headers are never persisted either, so a
 * bearer token pasted into the headers editor is gone with the page.
 */
export const EXPLORER_BOOT_SCRIPT = `'use strict';
const keepsNothing = { length: 0, key: () => null, getItem: () => null, setItem() {}, removeItem() {}, clear() {} };
const graphiqlProps = {
  fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
  storage: keepsNothing,
  shouldPersistHeaders: false,
  isHeadersEditorEnabled: true,
  defaultEditorToolsVisibility: 'headers',
  defaultHeaders: '{\\n  "Authorization": "Bearer <token from: npm run -s cli -- mint-token --sub me>"\\n}',
};
ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, graphiqlProps));
`;

type Asset = Readonly<{ contentType: string; load: () => Buffer | string }>;

const require = createRequire(import.meta.url);
const packageFile = (name: string, file: string) => () => readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file));

/** Every file the page loads, from installed packages (dev dependencies): nothing from another host. */
const ASSETS: Readonly<Record<string, Asset>> = {
  'react.production.min.js': { contentType: 'text/javascript; charset=utf-8', load: packageFile('react', 'umd/react.production.min.js') },
  'react-dom.production.min.js': { contentType: 'text/javascript; charset=utf-8', load: packageFile('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.min.js': { contentType: 'text/javascript; charset=utf-8', load: packageFile('graphiql', 'graphiql.min.js') },
  'graphiql.min.css': { contentType: 'text/css; charset=utf-8', load: packageFile('graphiql', 'graphiql.min.css') },
  'explorer.js': { contentType: 'text/javascript; charset=utf-8', load: () => EXPLORER_BOOT_SCRIPT },
};

/** In development only, and only where the dev dependencies are installed (not in the production image). */
export function explorerEnabled(environment: string): boolean {
  if (environment !== 'development') return false;
  try {
    for (const name of ['react', 'react-dom', 'graphiql']) require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

const asset = (name: string) => `${EXPLORER_ASSETS_PATH}${name}`;

/** Scripts and styles only from this server; queries only to it. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

export const EXPLORER_PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
    <title>Partnership Ledger: GraphQL explorer (development)</title>
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
  </head>
  <body>
    <div id="graphiql">Loading the explorer…</div>
    <script src="${asset('explorer.js')}"></script>
  </body>
</html>
`;

/** The page a browser gets from GET /graphql. */
export const explorerLandingPage = (): ApolloServerPlugin => ({
  async serverWillStart() {
    return {
      async renderLandingPage() {
        return { html: EXPLORER_PAGE };
      },
    };
  },
});

@Public()
@Controller(EXPLORER_ASSETS_PATH.slice(1, -1))
export class ExplorerAssetsController {
  private readonly loaded = new Map<string, Buffer | string>();

  @Get(':name')
  @Header('cache-control', 'no-cache')
  @Header('x-content-type-options', 'nosniff')
  serve(@Param('name') name: string, @Res() response: { type: (t: string) => void; send: (body: Buffer | string) => void }) {
    const found = Object.hasOwn(ASSETS, name) ? ASSETS[name]! : null;
    if (!found) throw new HttpEdgeError(404, NOT_FOUND_MESSAGE);
    if (!this.loaded.has(name)) this.loaded.set(name, found.load());
    response.type(found.contentType);
    response.send(this.loaded.get(name)!);
  }
}
