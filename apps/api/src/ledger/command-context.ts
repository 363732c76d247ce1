import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { v7 as uuidv7 } from 'uuid';
import { UnauthenticatedError } from '@ledger/auth';

/** The person a verified token names, as the personal-data store knows them; what they may do comes from their grants. */
export type Caller = Readonly<{ personId: string }>;

/** Who sent a command and which request it belongs to: becomes every event's metadata. */
export type CommandContext = Readonly<{ caller: Caller; correlationId: string }>;

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; caller?: Caller; id?: unknown };

export const RequestContext = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const req = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  if (!req.caller) throw new UnauthenticatedError('Authentication required');
  return { caller: req.caller, correlationId: String(req.id ?? uuidv7()) };
});
