/**
 * The conditional-access results in words (issue 15): policy states and grant controls as people
 * say them, What If's analysis reasons as sentences, the management account by name, times as
 * card dates, and a next step on every card.
 */
import {
  cardDateTime,
  renderAllowedIpsConfirmCard,
  renderAllowedIpsFormCard,
  renderAllowedIpsRemoveCard,
  renderPolicyCheckCard,
  renderSessionProblemCard,
  Verbs,
  type AdaptiveCardJson,
  type CardButton,
  type PolicyCheckPolicyView,
} from '../../cards';
import type { CardFact } from '../../cards/grant-confirmation.card';
import type { AllowedIpsRecord } from '../../services/conditional-access/allowed-ips.repository.port';
import type { AllowedIpsApplied, AllowedIpsPlan } from '../../services/conditional-access/allowed-ips.service';
import type { ConditionalAccessError } from '../../services/conditional-access/conditional-access-errors';
import type { CheckedPolicy, ManagementAccountRef, PolicyCheckResult } from '../../services/conditional-access/policy-check.service';
import { describePerson } from '../../services/access/actor';

const STATE_WORDS: Readonly<Record<string, string>> = {
  enabled: 'On',
  enabledForReportingButNotEnforced: 'Report-only (not enforced)',
  disabled: 'Off',
};

const CONTROL_WORDS: Readonly<Record<string, string>> = {
  block: 'Blocks access',
  mfa: 'Multifactor authentication',
  authenticationstrength: 'An authentication strength (MFA)',
  compliantdevice: 'A device marked compliant',
  domainjoineddevice: 'A hybrid Microsoft Entra joined device',
  approvedapplication: 'An approved client app',
  compliantapplication: 'An app protection policy',
  passwordchange: 'A password change',
};

const REASON_WORDS: Readonly<Record<string, string>> = {
  users: "the account isn't among its users, or is excluded",
  application: "it doesn't cover Microsoft Graph",
  clientApps: "it doesn't cover this kind of client app",
  location: "its locations leave out the bot's address",
  devicePlatform: 'it is for other device platforms',
  signInRisk: 'it is for risky sign-ins only',
  userRisk: 'it is for risky users only',
  emptyPolicy: 'it has no users',
  policyNotEnabled: 'it is off',
  notEnoughInformation: "there isn't enough information to tell",
};

export function policyStateWords(state: string): string {
  return STATE_WORDS[state] ?? state;
}

function requires(policy: Pick<CheckedPolicy, 'effect' | 'grantControls'>): string {
  if (policy.effect === 'none') return 'Nothing to grant (session controls only)';
  return policy.grantControls.map((control) => CONTROL_WORDS[control.toLowerCase()] ?? control).join(', or ');
}

