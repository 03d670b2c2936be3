import type { ProvisioningJournal } from '../../services/service-account/provisioning-journal.port';
import type { ModeApprovalKind } from '../../services/service-account/mode-switch.types';

/** An approved change that has not finished (failed, or interrupted by a crash), for Retry buttons. */
export interface OpenSwitch {
  approvalId: string;
  kind: ModeApprovalKind;
  targetMode: 'none' | 'default' | 'advanced';
}

export type OpenSwitchLookup = (tenantId: string) => OpenSwitch | undefined;

/**
 * Reads the mode switch's journal entry (ids and markers only). The bot needs it to decide
 * whether "Retry" resumes an approved switch or only the account creation; it never writes it.
 */
export function openSwitchLookup(journal: Pick<ProvisioningJournal, 'findOpen'>): OpenSwitchLookup {
  return (tenantId) => {
    const open = journal.findOpen(tenantId, 'mode.switch');
    if (!open) return undefined;
    const { approvalId, approvalKind, targetMode } = open.state;
    if (typeof approvalId !== 'string' || (approvalKind !== 'mode.change' && approvalKind !== 'advanced.disable')) return undefined;
    const target = targetMode === 'default' || targetMode === 'advanced' ? targetMode : 'none';
    return { approvalId, kind: approvalKind, targetMode: target };
  };
}
