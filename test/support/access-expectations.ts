import type { CapabilityAudience } from '../../services/access/capabilities';

/**
 * The role matrix's specification (issue 4), shared by the service-level matrix
 * (test/unit/access/authorization-matrix.test.ts) and the bot-level one over HTTP
 * (test/integration/access-bot.test.ts): for each role and audience, allowed (true) or the
 * reason code of the denial.
 */
export type MatrixRole = 'tenantAdmin' | 'operatorInScope' | 'operatorOutOfScope' | 'auditor' | 'unknownUser';

export const EXPECTED_ACCESS: Record<MatrixRole, Record<CapabilityAudience, true | string>> = {
  tenantAdmin: { anyone: true, tenantAdmin: true, adminOrAuditor: true, adminOrOperator: true, targetAction: true },
  operatorInScope: {
    anyone: true,
    tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED',
    adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED',
    adminOrOperator: true,
    targetAction: true,
  },
  operatorOutOfScope: {
    anyone: true,
    tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED',
    adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED',
    adminOrOperator: true,
    targetAction: 'ACCESS.NOT_IN_SCOPE',
  },
  auditor: {
    anyone: true,
    tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED',
    adminOrAuditor: true,
    adminOrOperator: 'ACCESS.ADMIN_OR_OPERATOR_REQUIRED',
    targetAction: 'ACCESS.NOT_OPERATOR',
  },
  unknownUser: {
    anyone: true,
    tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED',
    adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED',
    adminOrOperator: 'ACCESS.ADMIN_OR_OPERATOR_REQUIRED',
    targetAction: 'ACCESS.NOT_OPERATOR',
  },
};
