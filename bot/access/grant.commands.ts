import { GRANT_OPERATOR_DIALOG, type GrantOperatorOptions } from '../../dialogs/access/grant-operator.dialog';
import { PICK_USER_DIALOG, type PickUserOptions, type UserChangeKind } from '../../dialogs/access/pick-user.dialog';
import type { DialogHost } from '../../dialogs/dialog-host';
import type { CommandDefinition } from '../commands';

export interface GrantCommandDependencies {
  dialogs: DialogHost;
}

/**
 * `grant operator …`: tenant admins only. The dialog asks for what the line left out and ends
 * with a confirmation card; nothing is granted until that card is confirmed.
 */
export function createGrantOperatorCommand(dependencies: GrantCommandDependencies): CommandDefinition {
  return {
    id: 'operator.grant',
    capability: 'operator.grant',
    usage: 'grant operator <user> scope <scope> actions <actions>',
    description: 'Lets a user run management actions on the users in a scope (tenant admins).',
    patterns: [
      'grant operator {user} scope {scope} actions {actions}',
      'grant operator {user} scope {scope}',
      'grant operator {user}',
      'grant operator',
    ],
    handle: async (context) => {
      const options: GrantOperatorOptions = { operator: context.args.user, scope: context.args.scope, actions: context.args.actions };
      await dependencies.dialogs.begin(context.turn, GRANT_OPERATOR_DIALOG, options);
    },
  };
}

const USER_COMMANDS: ReadonlyArray<{ kind: UserChangeKind; verb: string; noun: string; usage: string; description: string; alias: string }> = [
  { kind: 'operator.revoke', verb: 'revoke', noun: 'operator', usage: 'revoke operator <user>', description: "Removes a user's operator grant (tenant admins).", alias: 'remove operator' },
  { kind: 'auditor.grant', verb: 'grant', noun: 'auditor', usage: 'grant auditor <user>', description: 'Lets a user read, export and verify the audit (tenant admins).', alias: 'add auditor' },
  { kind: 'auditor.revoke', verb: 'revoke', noun: 'auditor', usage: 'revoke auditor <user>', description: "Removes a user's auditor access (tenant admins).", alias: 'remove auditor' },
];

/** `revoke operator`, `grant auditor`, `revoke auditor`: one row each, one dialog for all three. */
export function createUserChangeCommands(dependencies: GrantCommandDependencies): CommandDefinition[] {
  return USER_COMMANDS.map((row) => ({
    id: row.kind,
    capability: row.kind,
    usage: row.usage,
    description: row.description,
    patterns: [`${row.verb} ${row.noun} {user}`, `${row.alias} {user}`, `${row.verb} ${row.noun}`],
    handle: async (context) => {
      const options: PickUserOptions = { kind: row.kind, user: context.args.user };
      await dependencies.dialogs.begin(context.turn, PICK_USER_DIALOG, options);
    },
  }));
}
