import { ValidationPipe, type ArgumentMetadata, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { getMetadataStorage, IS_UUID } from 'class-validator';
import { ValidationError } from '@ledger/domain';

/** The first broken rule, named by its path inside the input (e.g. `parentPartnershipId`). */
function firstViolation(errors: ClassValidatorError[], parent = ''): ValidationError | null {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const [rule, message] = Object.entries(error.constraints ?? {})[0] ?? [];
    if (rule && message) return new ValidationError(field, rule, message);
    const nested = firstViolation(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** The properties of an input or args class declared `@IsUUID()`, by class. */
const idProperties = new WeakMap<object, ReadonlySet<string>>();
function idPropertiesOf(type: Function): ReadonlySet<string> {
  let properties = idProperties.get(type);
  if (!properties) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    properties = new Set(metadata.filter((rule) => rule.name === IS_UUID).map((rule) => rule.propertyName));
    idProperties.set(type, properties);
  }
  return properties;
}

/**
 * Ids are stored in lower case, so every id a client sends is lower-cased here, in mutations and
 * queries alike (nested inputs included): an upper-case UUID names the same object everywhere.
 */
function canonicalIds<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach(canonicalIds);
    return value;
  }
  if (value === null || typeof value !== 'object' || value.constructor === Object) return value;
  const record = value as Record<string, unknown>;
  const ids = idPropertiesOf(value.constructor);
  for (const [key, field] of Object.entries(record)) {
    if (ids.has(key)) {
      record[key] = typeof field === 'string' ? field.toLowerCase() : Array.isArray(field) ? field.map((id) => (typeof id === 'string' ? id.toLowerCase() : id)) : field;
    } else if (field !== null && typeof field === 'object') {
      canonicalIds(field);
    }
  }
  return value;
}

/** class-validator at the edge for the shape of input, with ids made canonical; the domain checks the rules. */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Values of custom parameter decorators (the request's loaders and access) are the server's, not input.
    if (metadata.type === 'custom') return value;
    return canonicalIds(await super.transform(value, metadata));
  }
}

export const ledgerValidationPipe = () =>
  new LedgerValidationPipe({
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => firstViolation(errors) ?? new ValidationError('input', 'valid', 'Input is not valid'),
  });
