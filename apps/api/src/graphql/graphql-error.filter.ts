import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import { GqlArgumentsHost, type GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '@ledger/auth';
import { IllegalStateError, NotFoundError, ValidationError } from '@ledger/domain';
import { ExpectedVersionConflictError } from '@ledger/event-store';
import { sendHttpError } from '../http/http-error.js';
import { ReadModelBehindError } from '../ledger/read-your-writes.js';

/** The one place domain errors become GraphQL error codes. */
export function toGraphQLError(exception: unknown, production: boolean, logger: Pick<Logger, 'error'>): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof ValidationError) {
    return new GraphQLError(exception.message, { extensions: { code: 'BAD_USER_INPUT', field: exception.field, rule: exception.rule } });
  }
  if (exception instanceof NotFoundError) {
    return new GraphQLError(exception.message, { extensions: { code: 'NOT_FOUND', field: exception.field ?? null } });
  }
  if (exception instanceof ExpectedVersionConflictError) {
    // The store's message names its internal stream; the client knows the object and its revision.
    const currentRevision = exception.actual === null ? null : String(exception.actual);
    return new GraphQLError(
      `expectedRevision ${String(exception.expected)} is stale: the object is now at revision ${currentRevision ?? 'none'}. Read it again and retry.`,
      { extensions: { code: 'CONFLICT', field: 'expectedRevision', currentRevision } },
    );
  }
  if (exception instanceof IllegalStateError) return new GraphQLError(exception.message, { extensions: { code: 'FAILED_PRECONDITION' } });
  if (exception instanceof ReadModelBehindError) {
    return new GraphQLError(exception.message, { extensions: { code: 'READ_MODEL_BEHIND', written: true, position: exception.position } });
  }
  if (exception instanceof UnauthenticatedError) return new GraphQLError(exception.message, { extensions: { code: 'UNAUTHENTICATED' } });
  if (exception instanceof ForbiddenError) {
    // Any one of these grants would have allowed it: who to ask for what.
    return new GraphQLError(exception.message, { extensions: { code: 'FORBIDDEN', required: exception.required } });
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return new GraphQLError(exception.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(error.message, error.stack);
  return new GraphQLError(production ? 'Internal server error' : error.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

@Catch()
export class GraphqlErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  constructor(private readonly production: boolean) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // Outside GraphQL (the HTTP edge, unknown paths, the probes): a JSON answer with the right status.
    if (host.getType<string>() !== 'graphql') return sendHttpError(exception, host.switchToHttp().getResponse(), this.production);
    // The request's correlation id, given here: no request-scoped logger follows the call (no AsyncLocalStorage).
    const correlationId = GqlArgumentsHost.create(host).getContext<{ req?: { id?: unknown } }>().req?.id;
    return toGraphQLError(exception, this.production, { error: (message: string, stack?: string) => this.logger.error({ correlationId, stack }, message) });
  }
}
