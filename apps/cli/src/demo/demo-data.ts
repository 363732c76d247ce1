import type { ActionStatus, IndicatorDirection, PartnershipLevel, Sector } from '@ledger/domain';

/**
 * The demo partnership: the source documents' data as plain values, so the loader and the tests
 * read the same inputs. Sources: [002] the Leicester City HWB agenda pack of 2021-03-25 (minutes of
 * 2020-11-19, the LLR System Health Inequalities Framework, Draft 10.1); [004] the Leeds THIG report
 * to Leeds HWB, 2021-09-16; [001] the Public Health Northamptonshire proposal. What the sources do
 * not give (dates left as "–", who attended, how the year went) is marked `inferred` or generated
 * by `demoHistory` from a seeded PRNG, so every run loads the same ledger.
 *
 * Keys are stable names: the loader derives every id from them (as a clientMutationId), so a
 * second run names the same objects and changes nothing.
 */

/** The last business date of the demo: its updates and readings run up to here. */
export const DEMO_END = '2021-10-29';

/** Where every demo partnership's "today" is. */
export const DEMO_TIME_ZONE = 'Europe/London';

/** The body the LLR framework's confirmations go to [002]. */
export const SYSTEM_EXECUTIVE = 'System Executive';

export type DemoOrganisation = Readonly<{ key: string; name: string; sector: Sector; type: string }>;

