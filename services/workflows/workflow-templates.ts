/**
 * The built-in workflow templates, written in the YAML a tenant admin would paste, so they double
 * as examples. Parsed and validated once when this module loads: a template that stops
 * validating fails every start of the bot (and its unit test), never a run.
 */
import { describeIssue, validateWorkflowDefinition } from './workflow-parser';
import type { WorkflowDefinition } from './workflow.schema';

/**
 * A starter whose account exists already (created by HR's sync): profile fields, a group, a
 * licence, a Temporary Access Pass shown once to the requester (who hands it over), and a notice
 * to the starter's manager. The usage location comes before the licence, which needs it.
 */
export const ONBOARDING_YAML = `
name: onboarding
title: Onboarding
description: Sets up a new starter's profile, group and licence, gives you a Temporary Access Pass for their first sign-in, and tells their manager.
inputs:
  - name: firstName
    type: string
    description: The starter's first name, as in their sign-in name
  - name: lastName
    type: string
    description: The starter's last name, as in their sign-in name
  - name: domain
    type: string
    description: The domain of their sign-in name, e.g. contoso.com
  - name: department
    type: string
    description: Their department, e.g. Marketing
  - name: jobTitle
    type: string
    description: Their job title, e.g. Account Manager
  - name: manager
    type: user
    description: Their manager's sign-in name
  - name: usageLocation
    type: string
    required: false
    default: US
    description: The two-letter country code licences need, e.g. US or GB
  - name: group
    type: string
    description: A group to add them to, e.g. All Staff
  - name: licence
    type: string
    description: The licence to assign, e.g. E5 or SPE_E5
bindings:
  signInName: "{{firstName}}.{{lastName}}@{{domain}}"
  fullName: "{{firstName}} {{lastName}}"
target: "{{signInName}}"
steps:
  - id: department
    kind: action
    title: Set department
    action: user.updateProfile
    parameters: { field: department, value: "{{department}}" }
  - id: jobTitle
    kind: action
    title: Set job title
    action: user.updateProfile
    parameters: { field: jobTitle, value: "{{jobTitle}}" }
  - id: manager
    kind: action
    title: Set manager
    action: user.updateProfile
    parameters: { field: manager, value: "{{manager}}" }
  - id: usageLocation
    kind: action
    title: Set usage location
    action: user.updateProfile
    parameters: { field: usageLocation, value: "{{usageLocation}}" }
  - id: addToGroup
    kind: action
    title: Add to {{group}}
    action: user.addToGroup
    parameters: { group: "{{group}}" }
  - id: assignLicence
    kind: action
    title: Assign {{licence}}
    action: user.assignLicense
    parameters: { sku: "{{licence}}" }
    needs: [usageLocation]
  - id: accessPass
    kind: action
    title: Temporary Access Pass (shown to you once)
    action: user.createTemporaryAccessPass
    parameters: { lifetime: 8 hours }
  - id: tellManager
    kind: notice
    to: manager
    text: "{{fullName}} ({{signInName}}) is set up as {{jobTitle}} in {{department}}. {{requester.displayName}} has a Temporary Access Pass for their first sign-in and will hand it over."
`;

/**
 * A leaver, in the order that keeps data safe: locked out first (block sign-in, then revoke the
 * sessions they still hold), an optional automatic reply while the mailbox is still licensed,
 * then group memberships and licences removed, and the admin channel told.
 * Deleting the account is not offered: there is no built-in "delete user" action, and a
 * deletion cannot be undone by the bot. Delete it in the Entra admin center once the mailbox and
 * files are handed over (or define a custom action for it).
 */
export const OFFBOARDING_YAML = `
name: offboarding
title: Offboarding
description: Locks a leaver out first, then removes their groups and licences, and tells the admin channel.
inputs:
  - name: replyMessage
    type: string
    required: false
    default: I have left the organization. For anything you need, please contact my former team.
    description: The automatic reply, if you choose to set one
steps:
  - id: blockSignIn
    kind: action
    action: user.blockSignIn
  - id: revokeSessions
    kind: action
    action: user.revokeSessions
  - id: automaticReply
    kind: action
    title: Set an automatic reply
    action: user.setAutomaticReplies
    parameters: { message: "{{replyMessage}}" }
    optional: true
  - id: removeGroups
    kind: action
    action: user.removeFromAllGroups
  - id: removeLicences
    kind: action
    action: user.removeAllLicenses
  # No delete step: deleting a user is not a built-in action (see the comment above).
  - id: tellAdmins
    kind: notice
    to: adminChannel
    text: "{{target.displayName}} ({{target.upn}}) was offboarded by {{requester.displayName}}: sign-in blocked, sessions revoked, removed from all groups and all licences. The account still exists; delete it once its data is handed over."
`;

/**
 * A compromised account: each remediation is tried even if the one before it failed (a failed
 * block must not leave the attacker's sessions alive), the temporary password goes to the
 * requester only (the action port shows it once in their personal chat; it is never stored),
 * and the admin channel hears what was done, step by step.
 */
export const COMPROMISED_ACCOUNT_YAML = `
name: compromised-account
title: Compromised account
description: Blocks sign-in, revokes every session and resets the password (the temporary password goes to you only), then tells the admin channel.
steps:
  - id: blockSignIn
    kind: action
    action: user.blockSignIn
    onFailure: continue
  - id: revokeSessions
    kind: action
    action: user.revokeSessions
    onFailure: continue
  - id: resetPassword
    kind: action
    title: Reset password (temporary password to you only)
    action: user.resetPassword
    onFailure: continue
  - id: tellAdmins
    kind: notice
    to: adminChannel
    text: "{{requester.displayName}} treated {{target.displayName}} ({{target.upn}}) as compromised. Block sign-in: {{steps.blockSignIn.status}}. Revoke sessions: {{steps.revokeSessions.status}}. Reset password: {{steps.resetPassword.status}} (the temporary password went to {{requester.displayName}} only)."
`;

export const BUILT_IN_TEMPLATE_TEXTS: Readonly<Record<string, string>> = {
  onboarding: ONBOARDING_YAML,
  offboarding: OFFBOARDING_YAML,
  'compromised-account': COMPROMISED_ACCOUNT_YAML,
};

function parseTemplate(name: string, text: string): WorkflowDefinition {
  const result = validateWorkflowDefinition(text);
  if (!result.ok || !result.definition) throw new Error(`The built-in workflow template ${name} is invalid: ${result.errors.map(describeIssue).join(' ')}`);
  return result.definition;
}

/** The built-in templates by name, parsed once. */
export const BUILT_IN_WORKFLOWS: ReadonlyMap<string, WorkflowDefinition> = new Map(Object.entries(BUILT_IN_TEMPLATE_TEXTS).map(([name, text]) => [name, parseTemplate(name, text)]));