function accountWords(account: ManagementAccountRef): string {
  if (account.kind === 'serviceAccount') return `${account.userPrincipalName ?? account.displayName ?? account.objectId}, the management service account`;
  const who = account.displayName && account.userPrincipalName ? `${account.displayName} (${account.userPrincipalName})` : (account.userPrincipalName ?? account.displayName ?? account.objectId);
  return `${who}, signing in with their own password (Default mode)`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The check stays on screen (it explains why); the form comes as a new card below. */
const CONFIGURE: CardButton = { title: 'Configure allowed IPs', verb: Verbs.configureAllowedIps, style: 'positive', data: { opensNewCard: 'true' } };
const CHECK_AGAIN: CardButton = { title: 'Check again', verb: Verbs.checkPolicies };
const REMOVE: CardButton = { title: 'Remove allowed IPs', verb: Verbs.removeAllowedIps };
const TURN_ON: CardButton = { title: 'Turn on management session', verb: Verbs.sessionTurnOn, style: 'positive' };

const TURN_ON_ANYWAY: CardButton = { title: 'Turn on anyway', verb: Verbs.sessionTurnOn, data: { skipPolicyCheck: 'true' } };

/**
 * The `check policies` card; `notice` is a banner about what was just changed. `beforeTurnOn`:
 * the check a first turn-on ran, which stopped it (Turn on anyway tries the sign-in regardless).
 */
export function policyCheckCard(result: PolicyCheckResult, options: { notice?: string; beforeTurnOn?: boolean } = {}): AdaptiveCardJson {
  const stopping = result.applying.filter((policy) => policy.enforced && policy.effect !== 'none');
  const reportOnly = result.applying.filter((policy) => !policy.enforced && policy.effect !== 'none');
  const names = listWords(stopping.map((policy) => `"${policy.displayName}"`));
  const from = listWords(result.egressIps) || 'an unknown address';
  const title =
    result.verdict === 'clear'
      ? 'Nothing stops the management account from signing in'
      : result.verdict === 'blocked'
        ? `${names} ${stopping.length === 1 ? 'blocks' : 'block'} the management account`
        : result.verdict === 'mfaRequired'
          ? `${names} ${stopping.length === 1 ? 'requires' : 'require'} MFA for the management account`
          : `${names} ${stopping.length === 1 ? 'requires' : 'require'} a control the management account can't meet`;
  const summary =
    result.verdict === 'clear'
      ? `The management account signs in with a password only, from ${from}. No policy that is on stops that sign-in.${reportOnly.length > 0 ? ` ${reportOnly.length === 1 ? 'One report-only policy' : `${reportOnly.length} report-only policies`} would, once switched on.` : ''}`
      : `The management account signs in with a password only, from ${from}, so it can't satisfy ${stopping.length === 1 ? 'this policy' : 'these policies'}: turning on management will fail until that changes. The per-user MFA view doesn't show MFA a policy requires; this check reads the policies.`;
  const facts: CardFact[] = [
    { label: 'Management account', value: accountWords(result.account) },
    { label: 'Signs in from', value: from },
    { label: 'Checked with', value: result.source === 'whatIf' ? 'Microsoft Entra What If' : "The bot's own reading of the policies (What If isn't permitted)" },
    { label: 'Checked', value: cardDateTime(result.checkedAt) },
  ];
  const allowed = result.allowedIps;
  if (allowed) {
    facts.push({ label: 'Allowed IPs', value: `${allowed.ranges.join(', ')} in "${allowed.namedLocationName}"` });
    facts.push({ label: 'Bot policy', value: allowed.policyState === 'enabled' ? `On${allowed.enabledBy ? `, approved by ${describePerson(allowed.enabledBy)}` : ''}` : `Report-only, ${allowed.approvalRequestId ? "waiting for a second tenant admin's approval to switch it on" : 'not switched on (the approval was not given)'}` });
    if (allowed.excludedFrom.length > 0) facts.push({ label: 'Account excluded from', value: listWords(allowed.excludedFrom.map((policy) => `"${policy.displayName}"`)) });
  }
  const policies: PolicyCheckPolicyView[] = result.applying.map((policy) => ({
    name: policy.displayName,
    tone: policy.effect === 'none' ? 'none' : policy.enforced ? 'stops' : 'reportOnly',
    facts: [
      { label: 'State', value: policyStateWords(policy.state) },
      { label: 'Requires', value: requires(policy) },
      ...(result.egressIps.length > 1 ? [{ label: 'From', value: listWords(policy.fromIps) }] : []),
    ],
    why: policy.why.join(' '),
  }));
  const skipped = result.notApplying.slice(0, 8).map((policy) => `"${policy.displayName}" (${listWords(policy.analysisReasons.map((reason) => REASON_WORDS[reason] ?? reason))})`);
  const more = result.notApplying.length - skipped.length;
  const notApplying = skipped.length > 0 ? `Not applying: ${skipped.join('; ')}${more > 0 ? `; and ${more} more` : ''}.` : '';
  const nextStep =
    result.verdict === 'clear'
      ? allowed && allowed.policyState !== 'enabled'
        ? "Next: a second tenant admin approves switching the bot's policy on; until then MFA is not required elsewhere either."
        : 'Next: turn on management.'
      : 'Next: Configure allowed IPs. MFA stays required for the management account everywhere except the addresses the bot signs in from.';
  const buttons: CardButton[] = result.verdict === 'clear' ? [TURN_ON, CHECK_AGAIN] : [CONFIGURE, CHECK_AGAIN];
  if (allowed) buttons.push(REMOVE);
  if (options.beforeTurnOn) buttons.push(TURN_ON_ANYWAY);
  const notice = options.beforeTurnOn ? 'Management was not turned on: before the first turn-on in this mode, the bot checked the conditional access policies for the management account.' : options.notice;
  return renderPolicyCheckCard({
    ...(notice ? { notice, noticeTone: options.beforeTurnOn ? ('warning' as const) : ('good' as const) } : {}),
    title,
    tone: result.verdict === 'clear' ? 'good' : 'attention',
    summary,
    facts,
    policies,
    notApplying,
    nextStep,
    buttons,
  });
}

/** The allowed-IPs form; `problems` are the ranges Check refused, each with why. */
export function allowedIpsFormCard(input: { ranges: string; egressIps: readonly string[]; existing?: AllowedIpsRecord; problems?: readonly string[] }): AdaptiveCardJson {
  const egress = listWords([...input.egressIps]);
  return renderAllowedIpsFormCard({
    intro:
      'Enter the public IP addresses the bot signs in from. The bot marks them as a trusted named location and adds a policy that requires MFA for the management account everywhere else; it starts report-only, and a second tenant admin switches it on.',
    ranges: input.ranges || input.existing?.ranges.join('\n') || input.egressIps.join('\n'),
    hint: `${egress ? `The bot signs in from ${egress}. ` : ''}One address or CIDR range per line (IPv4 or IPv6), for example 203.0.113.10 or 2001:db8:10::/64.`,
    problems: input.problems ?? [],
  });
}

/** What Configure will change, with a toggle naming each policy the account could be excluded from. */
export function allowedIpsConfirmCard(plan: AllowedIpsPlan, rangesText: string): AdaptiveCardJson {
  const account = plan.account.userPrincipalName ?? plan.account.displayName ?? plan.account.objectId;
  const warnings = [...plan.warnings];
  if (plan.egressNotCovered.length > 0) {
    warnings.push(`The bot signs in from ${listWords(plan.egressNotCovered)}, which these ranges leave out: from there the management account would still need MFA.`);
  }
  return renderAllowedIpsConfirmCard({
    title: plan.existing ? 'Change the allowed IPs?' : 'Configure allowed IPs?',
    facts: [
      { label: 'Trusted named location', value: `"${plan.locationName}": ${plan.ranges.join(', ')}` },
      {
        label: 'Policy',
        value: plan.existing?.policyState === 'enabled' ? `"${plan.policyName}" (on; it stays on)` : `"${plan.policyName}": requires MFA for ${account} everywhere except that location. It starts report-only.`,
      },
      { label: 'Switched on', value: plan.existing?.policyState === 'enabled' ? 'Already on' : 'After a second tenant admin approves' },
    ],
    warnings,
    exclusionIntro:
      plan.exclusions.length === 1
        ? `This policy stops the management account now. Excluding the account from it lets it sign in from the allowed IPs; the new policy still requires MFA everywhere else. Leave it off to keep the policy as it is:`
        : `These policies stop the management account now. Excluding the account from one lets it sign in from the allowed IPs; the new policy still requires MFA everywhere else. Choose each one explicitly:`,
    exclusions: plan.exclusions.map((offer) => ({
      policyId: offer.policyId,
      title: `Exclude ${account} from "${offer.displayName}" (${offer.effect === 'block' ? 'it blocks sign-in' : offer.effect === 'mfa' ? 'it requires MFA' : 'it requires a control the account cannot meet'})`,
    })),
    note: 'Every change is recorded in the audit log. "remove allowed IPs" undoes all of them.',
    ranges: rangesText,
  });
}

/** The result of Configure: the check again, with a banner naming what changed and who approves next. */
export function allowedIpsAppliedCard(applied: AllowedIpsApplied, askedNow?: readonly string[]): AdaptiveCardJson {
  const { record } = applied;
  const excluded = record.excludedFrom.length > 0 ? ` The management account is excluded from ${listWords(record.excludedFrom.map((policy) => `"${policy.displayName}"`))}.` : '';
  const asked = askedNow === undefined ? 'they have an approval card' : askedNow.length > 0 ? `approval cards went to ${listWords([...askedNow])}` : 'no other tenant admin could be reached in Teams yet, so ask one to type "approvals"';
  const state = applied.approvalRequestId ? ` The bot's policy is report-only until a second tenant admin approves it; ${asked}.` : record.policyState === 'enabled' ? " The bot's policy is on." : '';
  return policyCheckCard(applied.check, { notice: `Allowed IPs configured: ${record.ranges.join(', ')}.${excluded}${state}` });
}

/** The confirmation of `remove allowed IPs`: everything it will undo. */
export function allowedIpsRemoveCard(record: AllowedIpsRecord): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'Named location', value: `"${record.namedLocationName}" (${record.ranges.join(', ')}) is deleted` },
    { label: 'Policy', value: `"${record.policyName}" (${policyStateWords(record.policyState).toLowerCase()}) is deleted` },
  ];
  if (record.excludedFrom.length > 0) facts.push({ label: 'Included again in', value: listWords(record.excludedFrom.map((policy) => `"${policy.displayName}"`)) });
  facts.push({ label: 'Configured by', value: `${describePerson(record.configuredBy)}, ${cardDateTime(record.configuredAt)}` });
  return renderAllowedIpsRemoveCard({
    facts,
    note: record.excludedFrom.length > 0 ? 'The management account will again be subject to the policies it was excluded from: turning on management may fail after this.' : 'MFA will no longer be required by the bot for the management account outside these addresses.',
  });
}

/** A permission the bot lacks, named, with Retry (the same step again). */
export function permissionMissingCard(error: ConditionalAccessError, retry: CardButton, correlationId: string): AdaptiveCardJson {
  const permissions = error.details.permissions ?? [];
  return renderSessionProblemCard({
    title: 'The bot needs a permission',
    message: `${error.userMessage}${permissions.length > 0 ? ` It needs the Microsoft Graph application permission ${permissions.join(' or ')}.` : ''}`,
    ...(error.nextStep ? { nextStep: error.nextStep } : {}),
    buttons: [{ ...retry, title: 'Retry', style: 'positive' }],
    correlationId,
  });
}