export const ORGANISATIONS: readonly DemoOrganisation[] = [
  // LLR [002]
  { key: 'uhl', name: 'University Hospitals of Leicester NHS Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'lpt', name: 'Leicestershire Partnership NHS Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'emas', name: 'East Midlands Ambulance Service NHS Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'lc-ccg', name: 'Leicester City Clinical Commissioning Group', sector: 'HEALTH', type: 'CCG' },
  { key: 'wl-ccg', name: 'West Leicestershire Clinical Commissioning Group', sector: 'HEALTH', type: 'CCG' },
  { key: 'elr-ccg', name: 'East Leicestershire and Rutland Clinical Commissioning Group', sector: 'HEALTH', type: 'CCG' },
  { key: 'nhsei', name: 'NHS England and NHS Improvement (Midlands)', sector: 'HEALTH', type: 'NHS body' },
  { key: 'leicester-cc', name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', type: 'council' },
  { key: 'leics-cc', name: 'Leicestershire County Council', sector: 'LOCAL_GOVERNMENT', type: 'council' },
  { key: 'rutland-cc', name: 'Rutland County Council', sector: 'LOCAL_GOVERNMENT', type: 'council' },
  { key: 'police', name: 'Leicestershire Police', sector: 'PUBLIC_SERVICES', type: 'police' },
  { key: 'opcc', name: 'Office of the Leicester, Leicestershire and Rutland Police and Crime Commissioner', sector: 'PUBLIC_SERVICES', type: 'police' },
  { key: 'fire', name: 'Leicestershire Fire and Rescue Service', sector: 'PUBLIC_SERVICES', type: 'fire' },
  { key: 'hw-ll', name: 'Healthwatch Leicester and Leicestershire', sector: 'COMMUNITY', type: 'Healthwatch' },
  { key: 'hw-rutland', name: 'Healthwatch Rutland', sector: 'COMMUNITY', type: 'Healthwatch' },
  { key: 'val', name: 'Voluntary Action Leicester', sector: 'VCSE', type: 'VCSE' },
  { key: 'ssag', name: 'Strategic Sports Alliance Group', sector: 'VCSE', type: 'VCSE' },
  { key: 'uol', name: 'University of Leicester', sector: 'PUBLIC_SERVICES', type: 'university' },
  { key: 'dmu', name: 'De Montfort University', sector: 'PUBLIC_SERVICES', type: 'university' },
  { key: 'llep', name: 'Leicester and Leicestershire Enterprise Partnership', sector: 'BUSINESS', type: 'business' },
  // Leeds [004]
  { key: 'leeds-cc', name: 'Leeds City Council', sector: 'LOCAL_GOVERNMENT', type: 'council' },
  { key: 'leeds-ccg', name: 'NHS Leeds Clinical Commissioning Group', sector: 'HEALTH', type: 'CCG' },
  { key: 'ltht', name: 'Leeds Teaching Hospitals NHS Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'lch', name: 'Leeds Community Healthcare NHS Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'lypft', name: 'Leeds and York Partnership NHS Foundation Trust', sector: 'HEALTH', type: 'NHS trust' },
  { key: 'hw-leeds', name: 'Healthwatch Leeds', sector: 'COMMUNITY', type: 'Healthwatch' },
  { key: 'forum-central', name: 'Forum Central', sector: 'VCSE', type: 'VCSE' },
  { key: 'coin', name: 'Leeds Communities of Interest Network', sector: 'COMMUNITY', type: 'community network' },
  { key: 'leeds-gate', name: 'Leeds GATE', sector: 'VCSE', type: 'VCSE' },
  { key: 'lassn', name: 'Leeds Asylum Seekers’ Support Network', sector: 'VCSE', type: 'VCSE' },
  { key: 'mesmac', name: 'Yorkshire MESMAC', sector: 'VCSE', type: 'VCSE' },
  // Northamptonshire [001]
  { key: 'northants-cc', name: 'Northamptonshire County Council (Public Health Northamptonshire)', sector: 'LOCAL_GOVERNMENT', type: 'council' },
  { key: 'northants-ccg', name: 'NHS Northamptonshire Clinical Commissioning Group', sector: 'HEALTH', type: 'CCG' },
  { key: 'northants-vcse', name: 'Northamptonshire community lead provider (to be tendered)', sector: 'VCSE', type: 'VCSE' },
];

export type DemoPartnership = Readonly<{
  key: string;
  name: string;
  level: PartnershipLevel;
  parent: string | null;
  /** Organisation keys, in the order they join. */
  members: readonly string[];
}>;

const LLR_MEMBERS = ['uhl', 'lpt', 'emas', 'lc-ccg', 'wl-ccg', 'elr-ccg', 'leicester-cc', 'leics-cc', 'rutland-cc', 'police', 'fire', 'hw-ll', 'hw-rutland', 'val', 'uol', 'dmu'];

export const PARTNERSHIPS: readonly DemoPartnership[] = [
  // The system: the Health and Care Partnership governs LLR principles and actions [002].
  { key: 'llr', name: 'Leicester, Leicestershire and Rutland Integrated Care System', level: 'SYSTEM', parent: null, members: LLR_MEMBERS },
  {
    key: 'leicester',
    name: 'Leicester City Health and Wellbeing Board',
    level: 'PLACE',
    parent: 'llr',
    members: ['leicester-cc', 'uhl', 'lc-ccg', 'lpt', 'nhsei', 'hw-ll', 'opcc', 'police', 'fire', 'val', 'ssag', 'llep', 'emas', 'dmu', 'uol'],
  },
  { key: 'leicestershire', name: 'Leicestershire Health and Wellbeing Board', level: 'PLACE', parent: 'llr', members: ['leics-cc', 'wl-ccg', 'elr-ccg', 'uhl', 'lpt', 'police', 'fire', 'hw-ll'] },
  { key: 'rutland', name: 'Rutland Health and Wellbeing Board', level: 'PLACE', parent: 'llr', members: ['rutland-cc', 'elr-ccg', 'uhl', 'lpt', 'police', 'fire', 'hw-rutland'] },
  // Leeds HWB [004]: the CoIN and third-sector allies are members so they can be paired.
  {
    key: 'leeds',
    name: 'Leeds Health and Wellbeing Board',
    level: 'PLACE',
    parent: null,
    members: ['leeds-cc', 'leeds-ccg', 'ltht', 'lch', 'lypft', 'hw-leeds', 'forum-central', 'coin', 'leeds-gate', 'lassn', 'mesmac'],
  },
  // The "anticipated" programme board of [001].
  { key: 'northants', name: 'Northamptonshire Community Resilience Programme Board', level: 'PLACE', parent: null, members: ['northants-cc', 'northants-ccg', 'northants-vcse'] },
];

/** The place partnerships beneath a system partnership, in the order formed: "each Place". */
export const placesBeneath = (partnershipKey: string) => PARTNERSHIPS.filter((p) => p.parent === partnershipKey);

export type DemoSeat = Readonly<{ key: string; partnership: string; organisation: string; roleTitle: string; category: string }>;

/**
 * The Leicester board's seats as the agenda pack lists them [002]: 5 councillors, 2 officers (2 seats
 * vacant, not loaded), 6 NHS, 7 Healthwatch/other, 6 standing invitees. People are named by their
 * role here; the loader stores that as their name in the personal-data store, never in the log.
 */
const LEICESTER_SEATS: readonly Omit<DemoSeat, 'partnership'>[] = [
  { key: 'chair', organisation: 'leicester-cc', roleTitle: 'Chair; Deputy City Mayor, Social Care and Anti-Poverty', category: 'Councillor' },
  { key: 'cllr-culture', organisation: 'leicester-cc', roleTitle: 'Deputy City Mayor, Culture, Leisure and Sport', category: 'Councillor' },
  { key: 'cllr-education', organisation: 'leicester-cc', roleTitle: 'Assistant City Mayor, Education and Housing', category: 'Councillor' },
  { key: 'cllr-communities', organisation: 'leicester-cc', roleTitle: 'Assistant City Mayor, Communities, Equalities and Special Projects', category: 'Councillor' },
  { key: 'cllr-health', organisation: 'leicester-cc', roleTitle: 'Assistant City Mayor, Health', category: 'Councillor' },
  { key: 'sd-social-care', organisation: 'leicester-cc', roleTitle: 'Strategic Director of Social Care and Education', category: 'Council officer' },
  { key: 'dph', organisation: 'leicester-cc', roleTitle: 'Director of Public Health', category: 'Council officer' },
  { key: 'uhl-ce', organisation: 'uhl', roleTitle: 'Chief Executive, University Hospitals of Leicester NHS Trust', category: 'NHS' },
  { key: 'ccg-cochair-1', organisation: 'lc-ccg', roleTitle: 'Co-Chair, Leicester City CCG', category: 'NHS' },
  { key: 'lpt-ce', organisation: 'lpt', roleTitle: 'Chief Executive, Leicestershire Partnership NHS Trust', category: 'NHS' },
  { key: 'ccg-cochair-2', organisation: 'lc-ccg', roleTitle: 'Co-Chair, Leicester City CCG (second co-chair)', category: 'NHS' },
  { key: 'nhsei-director', organisation: 'nhsei', roleTitle: 'Director of Strategic Transformation, NHS England and NHS Improvement', category: 'NHS' },
  { key: 'ccgs-ce', organisation: 'lc-ccg', roleTitle: 'Chief Executive, LLR Clinical Commissioning Groups', category: 'NHS' },
  { key: 'healthwatch-chair', organisation: 'hw-ll', roleTitle: 'Chair, Healthwatch Advisory Board', category: 'Healthwatch / Other' },
  { key: 'pcc', organisation: 'opcc', roleTitle: 'Police and Crime Commissioner', category: 'Healthwatch / Other' },
  { key: 'police-head', organisation: 'police', roleTitle: 'Head of Local Policing Directorate', category: 'Healthwatch / Other' },
  { key: 'fire-acfo', organisation: 'fire', roleTitle: 'Assistant Chief Fire Officer', category: 'Healthwatch / Other' },
  { key: 'val-ce', organisation: 'val', roleTitle: 'Chief Executive, Voluntary Action Leicester', category: 'Healthwatch / Other' },
  { key: 'ssag-rep', organisation: 'ssag', roleTitle: 'Representative, Strategic Sports Alliance Group', category: 'Healthwatch / Other' },
  { key: 'llep-director', organisation: 'llep', roleTitle: 'Director, Leicester and Leicestershire Enterprise Partnership', category: 'Healthwatch / Other' },
  { key: 'emas-gm', organisation: 'emas', roleTitle: 'General Manager, Leicestershire, EMAS (non-voting)', category: 'Standing invitee' },
  { key: 'dmu-prof', organisation: 'dmu', roleTitle: 'Professor of Integrated Health and Social Care, DMU (non-voting)', category: 'Standing invitee' },
  { key: 'uol-prof', organisation: 'uol', roleTitle: 'College Director of Research, University of Leicester (non-voting)', category: 'Standing invitee' },
  { key: 'lpt-chair', organisation: 'lpt', roleTitle: 'Chair, Leicestershire Partnership NHS Trust (non-voting)', category: 'Standing invitee' },
  { key: 'uhl-chair', organisation: 'uhl', roleTitle: 'Chair, University Hospitals of Leicester NHS Trust (non-voting)', category: 'Standing invitee' },
  { key: 'ics-chair', organisation: 'lc-ccg', roleTitle: 'Chair, LLR Integrated Care System (non-voting)', category: 'Standing invitee' },
];

/** Leeds HWB members paired with allies [004] (inferred: the report does not name the pairs). */
const LEEDS_SEATS: readonly Omit<DemoSeat, 'partnership'>[] = [
  { key: 'leeds-chair', organisation: 'leeds-cc', roleTitle: 'Chair; Executive Member for Public Health and Active Lifestyles', category: 'Councillor' },
  { key: 'leeds-dph', organisation: 'leeds-cc', roleTitle: 'Director of Public Health', category: 'Council officer' },
  { key: 'leeds-ccg-ao', organisation: 'leeds-ccg', roleTitle: 'Accountable Officer, NHS Leeds CCG', category: 'NHS' },
  { key: 'ltht-ce', organisation: 'ltht', roleTitle: 'Chief Executive, Leeds Teaching Hospitals NHS Trust', category: 'NHS' },
  { key: 'lch-ce', organisation: 'lch', roleTitle: 'Chief Executive, Leeds Community Healthcare NHS Trust', category: 'NHS' },
  { key: 'hw-leeds-ce', organisation: 'hw-leeds', roleTitle: 'Chief Executive, Healthwatch Leeds', category: 'Healthwatch / Other' },
];

export const SEATS: readonly DemoSeat[] = [
  ...LEICESTER_SEATS.map((seat) => ({ ...seat, partnership: 'leicester' })),
  ...LEEDS_SEATS.map((seat) => ({ ...seat, partnership: 'leeds' })),
];

export type DemoPriority = Readonly<{ partnership: string; code: string; title: string }>;

/** The LLR framework's twelve principles [002], adopted by the system partnership as its priorities. */
export const PRIORITIES: readonly DemoPriority[] = [
  'Health inequalities are everyone’s business: a golden thread from system to place to neighbourhood',
  'Population health management and prevention',
  'Act on the wider determinants of health',
  'Parity of esteem between mental and physical health',
  'Partners act as anchor institutions',
  'Proportionate universalism',
  'Use qualitative and quantitative data and evidence',
  'Draw on community assets and strengths',
  'Health and equity in all policies',
  'Act at key points of the life course',
  'System accountability, with place governance by Health and Wellbeing Boards',
  'Act at the most appropriate level of the ICS',
].map((title, index) => ({ partnership: 'llr', code: `P${index + 1}`, title }));

export type DemoCommitment = Readonly<{
  key: string;
  partnership: string;
  owner: string;
  title: string;
  description: string;
  /** Codes of the partnership's priorities. */
  priorities: readonly string[];
  madeOn: string;
  targetDate: string | null;
  sourceReference: string;
  /** Endorsed at this meeting (a minute item records it), or on this date without one. */
  endorsedAt?: string;
  endorsedOn?: string;
}>;

const LLR_SOURCE = 'LLR System Health Inequalities Framework, Draft 10.1 (March 2021)';
/** The framework went to the Leicester board on 2021-03-25 and through the system's own bodies in March [002]. */
const LLR_MADE_ON = '2021-03-25';

/** An LLR framework action as a commitment of the system (owned, inferred, by its executive lead's CCG). */
const llr = (n: number, title: string, description: string, priorities: string[], targetDate: string | null): DemoCommitment => ({
  key: `llr-action-${n}`,
  partnership: 'llr',
  owner: 'lc-ccg',
  title: `Action ${n}: ${title}`,
  description,
  priorities,
  madeOn: LLR_MADE_ON,
  targetDate,
  sourceReference: `${LLR_SOURCE}, Action ${n}`,
  endorsedOn: LLR_MADE_ON,
});

/** The Leicester board's own commitment, endorsed at its meeting of 2021-03-25: the framework at place. */
const PLACE_COMMITMENTS: readonly DemoCommitment[] = [
  {
    key: 'leicester-framework',
    partnership: 'leicester',
    owner: 'leicester-cc',
    title: 'Adopt the LLR System Health Inequalities Framework for Leicester',
    description: 'Translate the system principles for Leicester’s population (LLR framework Action 1) and report progress to the Board.',
    priorities: [],
    madeOn: '2021-03-11',
    targetDate: '2021-12-31',
    sourceReference: `${LLR_SOURCE}; Leicester City HWB agenda, 25 March 2021, item 2`,
    endorsedAt: 'leicester-2021-03-25',
  },
];

export const COMMITMENTS: readonly DemoCommitment[] = [
  ...PLACE_COMMITMENTS,
  llr(1, 'Places translate the system principles locally', 'Places translate the system-level principles to their populations in the way that meets local needs.', ['P1', 'P3', 'P11'], null),
  llr(2, 'Proportionate universalism in investment', 'Agree a proportionate-universalism approach to investment decisions, a financial framework for health inequalities, and primary-care funding by need.', ['P6'], null),
  llr(3, 'An LLR health inequalities resource', 'A virtual partnership of the NHS, local authorities and universities to review health inequalities at system level.', ['P7', 'P12'], '2021-09-30'),
  llr(4, 'Decision makers understand health inequity', 'All decision makers in the ICS have the expertise, skills and insight to reduce health inequity.', ['P1'], '2021-11-30'),
  llr(5, 'The effect of Covid-19 on health inequalities', 'Understand the full effect of the pandemic on health inequalities; make vaccine uptake equitable.', ['P2', 'P4'], null),
  llr(6, 'Complete and consistent equality data', 'Improve the completeness and consistency of data on protected characteristics at every level of the ICS.', ['P7'], '2021-07-30'),
  llr(7, 'Health equity dashboards and health equity audit', 'Health equity dashboards at place and system level with agreed metrics and baselines; a standard health equity audit tool and training in every organisation.', ['P7', 'P11'], '2021-10-30'),
  llr(8, 'Health equity audit of projects', 'A health equity audit at the planning stage of commissioning, service redesign and evaluation projects.', ['P9'], null),
  llr(9, 'Anchor institutions', 'An action plan for the NHS and partners to act as anchor institutions: work opportunities, buildings and purchasing.', ['P5', 'P3'], '2021-07-01'),
  // Leeds HWB was asked to do three things [004].
  {
    key: 'leeds-hardwire',
    partnership: 'leeds',
    owner: 'leeds-cc',
    title: 'Hardwire health inequalities as the purpose of the Place Based Partnership',
    description: 'Require bodies to publicly say what has happened and what more is to be done.',
    priorities: [],
    madeOn: '2021-09-16',
    targetDate: null,
    sourceReference: 'Leeds THIG report to Leeds HWB, 16 September 2021, recommendation 1',
    endorsedOn: '2021-09-16',
  },
  {
    key: 'leeds-culture',
    partnership: 'leeds',
    owner: 'leeds-ccg',
    title: 'Lead the culture shift, using the Tackling Health Inequalities Toolkit',
    description: 'Go further and faster than nationally mandated activity, using the Toolkit as a foundation.',
    priorities: [],
    madeOn: '2021-09-16',
    targetDate: null,
    sourceReference: 'Leeds THIG report to Leeds HWB, 16 September 2021, recommendation 2',
    endorsedOn: '2021-09-16',
  },
  {
    key: 'leeds-peer-challenge',
    partnership: 'leeds',
    owner: 'hw-leeds',
    title: 'Regular peer-to-peer support and challenge with the CoIN and Allies',
    description: 'Share commonalities and hold each other to account through the Allyship Programme.',
    priorities: [],
    madeOn: '2021-06-01',
    targetDate: null,
    sourceReference: 'Leeds THIG report to Leeds HWB, 16 September 2021, recommendation 3',
    endorsedOn: '2021-06-01',
  },
  // Northamptonshire [001]: the programme, and each of its 4 lots (Primary Care Localities).
  {
    key: 'northants-programme',
    partnership: 'northants',
    owner: 'northants-cc',
    title: 'Build community resilience and address health inequalities in vulnerable groups',
    description: '3 years (+1 optional) from April 2021; open tender, lead provider, subcontracts and grants; £900,000 a year across 4 lots.',
    priorities: [],
    madeOn: '2021-03-01',
    targetDate: '2024-03-31',
    sourceReference: 'Public Health Northamptonshire proposal',
    endorsedOn: '2021-03-31',
  },
  ...[
    ['kettering-corby', 'Kettering & Corby', 'North', 214_654],
    ['enw', 'East Northants & Wellingborough', 'North', 214_653],
    ['northampton', 'Northampton', 'West', 235_347],
    ['daventry-sn', 'Daventry & South Northants', 'West', 235_346],
  ].map(([key, name, area, pounds]) => ({
    key: `northants-lot-${key}`,
    partnership: 'northants',
    owner: 'northants-vcse',
    title: `Lot: ${name}`,
    description: `Primary Care Locality ${name} (${area} area; about £${Number(pounds).toLocaleString('en-GB')} a year, half the ${area} area's budget).`,
    priorities: [],
    madeOn: '2021-03-01',
    targetDate: '2024-03-31',
    sourceReference: `Public Health Northamptonshire proposal, lot ${name}`,
    endorsedOn: '2021-03-31',
  })),
];

/**
 * Who owns an action as the framework writes it: one organisation; "each organisation" (every
 * member); "each Place" (every place partnership beneath); the partnership itself ("ICS"); or a
 * named set ("key partner orgs").
 */
export type DemoOwner =
  | Readonly<{ kind: 'organisation'; organisation: string }>
  | Readonly<{ kind: 'everyMemberOrganisation' }>
  | Readonly<{ kind: 'everyPlace' }>
  | Readonly<{ kind: 'partnership' }>
  | Readonly<{ kind: 'organisations'; organisations: readonly string[] }>;

export type DemoAction = Readonly<{
  key: string;
  commitment: string;
  title: string;
  owner: DemoOwner;
  dueDate: string;
  /** False where the source gives no date ("–") and the demo supplies one. */
  dueInSource: boolean;
  reportsTo: string | null;
  plannedOn: string;
}>;

const KEY_PARTNER_ORGS = ['uhl', 'lpt', 'lc-ccg', 'wl-ccg', 'elr-ccg', 'leicester-cc', 'leics-cc', 'rutland-cc'];

/** The framework's actions and sub-actions [002] (DOMAIN.md §4). */
const LLR_ACTIONS: readonly DemoAction[] = [
  { key: '1', commitment: 'llr-action-1', title: 'Translate the system principles for the place', owner: { kind: 'everyPlace' }, dueDate: '2021-12-31', dueInSource: false, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '2', commitment: 'llr-action-2', title: 'A financial framework for health inequalities with investment based on need', owner: { kind: 'partnership' }, dueDate: '2022-03-31', dueInSource: false, reportsTo: SYSTEM_EXECUTIVE, plannedOn: LLR_MADE_ON },
  { key: '2b', commitment: 'llr-action-2', title: 'A long-term model of primary-care funding distributed by population need', owner: { kind: 'organisation', organisation: 'lc-ccg' }, dueDate: '2022-03-31', dueInSource: false, reportsTo: SYSTEM_EXECUTIVE, plannedOn: LLR_MADE_ON },
  { key: '3a', commitment: 'llr-action-3', title: 'Proposal for an LLR health inequalities resource presented to System Executive', owner: { kind: 'partnership' }, dueDate: '2021-09-30', dueInSource: true, reportsTo: SYSTEM_EXECUTIVE, plannedOn: LLR_MADE_ON },
  { key: '4a', commitment: 'llr-action-4', title: 'Health inequity and inequality training mandatory for all executive decision makers', owner: { kind: 'everyMemberOrganisation' }, dueDate: '2021-11-30', dueInSource: true, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '5', commitment: 'llr-action-5', title: 'Equitable Covid-19 vaccine uptake', owner: { kind: 'partnership' }, dueDate: '2021-09-30', dueInSource: false, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '6a', commitment: 'llr-action-6', title: 'Action plan to code ethnicity, accessibility and communication needs in records', owner: { kind: 'organisations', organisations: KEY_PARTNER_ORGS }, dueDate: '2021-07-30', dueInSource: true, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '7a', commitment: 'llr-action-7', title: 'Adopt a standard health equity audit tool at the planning phase of each project', owner: { kind: 'everyMemberOrganisation' }, dueDate: '2021-10-30', dueInSource: true, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '7b', commitment: 'llr-action-7', title: 'Mandatory training in health equity audits for relevant staff, confirmed to System Executive', owner: { kind: 'everyMemberOrganisation' }, dueDate: '2021-10-30', dueInSource: true, reportsTo: SYSTEM_EXECUTIVE, plannedOn: LLR_MADE_ON },
  { key: '7c', commitment: 'llr-action-7', title: 'A health equity dashboard with agreed metrics and benchmarked baseline', owner: { kind: 'everyPlace' }, dueDate: '2021-10-30', dueInSource: true, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '8', commitment: 'llr-action-8', title: 'Health equity audit for commissioning, redesign and evaluation projects', owner: { kind: 'partnership' }, dueDate: '2022-03-31', dueInSource: false, reportsTo: null, plannedOn: LLR_MADE_ON },
  { key: '9', commitment: 'llr-action-9', title: 'Anchor-institution action plan: work opportunities, buildings and purchasing', owner: { kind: 'partnership' }, dueDate: '2021-07-01', dueInSource: true, reportsTo: SYSTEM_EXECUTIVE, plannedOn: LLR_MADE_ON },
];

/** Northamptonshire's four phases [001], for every lot (phase 1 "from April 2021"; later dates inferred). */
const PHASES = [
  ['1', 'Phase 1: engagement and asset mapping', '2021-09-30'],
  ['2', 'Phase 2: co-produce the service with the community', '2022-03-31'],
  ['3', 'Phase 3: delivery', '2023-09-30'],
  ['4', 'Phase 4: exit and sustainability', '2024-03-31'],
] as const;

export const ACTIONS: readonly DemoAction[] = [
  ...LLR_ACTIONS,
  { key: 'leeds-assessment', commitment: 'leeds-hardwire', title: 'Publish an annual assessment: what has happened, what more is to be done', owner: { kind: 'everyMemberOrganisation' }, dueDate: '2022-03-31', dueInSource: false, reportsTo: null, plannedOn: '2021-09-16' },
  { key: 'leeds-toolkit', commitment: 'leeds-culture', title: 'Embed the Tackling Health Inequalities Toolkit in the organisation', owner: { kind: 'organisations', organisations: ['leeds-ccg', 'ltht', 'lch', 'lypft', 'leeds-cc'] }, dueDate: '2021-12-31', dueInSource: false, reportsTo: null, plannedOn: '2021-09-16' },
  { key: 'leeds-allyship', commitment: 'leeds-peer-challenge', title: 'Launch the Allyship Programme and pair every board member', owner: { kind: 'organisation', organisation: 'hw-leeds' }, dueDate: '2021-09-16', dueInSource: false, reportsTo: null, plannedOn: '2021-06-01' },
  ...COMMITMENTS.filter((c) => c.key.startsWith('northants-lot-')).flatMap((lot) =>
    PHASES.map(([n, title, dueDate]) => ({ key: `${lot.key}/phase-${n}`, commitment: lot.key, title, owner: { kind: 'organisation', organisation: 'northants-vcse' } as const, dueDate, dueInSource: n === '1', reportsTo: null, plannedOn: '2021-04-01' })),
  ),
];

export type DemoIndicator = Readonly<{
  key: string;
  commitment: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baseline: Readonly<{ value: number; date: string }>;
  target: Readonly<{ value: number; date: string }>;
  owner: string;
  source: string;
}>;

/** Life expectancy 2015-17 and the most-vs-least-deprived gap [001]; targets inferred. */
export const INDICATORS: readonly DemoIndicator[] = [
  { key: 'le-male', commitment: 'northants-programme', name: 'Life expectancy at birth, males', unit: 'years', direction: 'HIGHER_IS_BETTER', baseline: { value: 79.5, date: '2017-12-31' }, target: { value: 79.9, date: '2024-03-31' }, owner: 'northants-cc', source: 'PHE Fingertips' },
  { key: 'le-female', commitment: 'northants-programme', name: 'Life expectancy at birth, females', unit: 'years', direction: 'HIGHER_IS_BETTER', baseline: { value: 82.8, date: '2017-12-31' }, target: { value: 83.2, date: '2024-03-31' }, owner: 'northants-cc', source: 'PHE Fingertips' },
  { key: 'le-gap-male', commitment: 'northants-programme', name: 'Life expectancy gap, most vs least deprived quintile, males', unit: 'years', direction: 'LOWER_IS_BETTER', baseline: { value: 6.6, date: '2017-12-31' }, target: { value: 6.0, date: '2024-03-31' }, owner: 'northants-cc', source: 'PHE Fingertips' },
  { key: 'le-gap-female', commitment: 'northants-programme', name: 'Life expectancy gap, most vs least deprived quintile, females', unit: 'years', direction: 'LOWER_IS_BETTER', baseline: { value: 5.3, date: '2017-12-31' }, target: { value: 4.8, date: '2024-03-31' }, owner: 'northants-cc', source: 'PHE Fingertips' },
  // Leeds: vaccine uptake among over-80s in the lower-uptake communities rose from 30 to 80 percent [004].
  { key: 'leeds-vaccine', commitment: 'leeds-culture', name: 'Covid-19 vaccine uptake, over-80s in lower-uptake communities', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-01-31' }, target: { value: 80, date: '2021-09-30' }, owner: 'leeds-ccg', source: 'Leeds vaccination programme' },
];

export type DemoMinuteItem = Readonly<{
  number: string;
  title: string;
  /** Taken without press and public; absent: PUBLIC. */
  visibility?: 'PRIVATE';
  presenter: Readonly<{ seat?: string; role?: string }>;
  text: string;
  resolution:
    | Readonly<{ kind: 'CONFIRM_MINUTES'; meeting: string }>
    | Readonly<{ kind: 'NOTE' }>
    | Readonly<{ kind: 'ENDORSE_COMMITMENT'; commitment: string }>
    | Readonly<{ kind: 'REQUEST_UPDATE'; byDate: string; from?: string }>
    | Readonly<{ kind: 'OTHER'; text: string }>;
  actionsRaised?: readonly Readonly<{ ref: string; title: string; owner: 'everyMemberOrganisation' | string; dueDate: string; lead?: string }>[];
}>;

export type DemoMeeting = Readonly<{
  key: string;
  partnership: string;
  date: string;
  startTime: string;
  title: string;
  link: string;
  /** Seats present; the rest of the board sent apologies. Inferred except where the minutes say. */
  present: readonly string[];
  inAttendance?: readonly string[];
  minutes: readonly DemoMinuteItem[];
  /** The position its minutes are published through; absent: every item. */
  minutesPublishedThrough?: number;
}>;

const WEBCAST = 'https://leicester.public-i.tv/core/portal/home';
const CORE_PRESENT = ['chair', 'cllr-culture', 'cllr-education', 'cllr-communities', 'dph', 'sd-social-care', 'uol-prof', 'val-ce', 'dmu-prof', 'police-head'];

/** The Leicester board, 2020-09 to 2021-03 [002]: virtual meetings, webcast. */
export const MEETINGS: readonly DemoMeeting[] = [
  {
    key: 'leicester-2020-09-24',
    partnership: 'leicester',
    date: '2020-09-24',
    startTime: '09:30',
    title: 'Leicester City Health and Wellbeing Board',
    link: WEBCAST,
    present: [...CORE_PRESENT, 'ccgs-ce', 'pcc'],
    // The pack holds only the next meeting's minutes; this meeting's business is not in it.
    minutes: [{ number: '1', title: 'Business of the meeting', presenter: { seat: 'chair' }, text: 'Minutes as confirmed at the meeting of 19 November 2020 (not reproduced in the source pack).', resolution: { kind: 'NOTE' } }],
  },
  {
    key: 'leicester-2020-11-19',
    partnership: 'leicester',
    date: '2020-11-19',
    startTime: '09:30',
    title: 'Leicester City Health and Wellbeing Board',
    link: WEBCAST,
    // Present as the minutes list them; apologies from the CE of LPT, the LLEP director, Healthwatch and a CCG co-chair.
    present: [...CORE_PRESENT, 'ccgs-ce', 'pcc'],
    minutes: [
      { number: '9', title: 'Minutes of the previous meeting', presenter: { seat: 'chair' }, text: 'The minutes of the meeting held on 24 September 2020 were confirmed as a correct record.', resolution: { kind: 'CONFIRM_MINUTES', meeting: 'leicester-2020-09-24' } },
      { number: '10', title: 'Children’s Safeguarding Annual Report', presenter: { role: 'Independent Chair, Leicester Safeguarding Children Partnership' }, text: 'The annual report was received; it will go to the Corporate Parenting Forum at its next meeting.', resolution: { kind: 'NOTE' } },
      {
        number: '11',
        title: 'Progress against actions of the previous meeting',
        presenter: { role: 'Leicester City CCG' },
        text: 'A verbal update was given; the workstream document is to be shared with members.',
        resolution: { kind: 'NOTE' },
        actionsRaised: [{ ref: 'workstream-document', title: 'Share the workstream document with Board members', owner: 'lc-ccg', dueDate: '2021-01-28' }],
      },
      {
        number: '12',
        title: 'Mental Health Friendly City',
        presenter: { role: 'Leicester City CCG' },
        text: 'The concept of a Mental Health Friendly City was introduced: to change stigma around mental health, as Dementia Friendly practices did.',
        resolution: { kind: 'REQUEST_UPDATE', byDate: '2021-03-31', from: 'lc-ccg' },
      },
      {
        number: '13',
        title: 'ADHD presentation',
        presenter: { role: 'ADHD Solutions CIC' },
        text: 'Members received a presentation on ADHD and its effect on children, young people, adults and their families.',
        resolution: { kind: 'NOTE' },
        actionsRaised: [
          { ref: 'adhd-awareness', title: 'Raise ADHD awareness within your own organisation', owner: 'everyMemberOrganisation', dueDate: '2021-01-28' },
          { ref: 'adhd-police', title: 'Discuss ADHD awareness and workshops with the Chief Constable', owner: 'opcc', dueDate: '2021-01-28' },
        ],
      },
      { number: '14', title: 'Health inequalities', presenter: { seat: 'dph' }, text: 'A short presentation introduced health inequalities; the next meeting will focus on them.', resolution: { kind: 'OTHER', text: 'The next meeting to focus on health inequalities.' } },
    ],
  },
  {
    key: 'leicester-2021-01-28',
    partnership: 'leicester',
    date: '2021-01-28',
    startTime: '09:30',
    title: 'Leicester City Health and Wellbeing Board',
    link: WEBCAST,
    present: [...CORE_PRESENT, 'ccgs-ce', 'lpt-ce', 'healthwatch-chair'],
    minutes: [
      { number: '1', title: 'Minutes of the previous meeting', presenter: { seat: 'chair' }, text: 'The minutes of the meeting held on 19 November 2020 were confirmed as a correct record.', resolution: { kind: 'CONFIRM_MINUTES', meeting: 'leicester-2020-11-19' } },
      { number: '2', title: 'Health inequalities', presenter: { seat: 'dph' }, text: 'The Board focused on health inequalities, as agreed on 19 November 2020.', resolution: { kind: 'NOTE' } },
    ],
  },
  {
    key: 'leicester-2021-03-25',
    partnership: 'leicester',
    date: '2021-03-25',
    startTime: '09:30',
    title: 'Leicester City Health and Wellbeing Board: health inequalities',
    link: WEBCAST,
    present: [...CORE_PRESENT, 'ccgs-ce', 'lpt-ce', 'uhl-ce', 'healthwatch-chair', 'fire-acfo'],
    // The agenda's items, with the outcomes it recommends.
    minutes: [
      { number: '1', title: 'Minutes of the previous meeting', presenter: { seat: 'chair' }, text: 'The minutes of the meeting held on 28 January 2021 were confirmed as a correct record.', resolution: { kind: 'CONFIRM_MINUTES', meeting: 'leicester-2021-01-28' } },
      {
        number: '2',
        title: 'LLR System Health Inequalities Framework',
        presenter: { role: 'Executive Director of Strategy and Planning, LLR CCGs' },
        text: 'The Board was asked to COMMENT on the framework and ENDORSE it; places translate its principles locally (Action 1).',
        resolution: { kind: 'ENDORSE_COMMITMENT', commitment: 'leicester-framework' },
      },
      { number: '3', title: 'Engagement over the last year', presenter: { seat: 'chair' }, text: 'Every organisation represented on the Board gave a verbal update on its engagement work during the last year.', resolution: { kind: 'NOTE' } },
      {
        number: '4',
        title: 'Exempt item: community provider contract',
        visibility: 'PRIVATE',
        presenter: { seat: 'sd-social-care' },
        text: 'The Board considered a commercially confidential report on the community provider contract (exempt information, Local Government Act 1972, Schedule 12A, paragraph 3).',
        resolution: { kind: 'NOTE' },
      },
    ],
    // The secretariat has published the first two items; item 3 awaits review, and item 4 is private.
    minutesPublishedThrough: 2,
  },
];

/**
 * Publication (issue 14): the LLR system and the Leicester board have public pages; the secretariat
 * publishes by hand (nothing automatically), so some records are still unpublished. Leeds and
 * Northamptonshire have none, so nothing of theirs is public.
 */
export const PUBLIC_PARTNERSHIPS: readonly string[] = ['llr', 'leicester'];
/** Updates reported after this date await the secretariat's review: left unpublished. */
export const UPDATES_PUBLISHED_THROUGH = '2021-10-15';

export type DemoAnnualReturn = Readonly<{
  partnership: string;
  organisation: string;
  year: number;
  /** Left as a draft when false. */
  published: boolean;
  entries: readonly Readonly<{ commitment: string; whatHasHappened: string; whatMoreIsToBeDone: string }>[];
}>;

/** The annual assessment returns: Leicester City CCG's for two years, published; Leicester City Council's, still a draft. */
export const ANNUAL_RETURNS: readonly DemoAnnualReturn[] = [
  {
    partnership: 'llr',
    organisation: 'lc-ccg',
    year: 2020,
    published: true,
    entries: [
      {
        commitment: 'llr-action-3',
        whatHasHappened: 'The CCGs led the drafting of the system health inequalities framework with partners through the pandemic year.',
        whatMoreIsToBeDone: 'Agree a dedicated health inequalities resource and present the proposal to System Executive.',
      },
      {
        commitment: 'llr-action-5',
        whatHasHappened: 'Vaccine uptake was monitored by ethnicity and deprivation from the first weeks of the programme.',
        whatMoreIsToBeDone: 'Close the uptake gap in the communities with the lowest uptake through trusted local voices.',
      },
    ],
  },
  {
    partnership: 'llr',
    organisation: 'lc-ccg',
    year: 2021,
    published: true,
    entries: [
      {
        commitment: 'llr-action-3',
        whatHasHappened: 'The proposal for an LLR health inequalities resource went to System Executive in September.',
        whatMoreIsToBeDone: 'Recruit to the resource and set its first year of work with the places.',
      },
      {
        commitment: 'llr-action-5',
        whatHasHappened: 'Pop-up clinics in mosques, temples and community centres narrowed the uptake gap.',
        whatMoreIsToBeDone: 'Carry the approach into the booster programme and the flu season.',
      },
      {
        commitment: 'llr-action-7',
        whatHasHappened: 'The standard health equity audit tool is used at the planning phase of new CCG projects.',
        whatMoreIsToBeDone: 'Train the remaining commissioning staff and report completion to System Executive.',
      },
    ],
  },
  {
    partnership: 'leicester',
    organisation: 'leicester-cc',
    year: 2021,
    published: false,
    entries: [
      {
        commitment: 'leicester-framework',
        whatHasHappened: 'The Board endorsed the framework in March; the council began translating its principles for the city.',
        whatMoreIsToBeDone: 'Bring the place plan to the Board with its first measures.',
      },
    ],
  },
];

export type DemoPairing = Readonly<{
  key: string;
  boardMember: string;
  ally: Readonly<{ name: string; organisation: string }>;
  focus: string;
  commitments: readonly string[];
  proposedOn: string;
  activatedOn: string;
  checkIns: readonly Readonly<{ heldOn: string; summary: string; challenges?: readonly string[]; followUps?: readonly string[] }>[];
  /** Answers to the challenges raised, by the index of the challenge across the pairing's check-ins. */
  responses?: readonly Readonly<{ challenge: number; respondedOn: string; response: string }>[];
}>;

/** The Leeds Allyship Programme [004]: CoIN and third-sector allies paired with HWB members (pairs inferred). */
export const PAIRINGS: readonly DemoPairing[] = [
  {
    key: 'gate-dph',
    boardMember: 'leeds-dph',
    ally: { name: 'Ally from Leeds GATE', organisation: 'leeds-gate' },
    focus: 'Gypsy and Traveller communities’ access to vaccination and primary care',
    commitments: ['leeds-peer-challenge'],
    proposedOn: '2021-06-10',
    activatedOn: '2021-06-24',
    checkIns: [
      { heldOn: '2021-07-15', summary: 'Shared the vaccine film made with the community; agreed to test pop-up clinics.', followUps: ['Dates for pop-up clinics'] },
      { heldOn: '2021-09-02', summary: 'Reviewed uptake after the pop-ups.', challenges: ['Why do GP registration refusals still reach Leeds GATE every week?'] },
    ],
    responses: [{ challenge: 0, respondedOn: '2021-09-30', response: 'The CCG has written to every practice on registration without proof of address; refusals to be logged and reviewed monthly.' }],
  },
  {
    key: 'coin-chair',
    boardMember: 'leeds-chair',
    ally: { name: 'Member of the Communities of Interest Network', organisation: 'coin' },
    focus: 'Hearing communities in real time at the Board',
    commitments: ['leeds-peer-challenge'],
    proposedOn: '2021-06-10',
    activatedOn: '2021-06-24',
    checkIns: [
      { heldOn: '2021-07-22', summary: 'Agreed how CoIN findings reach the Board’s work plan.' },
      { heldOn: '2021-10-07', summary: 'Discussed the Place Based Partnership’s purpose.', challenges: ['Will the Place Based Partnership publish what each body has done, as the Board asked?'] },
    ],
  },
  {
    key: 'mesmac-ltht',
    boardMember: 'ltht-ce',
    ally: { name: 'Ally from Yorkshire MESMAC', organisation: 'mesmac' },
    focus: 'Sexual health and LGBT+ communities’ experience of hospital services',
    commitments: ['leeds-peer-challenge'],
    proposedOn: '2021-07-01',
    activatedOn: '2021-07-20',
    checkIns: [{ heldOn: '2021-08-19', summary: 'First conversation: patient experience data by sexual orientation.' }],
  },
  {
    key: 'lassn-lch',
    boardMember: 'lch-ce',
    ally: { name: 'Ally from LASSN', organisation: 'lassn' },
    focus: 'Asylum seekers’ access to community health services',
    commitments: ['leeds-peer-challenge'],
    proposedOn: '2021-09-20',
    activatedOn: '',
    checkIns: [],
  },
];

// ---------------------------------------------------------------------------------------------
// A year of plausible history, from a seeded PRNG: the same every run.

/** mulberry32: a small, fast, seedable PRNG; never Math.random, so the demo is the same every time. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a name (FNV-1a), so each action's history depends only on its own name. */
export function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * One action as planned for one owner: `owner` is an organisation key, or a partnership key when
 * `ownerKind` is 'partnership' ("ICS", "each Place").
 */
export type DemoActionInstance = Readonly<{ action: DemoAction; owner: string; ownerKind: 'organisation' | 'partnership' }>;

/** Every action as planned, one per owner, in the order the loader plans them. */
export function actionInstances(): DemoActionInstance[] {
  return ACTIONS.flatMap((action): DemoActionInstance[] => {
    const partnership = PARTNERSHIPS.find((p) => p.key === COMMITMENTS.find((c) => c.key === action.commitment)!.partnership)!;
    switch (action.owner.kind) {
      case 'organisation':
        return [{ action, owner: action.owner.organisation, ownerKind: 'organisation' }];
      case 'organisations':
        return action.owner.organisations.map((owner) => ({ action, owner, ownerKind: 'organisation' }));
      case 'everyMemberOrganisation':
        return partnership.members.map((owner) => ({ action, owner, ownerKind: 'organisation' }));
      case 'everyPlace':
        return placesBeneath(partnership.key).map((place) => ({ action, owner: place.key, ownerKind: 'partnership' }));
      case 'partnership':
        return [{ action, owner: partnership.key, ownerKind: 'partnership' }];
    }
  });
}

/** How an action's year went; a spread chosen so every view has something to show. */
export type Fate = 'ON_TIME' | 'LATE' | 'OVERDUE' | 'SILENT' | 'AT_RISK' | 'ON_TRACK';

export type DemoUpdate = Readonly<{ reportedOn: string; status: ActionStatus; percentComplete: number; whatHasHappened: string; whatMoreIsToBeDone: string | null }>;

const HAPPENED: Readonly<Record<string, readonly string[]>> = {
  ON_TRACK: ['Scoping agreed with the executive lead', 'Working group met and agreed a plan', 'Draft shared with partners for comment', 'Pilot running in two services'],
  AT_RISK: ['Staff redeployed to the vaccination programme; work paused', 'Data sharing agreement still awaited', 'Lead post vacant since the summer'],
  OFF_TRACK: ['No capacity to start this quarter', 'Approach rejected by the executive team; rethinking'],
  COMPLETED: ['Done and confirmed by the executive lead', 'Signed off by the board; evidence published'],
};

/**
 * The updates one action instance receives, and its fate. An action not yet due by DEMO_END is
 * completed early, on track, at risk, or silent; one already due is completed on time or late,
 * overdue (still open), or silent.
 */
export function historyOf(instance: DemoActionInstance): { fate: Fate; updates: DemoUpdate[] } {
  const random = prng(seedOf(`${instance.action.key}|${instance.owner}`));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const { plannedOn, dueDate } = instance.action;
  const due = dueDate <= DEMO_END;
  const roll = random();
  const fate: Fate = due
    ? roll < 0.4 ? 'ON_TIME' : roll < 0.6 ? 'LATE' : roll < 0.85 ? 'OVERDUE' : 'SILENT'
    : roll < 0.15 ? 'ON_TIME' : roll < 0.55 ? 'ON_TRACK' : roll < 0.8 ? 'AT_RISK' : 'SILENT';
  if (fate === 'SILENT') return { fate, updates: [] };

  // Completion (if any) falls before the due date, or after it but before the demo ends.
  const lastDay =
    fate === 'ON_TIME' ? addDays(due ? dueDate : DEMO_END, -Math.floor(random() * 30)) : fate === 'LATE' ? DEMO_END : addDays(DEMO_END, -1 - Math.floor(random() * 40));
  const late = fate === 'LATE' ? addDays(dueDate, 1 + Math.floor(random() * Math.max(1, daysBetween(dueDate, DEMO_END) - 1))) : null;
  const end = late ?? lastDay;
  const span = Math.max(1, daysBetween(plannedOn, end));
  const count = 1 + Math.floor(random() * 3);
  const updates: DemoUpdate[] = [];
  let percent = 0;
  for (let i = 1; i <= count; i++) {
    const final = i === count;
    const reportedOn = final ? end : addDays(plannedOn, Math.max(1, Math.floor((span * i) / (count + 1))));
    const status: ActionStatus = final && (fate === 'ON_TIME' || fate === 'LATE') ? 'COMPLETED' : final && fate === 'AT_RISK' ? pick(['AT_RISK', 'OFF_TRACK'] as const) : 'ON_TRACK';
    percent = status === 'COMPLETED' ? 100 : Math.min(90, percent + 10 + Math.floor(random() * 30));
    updates.push({
      reportedOn,
      status,
      percentComplete: percent,
      whatHasHappened: pick(HAPPENED[status]!),
      whatMoreIsToBeDone: status === 'COMPLETED' ? null : 'Report progress at the next meeting',
    });
  }
  return { fate, updates };
}

/** A reading and its business date: the end of the period it measures. */
export type DemoReading = Readonly<{ value: number; readingDate: string }>;

/** Annual readings after the baseline (the 3-year periods to 2018 and 2019), drifting slightly towards the target, or not. */
export function readingsOf(indicator: DemoIndicator): DemoReading[] {
  if (indicator.key === 'leeds-vaccine') {
    // The report's own figure: from 30 percent to 80 percent after community work [004].
    return [{ value: 80, readingDate: '2021-08-31' }];
  }
  const random = prng(seedOf(indicator.key));
  const step = (indicator.target.value - indicator.baseline.value) / 6;
  let value = indicator.baseline.value;
  return ['2018-12-31', '2019-12-31'].map((readingDate) => {
    value = Math.round((value + step * (random() * 2 - 0.5)) * 10) / 10;
    return { value, readingDate };
  });
}

/** The actions raised at meetings (minuted "ACTION"s), one per owner, as the meeting plans them. */
/** The partnership an action is planned in: its commitment's, or for one raised at a meeting, the meeting's. */
export function partnershipOfInstance({ action }: DemoActionInstance): string {
  if (action.commitment) return COMMITMENTS.find((commitment) => commitment.key === action.commitment)!.partnership;
  return MEETINGS.find((meeting) => action.key.startsWith(`${meeting.key}/`))!.partnership;
}

/** The demo publishes an update when its partnership has public pages and the secretariat has reviewed it. */
export const isUpdatePublished = (instance: DemoActionInstance, update: DemoUpdate) =>
  PUBLIC_PARTNERSHIPS.includes(partnershipOfInstance(instance)) && update.reportedOn <= UPDATES_PUBLISHED_THROUGH;

export function raisedActionInstances(): DemoActionInstance[] {
  return MEETINGS.flatMap((meeting) =>
    meeting.minutes.flatMap((item) =>
      (item.actionsRaised ?? []).flatMap((raised) => {
        const action: DemoAction = {
          key: `${meeting.key}/${raised.ref}`,
          commitment: '',
          title: raised.title,
          owner: raised.owner === 'everyMemberOrganisation' ? { kind: 'everyMemberOrganisation' } : { kind: 'organisation', organisation: raised.owner },
          dueDate: raised.dueDate,
          dueInSource: false,
          reportsTo: null,
          plannedOn: meeting.date,
        };
        const owners = raised.owner === 'everyMemberOrganisation' ? PARTNERSHIPS.find((p) => p.key === meeting.partnership)!.members : [raised.owner];
        return owners.map((owner) => ({ action, owner, ownerKind: 'organisation' as const }));
      }),
    ),
  );
}
