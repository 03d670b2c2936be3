/**
 * Four-eyes for reviewed definitions (DESIGN.md §6.4): nobody who wrote a version (created or
 * edited it) or submitted it approves it. The one exception mirrors ApprovalService: a tenant
 * whose approval policy is self-approve and that has a single tenant admin, counted now (in Entra
 * when a roster is wired, else among the admins the bot has confirmed), may approve its own; the
 * caller flags such an approval. Without a policy source or a way to count admins, it is always
 * four-eyes. Unlike ApprovalService, finding a second admin does not reset the stored policy:
 * that stays ApprovalService's job, the next time it decides.
 */
import type { Actor, Person } from '../access/actor';
import type { RoleService } from '../access/role.service';
import type { ApprovalPolicy } from '../approvals/approval-request';
import type { DefinitionAuditTrail } from './definition-audit';
import type { DefinitionVersion } from './definition-lifecycle.types';

/** The tenant's approval policy, as ApprovalService.getPolicy answers it. */
export interface ApprovalPolicySource {
  getPolicy(tenantId: string): Promise<ApprovalPolicy>;
}

export class DefinitionFourEyes<TDefinition> {
  constructor(
    private readonly trail: DefinitionAuditTrail<TDefinition>,
    private readonly title: (definition: TDefinition) => string,
    private readonly policy: ApprovalPolicySource | undefined,
    private readonly tenantAdmins: Pick<RoleService, 'tenantAdminCensus'> | undefined,
  ) {}

  /**
   * False when the approver neither wrote nor submitted the version; true when they did and the
   * single-admin self-approve exception applies. Otherwise the refusal is audited (denied) and thrown.
   * @throws the definition's SELF_APPROVAL_FORBIDDEN error.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when the admins cannot be counted (audited, fail closed).
   */
  async requireSecondAdmin(actor: Actor, version: DefinitionVersion<TDefinition>, correlationId: string): Promise<boolean> {
    const involved = [...version.authors, ...(version.submittedBy ? [version.submittedBy] : [])].some((person) => samePerson(person, actor));
    if (!involved) return false;
    const role = version.submittedBy && samePerson(version.submittedBy, actor) ? 'submitted' : 'wrote';
    const title = this.title(version.definition);
    const refuse = (message: string): Promise<never> =>
      this.trail.refuse(actor, { step: 'approve', name: version.name, kind: 'SELF_APPROVAL_FORBIDDEN', message, correlationId, version, outcome: 'denied' });
    const policy = this.policy ? await this.policy.getPolicy(actor.tenantId) : 'four-eyes';
    if (policy !== 'self-approve' || !this.tenantAdmins) {
      return refuse(`You ${role} version ${version.version} of "${title}", so another tenant admin must approve it.`);
    }
    let others: string[];
    try {
      const census = await this.tenantAdmins.tenantAdminCensus(actor.tenantId);
      others = census.adminIds.filter((id) => id.toLowerCase() !== actor.userId.toLowerCase());
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ACCESS.DIRECTORY_UNAVAILABLE';
      await this.trail.refused(actor, 'approve', version.name, version, code, correlationId, 'denied');
      throw error;
    }
    if (others.length > 0) {
      return refuse(`You ${role} version ${version.version} of "${title}", and your organization has more than one tenant admin, so self-approve doesn't apply: another tenant admin must approve it.`);
    }
    return true;
  }
}

export function samePerson(a: Person, b: Person): boolean {
  return a.userId.toLowerCase() === b.userId.toLowerCase();
}
