/**
 * A tenant admin's choice that these actions need no approval when operators run them, for tests
 * of what the actions do (the approval path itself is tested in test/integration/actions-approval.test.ts).
 */
import type { AppWithSandbox } from './app-harness';

export function waiveApprovals(world: Pick<AppWithSandbox, 'app' | 'tenantId'>, actionIds: readonly string[], adminUserId = 'test-admin'): void {
  for (const actionId of actionIds) world.app.services.actionApprovalRules.setRequired(world.tenantId, actionId, false, adminUserId);
}
