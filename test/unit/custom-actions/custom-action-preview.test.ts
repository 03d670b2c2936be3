/**
 * Issue 14: the preview shows the exact request a custom action makes for a sample target:
 * method, the Graph URL with the target's id, and the JSON body with the parameter values
 * substituted as their types (numbers and booleans unquoted). Values are checked against the
 * parameter schema first; the run builds its request with the same function.
 */
import { buildCustomActionRequest } from '../../../services/custom-actions/custom-action-request';
import { CustomActionService } from '../../../services/custom-actions/custom-action.service';
import { ManualClock } from '../../../services/ports/clock.port';
import { addMemberForm, definitionOf, outOfOfficeForm } from './support/definitions';

const ADELE = { id: '6e7b768e-07e2-4810-8459-485f84f8f204', upn: 'adele@contoso.com', displayName: 'Adele Vance' };

/** Preview needs no storage, authorization or audit: it reads and writes nothing. */
const service = new CustomActionService(
  { listVersions: async () => [], listTenant: async () => [], listHistory: async () => [], commit: async () => false },
  { require: async () => { throw new Error('preview must not authorize'); } },
  { append: async () => { throw new Error('preview must not audit'); } },
  new ManualClock(),
);

describe('preview of a custom action', () => {
  it('when a PATCH is previewed for a sample user, then it shows the method, the v1.0 URL with the user id and the body with the values in place', () => {
    const preview = service.preview(definitionOf(outOfOfficeForm()), ADELE, { status: 'ALWAYSENABLED', until: 'Monday' });

    expect(preview.request).toEqual({
      method: 'PATCH',
      url: `https://graph.microsoft.com/v1.0/users/${ADELE.id}/mailboxSettings`,
      path: `/users/${ADELE.id}/mailboxSettings`,
      body: {
        // The enum value is written as the definition spells it; the optional deputy took its default;
        // the optional day with no value is left out of its list.
        automaticRepliesSetting: { status: 'alwaysEnabled', internalReplyMessage: 'Away until Monday. Ask the service desk.' },
        workingHours: { daysOfWeek: [] },
      },
      headers: { 'Content-Type': 'application/json' },
    });
    expect(preview.text).toBe(`PATCH https://graph.microsoft.com/v1.0/users/${ADELE.id}/mailboxSettings\n${JSON.stringify(preview.request.body, null, 2)}`);
  });

  it('when parameters are numbers and booleans (typed on a card, so given as text), then the body carries them unquoted', () => {
    const definition = definitionOf({
      name: 'set-profile',
      title: 'Set profile',
      target: 'user',
      method: 'PATCH',
      path: '/users/{id}',
      body: { employeeId: '{{badge}}', officeLocation: 'Floor {{floor}}', jobTitle: '{{title}}' },
      parameters: [
        { name: 'badge', type: 'number' },
        { name: 'floor', type: 'number' },
        { name: 'title', type: 'boolean' },
      ],
      risk: 'low',
    });
    const { request } = service.preview(definition, ADELE, { badge: '1042', floor: 3, title: 'TRUE' });
    expect(request.body).toEqual({ employeeId: 1042, officeLocation: 'Floor 3', jobTitle: true });
  });

  it('when the request takes no body, then there is none and no content type', () => {
    const definition = definitionOf({ name: 'sign-out', title: 'Sign out', target: 'user', method: 'POST', path: '/users/{id}/revokeSignInSessions', risk: 'medium' });
    expect(service.preview(definition, { id: ADELE.upn }, {}).request).toEqual({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/users/adele%40contoso.com/revokeSignInSessions',
      path: '/users/adele%40contoso.com/revokeSignInSessions',
      headers: {},
    });
  });

  it('when a group action names a member, then the member goes into the reference body, and into the path URL-encoded', () => {
    const add = service.preview(definitionOf(addMemberForm()), { id: 'g-sales' }, { member: ADELE.id });
    expect(add.request).toMatchObject({ method: 'POST', url: 'https://graph.microsoft.com/v1.0/groups/g-sales/members/$ref', body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ADELE.id}` } });
    const remove = service.preview(definitionOf(addMemberForm({ method: 'DELETE', path: '/groups/{id}/members/{{member}}/$ref', body: undefined })), { id: 'g-sales' }, { member: 'adele@contoso.com' });
    expect(remove.request.url).toBe('https://graph.microsoft.com/v1.0/groups/g-sales/members/adele%40contoso.com/$ref');
  });

  it('when the service is given the sandbox address, then the preview shows it', () => {
    const sandbox = new CustomActionService({} as never, {} as never, {} as never, new ManualClock(), { graphBaseUrl: 'https://127.0.0.1:4443/v1.0/' });
    const definition = definitionOf({ name: 'sign-out', title: 'Sign out', target: 'user', method: 'POST', path: '/users/{id}/revokeSignInSessions', risk: 'medium' });
    expect(sandbox.preview(definition, ADELE, {}).request.url).toBe(`https://127.0.0.1:4443/v1.0/users/${ADELE.id}/revokeSignInSessions`);
  });

  it.each([
    ['no sample target', { id: '' }, { status: 'disabled', until: 'x' }, ['Say which user it acts on: a custom action always has a target (an object id or a user principal name).']],
    ['a value missing', ADELE, { status: 'disabled' }, ['"until" is required.']],
    ['a value not in the enum', ADELE, { status: 'sometimes', until: 'x' }, ['"status" must be one of alwaysEnabled, scheduled, disabled, not "sometimes".']],
    ['a parameter nobody declared', ADELE, { status: 'disabled', until: 'x', colour: 'red' }, ['There is no parameter named "colour"; the parameters are status, until, deputy, firstDay.']],
    ['a secret in a text value', ADELE, { status: 'disabled', until: 'Hunter2!Password99' }, ['"until" looks like a password or token. A custom action never carries secrets.']],
  ])('when the preview has %s, then it is refused with the problem in words, and the value is not echoed', (_case, target, values, problems) => {
    const error = (() => {
      try {
        service.preview(definitionOf(outOfOfficeForm()), target, values);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'CUSTOM_ACTION.INVALID_PARAMETERS', details: { problems } });
    expect(JSON.stringify(error)).not.toContain('Hunter2');
    expect((error as Error).message).not.toContain('Hunter2');
  });

  it('when a number parameter gets text, then the message names the parameter and what was given', () => {
    const definition = definitionOf({ name: 'floor', title: 'Floor', target: 'user', method: 'PATCH', path: '/users/{id}', body: { officeLocation: 'Floor {{floor}}' }, parameters: [{ name: 'floor', type: 'number' }], risk: 'low' });
    expect(() => buildCustomActionRequest(definition, ADELE, { floor: 'third' })).toThrow(expect.objectContaining({ userMessage: '"floor" must be a number, and "third" isn\'t one.' }));
  });

  it('when the definition itself is outside the allow-list, then the preview refuses it as invalid', () => {
    const definition = definitionOf({ name: 'pw', title: 'Password', target: 'user', method: 'PATCH', path: '/users/{id}/passwordProfile', risk: 'high' });
    expect(() => service.preview(definition, ADELE, {})).toThrow(expect.objectContaining({ code: 'CUSTOM_ACTION.INVALID_DEFINITION' }));
  });
});
