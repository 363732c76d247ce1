import { expect } from '@jest/globals';
import type { ApiProcess, GraphQLResponse } from './api-process.js';

/**
 * The calls most e2e specs make, against whichever API process `api()` returns now (a spec may
 * restart it): `ok` expects no errors; `refused` expects the code (and extensions) and nothing written.
 */
export function graphqlClient(api: () => ApiProcess, defaultToken: string) {
  const call = (query: string, variables: object = {}, token = defaultToken) => api().graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object = {}, token = defaultToken) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await call('{ health { store { headPosition } } }')).data.health.store.headPosition as string;
  const refused = async (request: () => Promise<GraphQLResponse>, code: string, extensions: object = {}) => {
    const before = await head();
    const response = await request();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...extensions });
    expect(await head()).toBe(before);
    return response.errors![0]!;
  };
  return { call, ok, head, refused };
}
