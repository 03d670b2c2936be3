/**
 * The Temporary Access Pass, automatic replies and leaver actions without Graph: what each
 * command routes to (the real command table, where "set … for … to …" is also a profile field),
 * the pass's lifetime words, and which groups a leaver is kept in and why.
 */
import { CommandRouter } from '../../../bot/command-router';
import { skipReason } from '../../../services/actions/leaver.actions';
import { lifetimeWords, parseLifetime } from '../../../services/actions/temporary-access-pass.action';
import { messageHtml, repliesInWords } from '../../../services/actions/automatic-replies.actions';
import { realCommandTable } from '../commands/command-table';

const router = new CommandRouter(realCommandTable());

function routed(text: string): { id: string; args: Record<string, string> } {
  const route = router.route(text);
  return route.kind === 'intent' ? { id: route.intent.id, args: route.args } : { id: route.kind, args: {} };
}

describe('commands of the Temporary Access Pass, automatic replies and leavers', () => {
  it.each([
    ['temporary access pass for alice@contoso.test', 'user.createTemporaryAccessPass', { user: 'alice@contoso.test' }],
    ['tap for alice@contoso.test', 'user.createTemporaryAccessPass', { user: 'alice@contoso.test' }],
    ['tap for alice@contoso.test for 8 hours', 'user.createTemporaryAccessPass', { user: 'alice@contoso.test', lifetime: '8 hours' }],
    ['create a temporary access pass for Alice Ng valid for 90 minutes', 'user.createTemporaryAccessPass', { user: 'Alice Ng', lifetime: '90 minutes' }],
    // The router drops a command's closing punctuation, so the message's last full stop goes too.
    ['set automatic replies for alice@contoso.test to I am away; back on Monday to help you.', 'user.setAutomaticReplies', { user: 'alice@contoso.test', message: 'I am away; back on Monday to help you' }],
    ['set out of office for alice@contoso.test to Away', 'user.setAutomaticReplies', { user: 'alice@contoso.test', message: 'Away' }],
    ['turn off automatic replies for alice@contoso.test', 'user.turnOffAutomaticReplies', { user: 'alice@contoso.test' }],
    ['remove alice@contoso.test from all groups', 'user.removeFromAllGroups', { user: 'alice@contoso.test' }],
    ['remove alice@contoso.test from all their groups', 'user.removeFromAllGroups', { user: 'alice@contoso.test' }],
    ['remove all licences from alice@contoso.test', 'user.removeAllLicenses', { user: 'alice@contoso.test' }],
    ['remove all licenses from alice@contoso.test', 'user.removeAllLicenses', { user: 'alice@contoso.test' }],
    // The neighbours still go where they went.
    ['set department for alice@contoso.test to Sales', 'user.updateProfile', { field: 'department', user: 'alice@contoso.test', value: 'Sales' }],
    ['remove alice@contoso.test from group Sales', 'user.removeFromGroup', { user: 'alice@contoso.test', group: 'Sales' }],
    ['remove licence E5 from alice@contoso.test', 'user.removeLicense', { sku: 'E5', user: 'alice@contoso.test' }],
  ])('when someone types "%s", then it runs %s with %o', (text, id, args) => {
    expect(routed(text)).toEqual({ id, args });
  });
});

describe('Temporary Access Pass lifetime', () => {
  it.each([
    ['60', 60],
    ['90 minutes', 90],
    ['8 hours', 480],
    ['8h', 480],
    ['2 days', 2880],
    ['for 1 hour', 60],
  ])('when "%s" is typed, then the pass lasts %d minutes', (text, minutes) => {
    expect(parseLifetime(text)).toBe(minutes);
  });

  it.each(['soon', '8 fortnights', '', '1.5 hours'])('when "%s" is typed, then it is not a lifetime', (text) => {
    expect(parseLifetime(text)).toBeUndefined();
  });

  it('when a lifetime is shown, then it reads in the largest whole unit', () => {
    expect([lifetimeWords(60), lifetimeWords(90), lifetimeWords(43_200), lifetimeWords(10)]).toEqual(['1 hour', '90 minutes', '30 days', '10 minutes']);
  });
});

describe('remove from all groups: the groups left alone', () => {
  const group = { id: 'g', displayName: 'G', isAssignableToRole: false, dynamic: false, exchangeManaged: false };

  it('when a group is dynamic, role-assignable or mail-enabled, then it is skipped with its reason; otherwise it is not', () => {
    expect(skipReason(group)).toBeUndefined();
    expect(skipReason({ ...group, dynamic: true })).toMatch(/^dynamic/);
    expect(skipReason({ ...group, isAssignableToRole: true })).toMatch(/^role-assignable/);
    expect(skipReason({ ...group, exchangeManaged: true })).toMatch(/^mail-enabled/);
  });
});

describe('automatic replies words', () => {
  it('when a typed message holds markup, then Graph gets it as text, not HTML', () => {
    expect(messageHtml('Away <b>now</b> & then\nback')).toBe('Away &lt;b&gt;now&lt;/b&gt; &amp; then<br>back');
  });

  it('when the current setting is read, then the card shows it in words', () => {
    expect(repliesInWords({ status: 'disabled', internalReplyMessage: 'x', externalReplyMessage: '', externalAudience: 'all' })).toBe('Off');
    expect(repliesInWords({ status: 'alwaysEnabled', internalReplyMessage: '<p>Away &amp; back</p>', externalReplyMessage: '', externalAudience: 'all' })).toBe('On: "Away & back"');
  });
});
