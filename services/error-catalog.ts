/**
 * The one catalogue of stable error codes, for every area. Codes are part of the contract with
 * cards, logs and tests: add a row, never rename one.
 *
 * `userMessage` is the default sentence a user may see (no ids of other tenants, no payloads,
 * no secrets, no upstream error text); `nextStep` is what they can do about it. A throw site may
 * give a more precise sentence for its case (AppErrorOptions), never a less safe one. Cards turn
 * a code into a title and buttons (dialogs/shared/card-for-error.ts).
 */
export interface ErrorCatalogEntry {
  userMessage: string;
  nextStep?: string;
}

export const errorCatalog = {
  // The process edge.
  'BOT.BAD_REQUEST': { userMessage: 'The request was not a valid Bot Framework activity.' },
  'BOT.PAYLOAD_TOO_LARGE': { userMessage: 'The request body is too large.' },
  'BOT.UNSUPPORTED_MEDIA_TYPE': { userMessage: 'The request body encoding is not supported.' },
  'BOT.NOT_FOUND': { userMessage: 'There is nothing at this address.' },
  'BOT.TENANT_NOT_ALLOWED': { userMessage: 'This bot is not available for your organization.' },
  'BOT.BROWSER_REQUEST': { userMessage: 'Requests from web pages are not accepted.' },
  'BOT.ENDPOINT_SECRET_REQUIRED': { userMessage: 'This endpoint accepts only the local client started with the bot.' },
  'BOT.UNKNOWN_VERB': { userMessage: "That button isn't supported by this version of the bot.", nextStep: 'Type "help" to see what I can do.' },
  'BOT.INTERNAL': { userMessage: 'Something went wrong on our side.', nextStep: 'Try again. If it keeps happening, give your administrator the reference below.' },
  'CONFIG.INVALID': { userMessage: 'The bot is not configured correctly.' },
  'STORAGE.ETAG_CONFLICT': { userMessage: 'Someone else changed this at the same time.', nextStep: 'Please try again.' },
  'STORAGE.UNSCOPED_KEY': { userMessage: 'Something went wrong on our side.' },

  // Access control, approvals and audit.
  'ACCESS.DENIED': { userMessage: "You don't have permission to do that." },
  'ACCESS.INVALID_ACTOR': { userMessage: "I couldn't tell who you are, so nothing was done." },
  'ACCESS.UNKNOWN_CAPABILITY': { userMessage: "You don't have permission to do that." },
  'ACCESS.TENANT_ADMIN_REQUIRED': { userMessage: 'Only a tenant admin can do that.' },
  'ACCESS.ADMIN_OR_AUDITOR_REQUIRED': { userMessage: 'Only a tenant admin or an auditor can do that.' },
  'ACCESS.ADMIN_OR_OPERATOR_REQUIRED': { userMessage: 'Only a tenant admin or an operator can do that.' },
  'ACCESS.NOT_OPERATOR': { userMessage: 'You are not an operator in this tenant.' },
  'ACCESS.ACTION_NOT_GRANTED': { userMessage: 'Your operator grant does not include that action.' },
  'ACCESS.TARGET_REQUIRED': { userMessage: 'That needs a user to act on.' },
  'ACCESS.TARGET_NOT_FOUND': { userMessage: "I couldn't find that user." },
  'ACCESS.NOT_IN_SCOPE': { userMessage: 'That user is outside the scope you manage.' },
  'ACCESS.PRIVILEGED_TARGET': {
    userMessage: "That is a privileged account (your own, one holding a directory role, or a break-glass account), and your operator grant doesn't include privileged accounts.",
    nextStep: 'Ask a tenant admin to do it, or to extend your grant to privileged accounts ("including admins").',
  },
  'ACCESS.PRIVILEGED_CONFIRMATION_REQUIRED': {
    userMessage: 'That is a privileged account, so the action needs a second confirmation.',
    nextStep: 'Run the command again and confirm on the second card.',
  },
  'ACCESS.DIRECTORY_UNAVAILABLE': {
    userMessage: "I couldn't check access with Microsoft Entra right now.",
    nextStep: 'Nothing was changed. Try again in a few minutes.',
  },
  'ACCESS.INVALID_GRANT': {
    userMessage: "That grant isn't valid.",
    nextStep: 'Check the scope and the actions, then run the command again. Type "help" for examples.',
  },
  'ACCESS.USER_NOT_FOUND': {
    userMessage: "I couldn't find that user.",
    nextStep: 'Check the spelling of the user principal name (for example alex@contoso.com) and try again.',
  },
  'ACCESS.TOO_MANY_PENDING': {
    userMessage: 'You have too many requests waiting for your confirmation.',
    nextStep: 'Confirm or cancel the ones you have, or wait until they expire, then try again.',
  },
  'APPROVAL.NOT_FOUND': {
    userMessage: 'That request was not found.',
    nextStep: 'The request may belong to another organization or was never created. Ask the requester to send it again.',
  },
  'APPROVAL.UNKNOWN_KIND': { userMessage: 'That kind of request is not supported.' },
  'APPROVAL.KIND_ALREADY_REGISTERED': { userMessage: 'Something went wrong on our side.' },
  'APPROVAL.PAYLOAD_REJECTED': { userMessage: 'That request could not be created.' },
  'APPROVAL.INVALID_EXPIRY': { userMessage: 'That request could not be created.' },
  'APPROVAL.SELF_APPROVAL_FORBIDDEN': {
    userMessage: 'You asked for this, so another tenant admin must decide it.',
    nextStep: 'Ask another tenant admin to decide it, or cancel it.',
  },
  'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN': {
    userMessage: 'Self-approve is only for an organization with a single tenant admin, and yours has more than one.',
    nextStep: 'Another tenant admin approves each request: ask one of them to decide it.',
  },
  'APPROVAL.NOT_REQUESTER': { userMessage: 'Only the person who asked can do that.' },
  'APPROVAL.EFFECT_FAILED': { userMessage: 'The request was approved, but carrying it out failed.' },
  'AUDIT.INVALID_ENTRY': { userMessage: 'The audit could not be written.' },
  'AUDIT.CHAIN_CONFLICT': { userMessage: 'The audit could not be written.', nextStep: 'Try again.' },
  'AUDIT.INVALID_QUERY': {
    userMessage: 'Those dates are not valid: use YYYY-MM-DD, with the start before the end.',
    nextStep: 'For example: export audit 2026-01-01 2026-01-31 as csv',
  },
  'AUDIT.EXPORT_INVALID': { userMessage: 'The audit could not be read.' },
  'AUDIT.EXPORT_EXPIRED': { userMessage: 'This audit export has expired.', nextStep: 'Type "export audit" to get a new one.' },
  'AUDIT.EXPORT_NOT_YOURS': { userMessage: 'This audit export was made for someone else.', nextStep: 'Type "export audit" to get your own.' },
  'AUDIT.EXPORT_LINK_INVALID': { userMessage: 'This download link is not valid.', nextStep: 'Type "export audit" in Teams to get a new link.' },
  'AUDIT.EXPORT_LINK_STALE': {
    userMessage: "This download link was made before the bot's signing key changed, so it can no longer be checked.",
    nextStep: 'Type "export audit" in Teams to get a new link.',
  },
  'AUDIT.EXPORT_ALREADY_DELIVERED': {
    userMessage: 'This audit export was already delivered or declined.',
    nextStep: 'Type "export audit" to get a new one.',
  },
  'AUDIT.EXPORT_UPLOAD_FAILED': {
    userMessage: "I couldn't save the audit export to your OneDrive.",
    nextStep: 'Click Allow on the same card again within its time limit, or type "export audit" for a new one.',
  },
  'AUDIT.EXPORT_TOO_LARGE': { userMessage: 'The audit export is too large to send.', nextStep: 'Export a shorter period, e.g. "export audit 2026-01-01 2026-01-07".' },
  'AUDIT.EXPORT_LINKS_UNAVAILABLE': {
    userMessage: "Download links aren't set up for this bot, so I can't send the export here.",
    nextStep: 'Type "export audit" in our personal chat to get it as a file, or ask your administrator to set BOT_PUBLIC_URL.',
  },

  // Settings.
  'SETTINGS.INVALID': {
    userMessage: "That setting isn't valid. Check the schedule (five-part cron), the time zone (e.g. Europe/Amsterdam) and the session length.",
    nextStep: 'Open settings and try again with a valid value.',
  },
  'SCHEDULE.INVALID': { userMessage: "That rotation schedule isn't valid.", nextStep: 'Use a five-part cron expression, for example "0 3 * * 1".' },

  // Management sessions.
  'SESSION.NOT_ACTIVE': { userMessage: 'The management session is off.', nextStep: 'Turn on the management session, then run the action again.' },
  'SESSION.FORBIDDEN': { userMessage: "You can't change the management session.", nextStep: 'Ask a tenant admin.' },
  'SESSION.DEFAULT_MODE_ADMIN_ONLY': { userMessage: 'In Default mode only a Global Administrator can turn the session on.' },
  'SESSION.MODE_NOT_CONFIGURED': {
    userMessage: 'No management type has been chosen yet, so there is nothing to turn on.',
    nextStep: 'A tenant admin chooses "Use management service account" (recommended) or "Use Global Admin credentials" (MFA must be off).',
  },
  'SESSION.CREDENTIALS_REQUIRED': { userMessage: 'Default mode needs a Global Admin to sign in.', nextStep: 'Enter the Global Admin user name and password.' },
  'SESSION.CREDENTIALS_NOT_EXPECTED': { userMessage: 'This mode does not take a password.' },
  'SESSION.NO_SERVICE_ACCOUNT': {
    userMessage: 'Advanced mode needs the management service account, and this tenant does not have one yet.',
    nextStep: 'Ask a tenant admin to create the management service account.',
  },
  'SESSION.VAULT_UNAVAILABLE': { userMessage: 'Key Vault cannot be reached, so the service account cannot sign in. Nothing was run.', nextStep: 'Try again in a few minutes.' },
  'SESSION.SECRET_NOT_FOUND': { userMessage: "The service account's password is missing from Key Vault." },
  'SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID': { userMessage: "The service account's password no longer works." },
  'SESSION.MFA_REQUIRED': { userMessage: 'This account requires multi-factor authentication, which a bot cannot complete.' },
  'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS': { userMessage: 'A conditional-access policy blocked the sign-in.' },
  'SESSION.WRONG_PASSWORD': { userMessage: 'The user name or password is wrong.', nextStep: 'Try again.' },
  'SESSION.ACCOUNT_DISABLED': { userMessage: 'The account is disabled.' },
  'SESSION.USER_NOT_FOUND': { userMessage: 'That account does not exist in this tenant.' },
  'SESSION.NOT_GLOBAL_ADMIN': { userMessage: 'That account is not a Global Administrator.' },
  'SESSION.SIGN_IN_UNAVAILABLE': { userMessage: 'Microsoft Entra ID could not be reached.', nextStep: 'Try again in a few minutes.' },
  'SESSION.BOT_MISCONFIGURED': { userMessage: "The bot's own credentials were refused." },
  'SESSION.SIGN_IN_FAILED': { userMessage: 'The sign-in failed.', nextStep: 'Try again.' },
  'SESSION.DEFAULT_TOKEN_EXPIRED': { userMessage: 'The Default-mode sign-in has expired.', nextStep: 'Turn the management session on again.' },
  'SESSION.SCOPE_UNAVAILABLE': { userMessage: 'The management session cannot reach that service.' },
  'SESSION.RESTARTED_CREDENTIALS_LOST': { userMessage: 'The bot restarted, and a Default-mode sign-in is kept in memory only.', nextStep: 'Turn the management session on again.' },
  'SESSION.EXPIRED': { userMessage: 'The management session reached its time limit.', nextStep: 'Turn the management session on again.' },
  'SESSION.BUSY': { userMessage: 'The management session is changing state right now.', nextStep: 'Wait a moment and try again.' },
  'SESSION.CONFLICT': { userMessage: 'Someone else changed the management session at the same time.', nextStep: 'Try again.' },
  'SESSION.TENANT_MISMATCH': { userMessage: 'That belongs to another organization.' },

  // Management actions.
  'ACTION.UNKNOWN': { userMessage: "I don't know that action.", nextStep: 'Type "help" to see the actions you can run.' },
  'ACTION.TARGET_REQUIRED': { userMessage: 'Which user?', nextStep: 'Run the command again with the user\'s sign-in name, name or surname, for example adele@contoso.com, "Adele Vance" or "vance".' },
  'ACTION.TARGET_NOT_FOUND': {
    userMessage: "I couldn't find that user.",
    nextStep: 'Check the spelling and run the command again with the sign-in name, the name or the surname (for example adele@contoso.com or "vance").',
  },
  'ACTION.TARGET_AMBIGUOUS': { userMessage: 'More than one user matches.', nextStep: 'Run the command again with the exact user principal name of one of them.' },
  'ACTION.DIRECTORY_UNAVAILABLE': { userMessage: 'The directory is unavailable.', nextStep: 'Nothing was changed. Try again in a few minutes.' },
  'ACTION.DENIED': { userMessage: "You can't do that." },
  'ACTION.NOT_FOUND': { userMessage: 'This action is no longer available.', nextStep: 'Run the command again.' },
  'ACTION.NOT_PREPARER': { userMessage: 'Only the person who asked can confirm this.' },
  'ACTION.EXPIRED': { userMessage: 'This confirmation has expired.', nextStep: 'Run the command again.' },
  'ACTION.INVALID_PARAMETERS': { userMessage: "That value can't be used.", nextStep: 'Nothing was changed. Run the command again with a valid value.' },
  'ACTION.NOT_POSSIBLE': { userMessage: "That change can't be made right now.", nextStep: 'Nothing was changed.' },
  'ACTION.PRIVATE_CHAT_REQUIRED': {
    userMessage: 'This action shows a secret once, so it runs only in your personal chat with me.',
    nextStep: 'Open a personal chat with me and run the command there. Nothing was changed.',
  },
  'ACTION.GROUP_REQUIRED': { userMessage: 'Which group?', nextStep: 'Run the command again with the group\'s name, for example "add adele@contoso.com to group Sales".' },
  'ACTION.GROUP_NOT_FOUND': { userMessage: "I couldn't find that group.", nextStep: 'Check the spelling and run the command again with the start of the group\'s name.' },
  'ACTION.GROUP_AMBIGUOUS': { userMessage: 'More than one group matches.', nextStep: 'Pick one of them.' },
  'ACTION.BULK_TOO_LARGE': {
    userMessage: 'That is more users than you may change at once.',
    nextStep: 'Ask a tenant admin to run it, or split it into smaller lists. Nothing was changed.',
  },
  'ACTION.APPROVAL_REQUIRED': {
    userMessage: "This needs a tenant admin's approval first.",
    nextStep: 'Select "Ask for approval" on the confirmation card. Nothing was changed.',
  },
  'ACTION.AWAITING_APPROVAL': {
    userMessage: "This is waiting for a tenant admin's approval.",
    nextStep: "You'll get a card with a Run button once it is approved. Type \"approvals\" to see the request. Nothing was changed.",
  },
  'ACTION.APPROVAL_CLOSED': { userMessage: 'The approval for this was not given.', nextStep: 'Run the command again to ask again. Nothing was changed.' },
  'ACTION.BAD_SETTING': { userMessage: "That setting can't be used.", nextStep: 'Nothing was changed. Try again with a valid value.' },
  'ACTION.BULK_EMPTY': { userMessage: 'None of those users can be changed by you.', nextStep: 'Check the list, the department or the group name. Nothing was changed.' },
  'ACTION.GROUP_NOT_MANAGEABLE': {
    userMessage: "The bot can't change the members of this group.",
    nextStep: 'Change its members where the group is managed (a dynamic rule, or Exchange for mail-enabled groups). Nothing was changed.',
  },

  // Custom actions (issue 14); the throw site's sentence names the action, the field or the state.
  'CUSTOM_ACTION.INVALID_DEFINITION': { userMessage: "That custom action definition isn't valid, so it was not saved.", nextStep: 'Fix the lines named above and save it again.' },
  'CUSTOM_ACTION.INVALID_PARAMETERS': { userMessage: "Those values don't fit the custom action's parameters.", nextStep: 'Nothing was changed. Correct the values and try again.' },
  'CUSTOM_ACTION.NOT_FOUND': { userMessage: "I couldn't find that custom action.", nextStep: 'Type "custom actions" to see the ones your organization has.' },
  'CUSTOM_ACTION.ALREADY_EXISTS': { userMessage: 'A custom action with that name already exists.', nextStep: 'Edit the existing one, or choose another name.' },
  'CUSTOM_ACTION.INVALID_STATE': { userMessage: "That step doesn't fit the custom action's current state.", nextStep: 'Type "custom actions" to see its state and the next step.' },
  'CUSTOM_ACTION.NOT_RUNNABLE': { userMessage: "That custom action isn't published, so it can't be run.", nextStep: 'Ask a tenant admin to publish it (after a second admin approves it).' },
  'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN': { userMessage: 'You wrote or submitted this version, so another tenant admin must approve it.', nextStep: 'Ask another tenant admin to approve it.' },
  'CUSTOM_ACTION.CONFLICT': { userMessage: 'Someone else changed this custom action at the same time.', nextStep: 'Open it again to see the latest version, then retry.' },

  // Workflows tenant admins define and review (issue 14): the custom actions' lifecycle, for workflows.
  'WORKFLOW_DEFINITION.INVALID_DEFINITION': { userMessage: "That workflow definition isn't valid, so it was not saved.", nextStep: 'Fix the lines named above and save it again.' },
  'WORKFLOW_DEFINITION.NOT_FOUND': { userMessage: "I couldn't find that workflow definition.", nextStep: 'Type "workflow definitions" to see the ones your organization has.' },
  'WORKFLOW_DEFINITION.ALREADY_EXISTS': { userMessage: 'A workflow with that name already exists.', nextStep: 'Edit the existing one, or choose another name.' },
  'WORKFLOW_DEFINITION.INVALID_STATE': { userMessage: "That step doesn't fit the workflow's current state.", nextStep: 'Type "workflow definitions" to see its state and the next step.' },
  'WORKFLOW_DEFINITION.NOT_RUNNABLE': { userMessage: "That workflow isn't published, so it can't be run.", nextStep: 'Ask a tenant admin to publish it (after a second admin approves it).' },
  'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN': { userMessage: 'You wrote or submitted this version, so another tenant admin must approve it.', nextStep: 'Ask another tenant admin to approve it.' },
  'WORKFLOW_DEFINITION.CONFLICT': { userMessage: 'Someone else changed this workflow at the same time.', nextStep: 'Open it again to see the latest version, then retry.' },

  // Workflows (issue 14); services/workflows/workflow-errors.ts reads its words from here. The throw site's sentence names the workflow, the user or the state.
  'WORKFLOW.INVALID_DEFINITION': { userMessage: "That workflow definition isn't valid, so it was not saved.", nextStep: 'Fix the lines named above and save it again.' },
  'WORKFLOW.NOT_FOUND': { userMessage: "I couldn't find that workflow.", nextStep: 'Type "workflows" to see the ones you can run.' },
  'WORKFLOW.RUN_NOT_FOUND': { userMessage: "I couldn't find that workflow run.", nextStep: 'Type "workflow runs" to see the recent runs.' },
  'WORKFLOW.INVALID_INPUTS': { userMessage: "Those values don't fit the workflow's inputs, so nothing was started.", nextStep: 'Correct the values named above and start it again.' },
  'WORKFLOW.TARGET_NOT_FOUND': { userMessage: "I couldn't find that user, so nothing was started.", nextStep: 'Check the sign-in name and start the workflow again.' },
  'WORKFLOW.TARGET_MISMATCH': { userMessage: "The user you named isn't the one the workflow's inputs describe, so nothing was started.", nextStep: 'Leave the user out, or correct the inputs.' },
  'WORKFLOW.INVALID_STATE': { userMessage: "That doesn't fit the run's current state.", nextStep: 'Type "workflow runs" to see where it stands.' },
  'WORKFLOW.NOT_RETRYABLE': { userMessage: "This run can't be retried: the steps it had done were undone when it failed.", nextStep: 'Start a new run of the workflow.' },
  'WORKFLOW.NOT_ALLOWED': { userMessage: 'Only the person who started this run, or a tenant admin, can do that.', nextStep: 'Ask them, or a tenant admin.' },
  'WORKFLOW.NOT_AN_APPROVER': { userMessage: "You aren't one of the approvers this step names.", nextStep: 'Ask one of the named approvers to decide it.' },
  'WORKFLOW.INVALID_ANSWER': { userMessage: "That isn't one of the step's options.", nextStep: 'Pick one of the options on the card.' },
  'WORKFLOW.QUERY_NOT_FOUND': { userMessage: "I couldn't find that department or group, so no run was started.", nextStep: 'Check the name and try again.' },
  'WORKFLOW.QUERY_AMBIGUOUS': { userMessage: 'More than one group has that name, so no run was started.', nextStep: 'Use a name only one group has.' },
  'WORKFLOW.DIRECTORY_UNAVAILABLE': { userMessage: "I couldn't read the directory just now, so nothing was started.", nextStep: 'Try again in a few minutes.' },
  'WORKFLOW.INVALID_SCHEDULE': { userMessage: "I can't read that schedule, so nothing was scheduled.", nextStep: 'Say when as "daily at 06:00", "weekly on Monday at 06:00", "monthly on day 1 at 06:00" or a five-part cron pattern.' },
  'WORKFLOW.SCHEDULE_NOT_FOUND': { userMessage: "I couldn't find that workflow schedule; it may have been removed already.", nextStep: 'Type "workflow schedules" to see the ones there are.' },
  // Conditional access (issue 15).
  'CONDITIONAL_ACCESS.NO_MANAGEMENT_ACCOUNT': { userMessage: 'There is no management account to check yet.', nextStep: 'Create the management service account in settings, or choose Default mode.' },
  'CONDITIONAL_ACCESS.PERMISSION_MISSING': { userMessage: "The bot isn't allowed to read or change conditional access in this tenant.", nextStep: 'Grant the permission named below to the bot in Microsoft Entra ID (admin consent), then select Retry.' },
  'CONDITIONAL_ACCESS.INVALID_RANGES': { userMessage: "Some of those IP ranges can't be used, so nothing was changed.", nextStep: 'Fix the ranges named on the card and select Check again.' },
  'CONDITIONAL_ACCESS.NOT_CONFIGURED': { userMessage: 'The bot has not configured allowed IPs in this tenant, so there is nothing to remove.', nextStep: 'Type "check policies" to see what applies to the management account.' },
  'CONDITIONAL_ACCESS.CONFIRMATION_STALE': { userMessage: 'The policies changed since that card was shown, so nothing was changed.', nextStep: 'Type "configure allowed IPs" to start again with the current policies.' },
  'CONDITIONAL_ACCESS.UNAVAILABLE': { userMessage: "Microsoft Entra ID didn't answer just now.", nextStep: 'Try again in a few minutes. A change that stopped part-way is finished when you try again, not made twice.' },
  // A step's outcome (recorded on the step, never thrown); the step's own summary says more.
  'WORKFLOW.NOT_CHOSEN': { userMessage: 'This optional step was not chosen before the run.' },
  'WORKFLOW.CONDITION_FALSE': { userMessage: "This step's condition wasn't met, so it was skipped." },
  'WORKFLOW.PREREQUISITE_NOT_MET': { userMessage: 'A step this one needs did not succeed, so it was skipped.' },
  'WORKFLOW.NOT_RUN': { userMessage: 'An earlier step failed and stopped the run, so this step did not run.', nextStep: 'Retry the run from the failed step, or start a new run.' },
  'WORKFLOW.JUMPED_OVER': { userMessage: 'An approval timed out and the run went on at a later step, so this one was jumped over.' },
  'WORKFLOW.STOPPED': { userMessage: 'The run was stopped before this step.' },
  'WORKFLOW.APPROVAL_REJECTED': { userMessage: 'The approval for this step was rejected.' },
  'WORKFLOW.APPROVAL_CANCELLED': { userMessage: 'The approval request for this step was cancelled.' },
  'WORKFLOW.APPROVAL_TIMED_OUT': { userMessage: 'Nobody decided the approval for this step in time.' },
  'WORKFLOW.APPROVER_NOT_NAMED': { userMessage: "The step was approved by someone it doesn't name as an approver, so the approval doesn't count." },
  'WORKFLOW.OUTCOME_UNKNOWN': { userMessage: "I can't tell whether this step took effect.", nextStep: 'Check the user before retrying the run.' },
  'WORKFLOW.NO_MANAGER': { userMessage: 'The user has no manager in Microsoft Entra, so the notice was not sent.' },
  'WORKFLOW.NOTICE_FAILED': { userMessage: 'The notice could not be sent.' },
  'WORKFLOW.STEP_FAILED': { userMessage: 'This step did not work.' },
  'WORKFLOW.STEP_UNKNOWN': { userMessage: 'This step is not in the workflow any more.' },

  // Playbooks (issue 14); services/playbooks/playbook-errors.ts reads its words from here.
  'PLAYBOOK.NOT_FOUND': { userMessage: "I couldn't find that playbook.", nextStep: 'Type "playbooks" to see the ones your organization has.' },
  'PLAYBOOK.POLICY_NOT_FOUND': { userMessage: 'That playbook has no such policy.', nextStep: 'Type "playbooks" to see its policies.' },
  'PLAYBOOK.MODE_NOT_AVAILABLE': { userMessage: "That policy can't remediate on its own, so it can only alert.", nextStep: 'Choose alert for it. Nothing was changed.' },
  'PLAYBOOK.INVALID_SETTING': { userMessage: "That setting isn't valid, so nothing was changed.", nextStep: 'Correct it and try again.' },
  'PLAYBOOK.INVALID_SCHEDULE': { userMessage: "That playbook schedule isn't valid.", nextStep: 'Use a five-part cron expression, for example "0 6 * * 1", and a time zone such as Europe/Amsterdam.' },
  'PLAYBOOK.RUN_IN_PROGRESS': { userMessage: 'That playbook is already running in your organization.', nextStep: 'Wait for the current run to finish (or for its attestation to be decided), then run it again.' },
  'PLAYBOOK.RUN_NOT_FOUND': { userMessage: "I couldn't find that playbook run." },
  'PLAYBOOK.QUERY_UNAVAILABLE': { userMessage: 'That policy is not available in this tenant.' },
  'PLAYBOOK.ATTESTATION_REJECTED': { userMessage: 'The remediation was rejected, so nothing was changed.' },
  'PLAYBOOK.ATTESTATION_EXPIRED': { userMessage: 'Nobody attested the remediation in time, so nothing was changed.', nextStep: 'Run the playbook again to ask again.' },
  'PLAYBOOK.ATTESTATION_CANCELLED': { userMessage: 'The attestation was cancelled, so nothing was changed.' },
  'PLAYBOOK.NOT_NAMED_APPROVER': { userMessage: 'Only the named approver may attest this remediation, so nothing was changed.', nextStep: 'Run the playbook again and ask the named approver to approve it.' },
  'PLAYBOOK.NO_LONGER_MATCHES': { userMessage: 'The user no longer matches the policy, so they were left alone.' },
  'PLAYBOOK.ACTION_NO_ANSWER': { userMessage: "The action didn't answer, so it may or may not have run.", nextStep: 'Check the user, then run the playbook again; it will not act twice on a user it already fixed.' },
  'PLAYBOOK.SCHEDULE_FAILED': { userMessage: "A scheduled playbook run couldn't start.", nextStep: 'Run it by hand with "run playbook <name>" to see why.' },
  'PLAYBOOK.POLICY_FAILED': { userMessage: 'A policy of the playbook could not finish; the run report says which and why.' },
  'PLAYBOOK.ACTION_FAILED': { userMessage: "The action failed for this user, so they weren't changed." },
  'PLAYBOOK.RECHECK_FAILED': { userMessage: "I couldn't check the findings again before acting, so nothing was changed.", nextStep: 'Run the playbook again later.' },

  // Password rotation.
  'ROTATION.IN_PROGRESS': {
    userMessage: 'A password rotation is already running for this tenant.',
    nextStep: 'Wait for it to finish; you will get a notice either way.',
  },
  'ROTATION.NO_SERVICE_ACCOUNT': {
    userMessage: 'This tenant has no management service account, so there is no password to rotate.',
    nextStep: 'Create the service account from settings first.',
  },
  'ROTATION.VAULT_UNAVAILABLE': {
    userMessage: 'Key Vault was unavailable, so the rotation stopped. The management account still signs in with a password the vault holds.',
    nextStep: 'Retry the rotation when Key Vault is reachable again.',
  },
  'ROTATION.VAULT_FORBIDDEN': {
    userMessage: "The bot doesn't have access to its Key Vault secret (it needs the Key Vault Secrets Officer role).",
    nextStep: 'Grant the bot the Key Vault Secrets Officer role on the vault, then retry.',
  },
  'ROTATION.ENTRA_THROTTLED': {
    userMessage: 'Microsoft Entra ID throttled the password change, so the rotation stopped.',
    nextStep: 'Retry the rotation in a few minutes.',
  },
  'ROTATION.ENTRA_UNAVAILABLE': {
    userMessage: 'Microsoft Entra ID could not be reached during the rotation.',
    nextStep: 'The bot settles the account by itself when Entra is back; retry the rotation afterwards.',
  },
  'ROTATION.ENTRA_PERMISSION_DENIED': {
    userMessage: "The bot isn't allowed to reset the management account's password.",
    nextStep: "Grant the bot User.ReadWrite.All and a directory role that may reset an administrator's password (Privileged Authentication Administrator), then retry.",
  },
  'ROTATION.ENTRA_REJECTED': {
    userMessage: 'Microsoft Entra ID refused the new password.',
    nextStep: 'Check the tenant password policy, then retry the rotation.',
  },
  'ROTATION.ACCOUNT_MISSING': {
    userMessage: 'The management service account no longer exists in Entra ID.',
    nextStep: 'Re-create the service account from settings.',
  },
  'ROTATION.VERIFY_FAILED': {
    userMessage: 'The new password was set, but a test sign-in with it did not succeed.',
    nextStep: 'The bot keeps both passwords until it can prove which one works; check MFA and conditional access for the account.',
  },
  'ROTATION.LOCKED_OUT': {
    userMessage: 'Neither password held in Key Vault signs in as the management account any more.',
    nextStep: 'A tenant admin can set a fresh password through the bot ("Set a fresh password"); nobody will see it.',
  },
  'ROTATION.RECOVERY_PENDING': {
    userMessage: 'An earlier rotation was interrupted and could not be settled yet.',
    nextStep: 'The bot retries by itself; a new rotation starts once the earlier one is settled.',
  },
  'ROTATION.LEASE_LOST': {
    userMessage: 'The rotation took too long and another run took over.',
    nextStep: 'No action is needed; the other run settles the account.',
  },
  'ROTATION.INTERRUPTED': {
    userMessage: 'The rotation was interrupted before the new password reached Entra ID; the unused password was discarded.',
    nextStep: 'Retry the rotation.',
  },
  'ROTATION.FAILED': {
    userMessage: 'The password rotation failed.',
    nextStep: 'Retry the rotation; if it keeps failing, check the bot logs with the correlation id.',
  },

  // The management service account and the mode switch.
  'SERVICE_ACCOUNT.PERMISSION_DENIED': { userMessage: "The bot doesn't have permission to create a service account on your tenant." },
  'SERVICE_ACCOUNT.THROTTLED': { userMessage: 'Microsoft Graph is throttling the bot. Try again in a moment.' },
  'SERVICE_ACCOUNT.UPN_TAKEN': { userMessage: "An account with the management account's user name already exists, and the bot cannot prove it created it." },
  'SERVICE_ACCOUNT.VAULT_UNAVAILABLE': { userMessage: 'Key Vault is unavailable, so the bot stopped before changing anything that depends on it.' },
  'SERVICE_ACCOUNT.VAULT_FORBIDDEN': { userMessage: "The bot doesn't have access to its Key Vault (it needs the Key Vault Secrets Officer role)." },
  'SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE': { userMessage: 'Microsoft Entra ID could not be reached. Try again in a moment.' },
  'SERVICE_ACCOUNT.SIGNIN_FAILED': { userMessage: 'The management account was created, but signing in with it did not work yet.' },
  'SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE': { userMessage: 'The Microsoft sign-in service could not be reached. Try again in a moment.' },
  'SERVICE_ACCOUNT.NOT_FOUND': { userMessage: 'This tenant has no management service account yet.' },
  'SERVICE_ACCOUNT.OPERATION_IN_PROGRESS': { userMessage: 'Another change to the management account is running for this tenant. Wait for it to finish.' },
  'SERVICE_ACCOUNT.DISABLE_UNFINISHED': { userMessage: 'Disabling advanced management did not finish. Retry it before creating a new management account.' },
  'SERVICE_ACCOUNT.FAILED': { userMessage: 'The management account change failed.' },
  'MODE.UNCHANGED': { userMessage: 'The tenant already uses that management type.', nextStep: 'Open settings to see the current management type.' },
  'MODE.INVALID': { userMessage: 'That is not a management type the bot supports.' },
  'MODE.NO_ACCOUNT': { userMessage: 'There is no management service account to disable.' },
  'MODE.REQUEST_PENDING': { userMessage: 'A request for this change is already waiting for another tenant admin.' },
  'JOURNAL.CONFLICT': { userMessage: 'Another change to the management account is running for this tenant. Wait for it to finish.' },
  'PASSWORD.POLICY': { userMessage: 'Something went wrong on our side.' },

  // The outside world, as the ports report it (adapters map SDK errors to these).
  'DIRECTORY.PERMISSION_DENIED': { userMessage: "The bot isn't allowed to do that in Microsoft Entra ID." },
  'DIRECTORY.NOT_FOUND': { userMessage: 'That was not found in Microsoft Entra ID.' },
  'DIRECTORY.CONFLICT': { userMessage: 'Microsoft Entra ID reported a conflict.' },
  'DIRECTORY.THROTTLED': { userMessage: 'Microsoft Graph is throttling the bot.', nextStep: 'Try again in a moment.' },
  'DIRECTORY.BAD_REQUEST': { userMessage: 'Microsoft Graph refused the request.' },
  'DIRECTORY.UNAVAILABLE': { userMessage: 'Microsoft Graph could not be reached.', nextStep: 'Try again in a few minutes.' },
  'DIRECTORY.UNAUTHENTICATED': { userMessage: "Microsoft Graph refused the bot's credentials." },
  'VAULT.NOT_FOUND': { userMessage: 'The secret was not found in Key Vault.' },
  'VAULT.UNAVAILABLE': { userMessage: 'Key Vault could not be reached.', nextStep: 'Try again in a few minutes.' },
  'VAULT.FORBIDDEN': { userMessage: "The bot doesn't have access to its Key Vault." },
  'VAULT.THROTTLED': { userMessage: 'Key Vault is throttling the bot.', nextStep: 'Try again in a moment.' },
  'VAULT.CONFLICT': { userMessage: 'Key Vault reported a conflict.' },
  'SIGNIN.WRONG_PASSWORD': { userMessage: 'The user name or password is wrong.' },
  'SIGNIN.MFA_REQUIRED': { userMessage: 'This account requires multi-factor authentication.' },
  'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS': { userMessage: 'A conditional-access policy blocked the sign-in.' },
  'SIGNIN.ACCOUNT_DISABLED': { userMessage: 'The account is disabled.' },
  'SIGNIN.USER_NOT_FOUND': { userMessage: 'That account does not exist in this tenant.' },
  'SIGNIN.INVALID_CLIENT': { userMessage: "The bot's own credentials were refused." },
  'SIGNIN.UNAVAILABLE': { userMessage: 'Microsoft Entra ID could not be reached.', nextStep: 'Try again in a few minutes.' },
  'SIGNIN.FAILED': { userMessage: 'The sign-in failed.' },
  'NOTIFY.NO_REFERENCE': { userMessage: "I haven't talked with that person or conversation yet, so I can't post there." },
  'NOTIFY.FAILED': { userMessage: 'The message could not be delivered.' },
  'NOTIFY.THROTTLED': { userMessage: 'Teams is throttling the bot.', nextStep: 'Try again in a moment.' },
} as const satisfies Record<string, ErrorCatalogEntry>;

export type AppErrorCode = keyof typeof errorCatalog;
