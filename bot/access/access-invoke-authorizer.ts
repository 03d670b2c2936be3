import { denialCard } from '../../dialogs/shared/card-for-error';
import type { Actor } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import { capabilityForVerb, findCapability, type CapabilityId } from '../../services/access/capabilities';
import type { InvokeAuthorizationDecision, InvokeAuthorizer } from '../invoke-router';

export function capabilityOfVerb(verb: string): string {
  // A verb nobody mapped is authorized under its own name, which the service refuses
  // (ACCESS.UNKNOWN_CAPABILITY) and audits: a new button cannot ship without a catalogue row.
  return capabilityForVerb(verb) ?? verb;
}

/**
 * The InvokeRouter's hook: every card action is authorized at execution time with the
 * activity's `from.aadObjectId` and tenant, never with card data. A denial is audited by the
 * service and answered with a card that says why and whom to ask.
 */
export class AccessInvokeAuthorizer implements InvokeAuthorizer {
  constructor(private readonly authorization: AuthorizationService) {}

  async authorize(request: { verb: string; actor: Actor; correlationId: string }): Promise<InvokeAuthorizationDecision> {
    const capability = capabilityOfVerb(request.verb);
    const { actor } = request;
    if (findCapability(capability)?.audience === 'targetAction') {
      // The target is held server-side by the verb's pending action, so here the question is only
      // whether the actor may use this action at all; the verb authorizes again with the target.
      const usable = await this.authorization.capabilitiesOf(actor);
      if (usable.includes(capability as CapabilityId)) return { allowed: true };
    }
    const decision = await this.authorization.authorize(actor, capability, undefined, { correlationId: request.correlationId });
    if (decision.allowed) return { allowed: true };
    return { allowed: false, code: 'ACCESS.DENIED', card: denialCard(decision.message, decision.whoCanHelp, request.correlationId) };
  }
}
