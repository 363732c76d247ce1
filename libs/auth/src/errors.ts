import { DomainError } from '@ledger/domain';

/** No valid bearer token: answered with code UNAUTHENTICATED. */
export class UnauthenticatedError extends DomainError {}

/** A role or organisation that may not do this is a domain rule; re-exported for the guard. */
export { ForbiddenError } from '@ledger/domain';
