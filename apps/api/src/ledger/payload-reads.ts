import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import {
  accessGrantsProjection,
  allyshipPairingsProjection,
  boardViewsProjection,
  commitmentTrackerProjection,
  indicatorReadingsProjection,
  meetingsProjection,
  partnershipDirectoryProjection,
  publicationProjection,
} from '@ledger/projections';

const DIRECTORY = partnershipDirectoryProjection.name;
const TRACKER = commitmentTrackerProjection.name;
const READINGS = indicatorReadingsProjection.name;
const GRANTS = accessGrantsProjection.name;
const ALLYSHIP = allyshipPairingsProjection.name;
const MEETINGS = meetingsProjection.name;
const BOARD_VIEWS = boardViewsProjection.name;
const PUBLICATION = publicationProjection.name;

/**
 * The read models a field returning each object type reads its rows from (a list type: where its list
 * is kept). `[]`: built from its parent's row or from no read model at all (payloads, edges, names
 * from the personal-data store). Every type a mutation payload can reach needs an entry — a test
 * walks the schema — and a type missing here makes read-your-writes wait for every read model.
 */
export const READ_MODELS_OF_TYPES: Readonly<Record<string, readonly string[]>> = {
  Action: [TRACKER],
  ActionConnection: [TRACKER],
  ActionUpdate: [TRACKER],
  ActionUpdateConnection: [TRACKER],
  ActionRaised: [],
  RaisedAtMeeting: [],
  Commitment: [TRACKER],
  CommitmentConnection: [TRACKER],
  Partnership: [DIRECTORY],
  PartnershipConnection: [DIRECTORY],
  Organisation: [DIRECTORY],
  OrganisationConnection: [DIRECTORY],
  Member: [DIRECTORY],
  MemberConnection: [DIRECTORY],
  Priority: [DIRECTORY],
  PriorityConnection: [DIRECTORY],
  BoardSettings: [BOARD_VIEWS],
  Indicator: [READINGS],
  IndicatorConnection: [READINGS],
  IndicatorReading: [READINGS],
  IndicatorReadingConnection: [READINGS],
  DatedValue: [],
  Grant: [GRANTS],
  Person: [],
  AllyshipPairing: [ALLYSHIP],
  AllyshipPairingConnection: [ALLYSHIP],
  AllyshipCheckIn: [ALLYSHIP],
  AllyshipCheckInConnection: [ALLYSHIP],
  AllyshipChallenge: [ALLYSHIP],
  AllyshipChallengeConnection: [ALLYSHIP],
  Ally: [],
  Meeting: [MEETINGS],
  AttendanceEntry: [],
  Declaration: [],
  MinuteItem: [],
  MinuteResolution: [],
  PageInfo: [],
  PublicationSettings: [PUBLICATION],
  AnnualReturn: [PUBLICATION],
  AnnualReturnConnection: [PUBLICATION],
  AnnualReturnEntry: [],
};

/**
 * Fields that read another read model than the one their type names: a scalar worked out from board
 * views, a list the board views order. Keyed `Type.field`.
 */
export const READ_MODELS_OF_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'Action.rag': [BOARD_VIEWS],
  'Indicator.improving': [BOARD_VIEWS],
  'Organisation.actions': [BOARD_VIEWS, TRACKER],
  // Days are counted to the partnership's today, in its time zone.
  'AllyshipPairing.daysSinceLastCheckIn': [DIRECTORY],
  // What is published, and when, is the publication read model's.
  'Commitment.publishedAt': [PUBLICATION],
  'ActionUpdate.publishedAt': [PUBLICATION],
  'Meeting.minutesPublishedThrough': [PUBLICATION],
  'Meeting.minutesPublishedAt': [PUBLICATION],
};

/** Payloads, edges and other plain wrappers read nothing themselves: their fields do. */
const readsNothingItself = (name: string) => name.endsWith('Payload') || name.endsWith('Edge');

/** The read models a field returning `type` reads; null when a type has no entry. */
export function readModelsOfType(schema: GraphQLSchema, type: GraphQLNamedType): readonly string[] | null {
  if (isAbstractType(type)) {
    const members = schema.getPossibleTypes(type).map((member) => readModelsOfType(schema, member));
    return members.includes(null) ? null : members.flatMap((names) => names!);
  }
  if (!isObjectType(type)) return [];
  if (readsNothingItself(type.name)) return [];
  return READ_MODELS_OF_TYPES[type.name] ?? null;
}

/** What a mutation's payload reads, as the request selected it: the read models read-your-writes waits for. */
export type PayloadReads = Readonly<{ readModels: readonly string[] | null }>;

/**
 * The read models the selected payload reads: every field of the payload itself (the resolver builds
 * them all before answering), then each selected field below it, through fragments. Null, meaning
 * every read model, when a type or field on the way has no declaration.
 */
export function payloadReads(info: Pick<GraphQLResolveInfo, 'schema' | 'returnType' | 'fieldNodes' | 'fragments'>): PayloadReads {
  const found = new Set<string>();
  const payload = getNamedType(info.returnType);
  let known = true;
  const add = (parent: GraphQLNamedType, fieldName: string, returned: GraphQLNamedType) => {
    const names = READ_MODELS_OF_FIELDS[`${parent.name}.${fieldName}`] ?? readModelsOfType(info.schema, returned);
    if (names === null) known = false;
    else for (const name of names) found.add(name);
  };
  if (isObjectType(payload)) for (const field of Object.values(payload.getFields())) add(payload, field.name, getNamedType(field.type));

  const visit = (parent: GraphQLNamedType, selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue; // only __typename is selected on a union itself
        const field = parent.getFields()[selection.name.value];
        if (!field) continue; // __typename
        const returned = getNamedType(field.type);
        add(parent, field.name, returned);
        visit(returned, selection.selectionSet);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
        if (!fragment) continue;
        const narrowed = fragment.typeCondition ? info.schema.getType(fragment.typeCondition.name.value) : parent;
        visit(narrowed ?? parent, fragment.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(payload, node.selectionSet);
  return { readModels: known ? [...found].sort() : null };
}

/** A mutation's parameter: what its payload reads, for `ReadYourWrites.payload`. */
export const PayloadReads = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PayloadReads => payloadReads(GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>()),
);
