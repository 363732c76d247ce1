/** The small error hierarchy of the domain; the API edge maps each to one GraphQL error code. */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input breaks a rule: names the field and the rule so a client can show it beside the field. */
export class ValidationError extends DomainError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The command is well formed but the stream's state does not allow it. */
export class IllegalStateError extends DomainError {}

/** Something the command refers to does not exist. */
export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly field?: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
}

/**
 * A grant that would allow something: a role, and the partnership or organisation it must be held
 * for; with `personId`, only that person's grant will do (e.g. the ally named in a pairing).
 */
export type GrantRequirement = Readonly<{ role: string; partnershipId?: string; organisationId?: string; personId?: string }>;

/**
 * A known person who may not do this, e.g. a partner reporting on another organisation's action.
 * `required` lists the grants any one of which would have allowed it.
 */
export class ForbiddenError extends DomainError {
  constructor(
    message: string,
    readonly required: readonly GrantRequirement[] = [],
  ) {
    super(message);
  }
}
