import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import vm from 'node:vm';
import { ApiProcess } from './support/api-process.js';

const browser = { accept: 'text/html,application/xhtml+xml' };
/** An address on a host that serves code, styles or fonts (a help text merely naming a CDN is fine). */
const EXTERNAL = /https?:\/\/[^\s"'`)]*(unpkg\.com|jsdelivr\.net|esm\.sh|cdnjs|googleapis|gstatic|skypack|embed\.graphql)/g;

/** src and href of every tag in the page. */
const references = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);

describe('the development explorer', () => {
  let api: ApiProcess;
  let origin: string;

  beforeAll(async () => {
    api = await ApiProcess.start({ env: { NODE_ENV: 'development' } });
    origin = new URL(api.url).origin;
  });
  afterAll(() => api.stop());

  it('is the page a browser gets from /graphql, and every file it loads comes from this server', async () => {
    const page = await fetch(api.url, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'self';/);
    expect(html).not.toMatch(/https?:\/\//);

    const files = references(html);
    expect(files).toEqual(['/explorer/graphiql.min.css', '/explorer/react.production.min.js', '/explorer/react-dom.production.min.js', '/explorer/graphiql.min.js', '/explorer/explorer.js']);
    for (const file of files) {
      const asset = await fetch(origin + file);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(file.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      const text = await asset.text();
      expect(text.length).toBeGreaterThan(500);
      // match() keeps a failure's message short: these files are up to a megabyte.
      expect(text.match(EXTERNAL)).toBeNull();
      expect(text.match(/@import|url\(["']?https?:/g)).toBeNull();
    }
  });

  it('runs GraphiQL from those files with a storage that keeps nothing and headers never persisted, and queries this API', async () => {
    // The browser's globals, as far as the scripts touch them at load time.
    const context: Record<string, any> = {
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      URL,
      TextEncoder,
      TextDecoder,
      navigator: { userAgent: 'node' },
      fetch: (url: string, init: RequestInit) => fetch(new URL(url, origin), init),
      addEventListener() {},
      removeEventListener() {},
      matchMedia: () => ({ matches: false, addEventListener() {}, addListener() {} }),
    };
    const element = () => ({ style: {}, setAttribute() {}, appendChild() {}, addEventListener() {} });
    context.document = { createElement: element, head: element(), body: element(), documentElement: element(), getElementById: element, querySelector: () => null, addEventListener() {}, removeEventListener() {} };
    for (const name of ['HTMLElement', 'Element', 'Node', 'Range', 'Event', 'Text', 'SVGElement', 'KeyboardEvent', 'MouseEvent', 'DocumentFragment', 'ShadowRoot']) context[name] = class {};
    context.window = context.self = context.globalThis = context;
    vm.createContext(context);
    const html = await (await fetch(api.url, { headers: browser })).text();
    const scripts = references(html).filter((file) => file.endsWith('.js'));
    const boot = scripts.pop()!;
    for (const script of scripts) vm.runInContext(await (await fetch(origin + script)).text(), context, { filename: script });
    expect(typeof context.GraphiQL).toBe('function');

    let rendered: { type: unknown; props: Record<string, any> } | undefined;
    context.ReactDOM = { createRoot: () => ({ render: (element: typeof rendered) => (rendered = element) }) };
    vm.runInContext(await (await fetch(origin + boot)).text(), context, { filename: boot });

    expect(rendered!.type).toBe(context.GraphiQL);
    const { storage, shouldPersistHeaders, fetcher } = rendered!.props;
    expect(shouldPersistHeaders).toBe(false);
    storage.setItem('graphiql:headers', '{"Authorization":"Bearer secret"}');
    expect(storage.getItem('graphiql:headers')).toBeNull();
    expect(storage.length).toBe(0);
    // GraphiQL's fetcher answers with a result, or with an async iterator of them (multipart).
    const answer = await fetcher({ query: '{ health { status } }' });
    const result = Symbol.asyncIterator in answer ? (await answer[Symbol.asyncIterator]().next()).value : answer;
    expect(result).toEqual({ data: { health: { status: 'ok' } } });
  });

  it('is not served in production', async () => {
    const production = await ApiProcess.start({ env: { NODE_ENV: 'production' } });
    try {
      const page = await fetch(production.url, { headers: browser });
      expect(page.headers.get('content-type')).toMatch(/^application\/json/);
      expect(page.status).toBe(400);
      const asset = await fetch(`${new URL(production.url).origin}/explorer/graphiql.min.js`);
      expect(asset.status).toBe(404);
    } finally {
      await production.stop();
    }
  });
});
