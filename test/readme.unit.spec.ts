import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';

/** Every GraphQL example in the README is a query or mutation the served schema accepts. */
describe('README examples', () => {
  const schema = buildSchema(readFileSync('schema.gql', 'utf8'));
  const examples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split(/\n(?=query|mutation)/))
    // Placeholders such as "$P" stand for ids the reader fills in; comments are prose.
    .map((example) => example.replace(/"\$[A-Z]+"/g, '"id"').replace(/^#.*$/gm, '').trim())
    .filter((example) => example.length > 0);

  it('has examples to check', () => expect(examples.length).toBeGreaterThan(10));

  it.each(examples.map((example) => [example.slice(0, 60).replace(/\s+/g, ' '), example]))('%s… is valid against schema.gql', (_name, example) => {
    expect(validate(schema, parse(example)).map((error) => error.message)).toEqual([]);
  });
});
