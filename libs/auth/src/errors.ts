import { DomainError } from '@ledger/domain';

/** No valid bearer token: answered with code UNAUTHENTICATED. */
export class UnauthenticatedError extends DomainError {}

/** A valid token whose role or organisation may not do this: answered with code FORBIDDEN. */
export class ForbiddenError extends DomainError {}
