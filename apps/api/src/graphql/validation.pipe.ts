import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
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

/** class-validator at the edge for the shape of input; the domain checks the rules. */
export const ledgerValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => firstViolation(errors) ?? new ValidationError('input', 'valid', 'Input is not valid'),
  });
