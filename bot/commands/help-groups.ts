/**
 * How help arranges the commands a caller may run: in groups, each command in the group its row
 * declares (`group`) or, when it declares none, the group of the capability it needs, plus the
 * buttons for the common next steps among those commands. Pure, so every role's help is table-tested.
 */
import { findCapability, type CapabilityId } from '../../services/access/capabilities';
import { helpCapabilityOf, type HelpRow } from './suggest';

/** Help's groups, in the order help shows them. */
export const COMMAND_GROUPS = [
  'Management session',
  'Management actions',
  'Service account & rotation',
  'Access & approvals',
  'Audit',
  'Settings',
  'Help',
  // A row whose capability no group claims; the command table test keeps every real row out of it.
  'Other',
] as const;

export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/**
 * The group of each capability a command row may need. Management actions (capabilities whose
 * audience is `targetAction`) need no entry: they are all "Management actions".
 */
const GROUP_OF_CAPABILITY: Readonly<Partial<Record<CapabilityId, CommandGroup>>> = {
  help: 'Help',
  status: 'Management session',
  'session.turnOn': 'Management session',
  'session.turnOff': 'Management session',
  'session.details': 'Management session',
  'serviceAccount.create': 'Service account & rotation',
  'mode.change': 'Service account & rotation',
  'advanced.disable': 'Service account & rotation',
  'password.rotateNow': 'Service account & rotation',
  'password.forceReset': 'Service account & rotation',
  'rotation.history': 'Service account & rotation',
  'conditionalAccess.check': 'Service account & rotation',
  'conditionalAccess.configureAllowedIps': 'Service account & rotation',
  'conditionalAccess.removeAllowedIps': 'Service account & rotation',
  'operator.grant': 'Access & approvals',
  'operator.revoke': 'Access & approvals',
  'operator.list': 'Access & approvals',
  'auditor.grant': 'Access & approvals',
  'auditor.revoke': 'Access & approvals',
  'auditor.list': 'Access & approvals',
  'approval.list': 'Access & approvals',
  'approval.approve': 'Access & approvals',
  'approval.reject': 'Access & approvals',
  'approval.cancel': 'Access & approvals',
  'approvalPolicy.set': 'Access & approvals',
  'audit.view': 'Audit',
  'audit.verify': 'Audit',
  'audit.export': 'Audit',
  'settings.view': 'Settings',
  'settings.update': 'Settings',
  'notify.here': 'Settings',
};

/** The group help shows a row in: the one it declares, else its capability's. */
export function groupOf(row: Pick<HelpRow, 'id' | 'usage' | 'capability' | 'group'>): CommandGroup {
  if (row.group) return row.group;
  const capability = helpCapabilityOf(row);
  if (!capability) return 'Other';
  const grouped = GROUP_OF_CAPABILITY[capability];
  if (grouped) return grouped;
  return findCapability(capability)?.audience === 'targetAction' ? 'Management actions' : 'Other';
}

/** The rows in help's groups: groups in COMMAND_GROUPS order, rows in table order; empty groups left out. */
export function groupCommands<T extends Pick<HelpRow, 'id' | 'usage' | 'capability' | 'group'>>(rows: readonly T[]): Array<{ group: CommandGroup; rows: T[] }> {
  return COMMAND_GROUPS.map((group) => ({ group, rows: rows.filter((row) => groupOf(row) === group) })).filter((entry) => entry.rows.length > 0);
}

/** A button under the help card: sends `sendText`, the command of row `rowId`. */
export interface NextStep {
  rowId: string;
  title: string;
  sendText: string;
  positive?: boolean;
}

/** The common next steps, in button order; each is offered only to callers who may run its row. */
export const NEXT_STEPS: readonly NextStep[] = [
  { rowId: 'status', title: 'Status', sendText: 'status' },
  { rowId: 'session.turnOn', title: 'Turn on management session', sendText: 'turn on management', positive: true },
  { rowId: 'settings.view', title: 'Settings', sendText: 'settings' },
  { rowId: 'audit.view', title: 'Audit', sendText: 'audit' },
];

/** The next-step buttons for a caller who may run `rows` (already filtered by `commandsVisibleTo`). */
export function nextStepsFor(rows: ReadonlyArray<Pick<HelpRow, 'id'>>): NextStep[] {
  const ids = new Set(rows.map((row) => row.id));
  return NEXT_STEPS.filter((step) => ids.has(step.rowId));
}
