import { registerEnumType } from '@nestjs/graphql';
import { PARTNERSHIP_LEVELS, ROLES, SECTORS } from '@ledger/domain';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const PartnershipLevel = enumOf(PARTNERSHIP_LEVELS);
export const Sector = enumOf(SECTORS);
export const Role = enumOf(ROLES);

registerEnumType(PartnershipLevel, { name: 'PartnershipLevel', description: 'System (ICS), place (upper-tier council area) or neighbourhood.' });
registerEnumType(Sector, { name: 'Sector', description: 'The six sectors a partnership draws on.' });
registerEnumType(Role, { name: 'Role' });
