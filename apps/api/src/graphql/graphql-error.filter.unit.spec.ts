import { describe, expect, it, jest } from '@jest/globals';
import { ForbiddenError, UnauthenticatedError } from '@ledger/auth';
import { IllegalStateError, NotFoundError, ValidationError } from '@ledger/domain';
import { ExpectedVersionConflictError, type Position } from '@ledger/event-store';
import { ReadModelBehindError } from '../ledger/read-your-writes.js';
import { toGraphQLError } from './graphql-error.filter.js';

const silent = { error: () => undefined };

describe('mapping errors to GraphQL error codes', () => {
  it.each([
    [new ValidationError('name', 'notEmpty', 'name must not be empty'), { code: 'BAD_USER_INPUT', field: 'name', rule: 'notEmpty' }],
    [new NotFoundError('Partnership', 'p-1', 'id'), { code: 'NOT_FOUND', field: 'id' }],
    [new IllegalStateError('already formed'), { code: 'FAILED_PRECONDITION' }],
    [new UnauthenticatedError('no token'), { code: 'UNAUTHENTICATED' }],
    [new ForbiddenError('not your action', [{ role: 'PARTNER', organisationId: 'o' }]), { code: 'FORBIDDEN', required: [{ role: 'PARTNER', organisationId: 'o' }] }],
  ])('maps %p', (error, extensions) => {
    const mapped = toGraphQLError(error, true, silent);
    expect(mapped.message).toBe(error.message);
    expect(mapped.extensions).toEqual(extensions);
  });

  it.each([
    [new ExpectedVersionConflictError('partnership-1', 3n, 5n), '5'],
    [new ExpectedVersionConflictError('partnership-1', 3n, null), null],
  ])('maps a stale revision to CONFLICT with the current revision and no internal stream name (%p)', (error, currentRevision) => {
    const mapped = toGraphQLError(error, true, silent);
    expect(mapped.extensions).toEqual({ code: 'CONFLICT', field: 'expectedRevision', currentRevision });
    expect(mapped.message).toMatch(/^expectedRevision 3 is stale/);
    expect(mapped.message).not.toContain('partnership-1');
  });

  it('says a write succeeded, with its position, when the read models lag past the bound', () => {
    const mapped = toGraphQLError(new ReadModelBehindError('42' as Position, 5000), true, silent);
    expect(mapped.extensions).toEqual({ code: 'READ_MODEL_BEHIND', written: true, position: '42' });
    expect(mapped.message).toContain('was written (position 42)');
  });

  it('logs an unknown error with its stack and hides its message in production', () => {
    const logger = { error: jest.fn() };
    const mapped = toGraphQLError(new Error('SQLITE_CORRUPT: database disk image is malformed'), true, logger);
    expect(mapped.message).toBe('Internal server error');
    expect(mapped.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(logger.error).toHaveBeenCalledWith('SQLITE_CORRUPT: database disk image is malformed', expect.stringContaining('Error: SQLITE_CORRUPT'));
  });

  it('shows an unknown error’s message outside production', () => {
    expect(toGraphQLError(new Error('boom'), false, silent).message).toBe('boom');
  });
});
