import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteConversationReferenceStore } from '../../services/adapters/sqlite/conversation-reference.sqlite';

describe('SqliteConversationReferenceStore', () => {
  let db: SqliteDatabase;
  let store: SqliteConversationReferenceStore;
  const personal = {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    bot: { id: '28:bot', name: 'Bot' },
    user: { id: '29:user', name: 'Adele', aadObjectId: 'AAAA-1' },
    conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: 'tenant-a', isGroup: false, name: '' },
  };

  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteConversationReferenceStore(db);
  });
  afterEach(() => db.close());

  it('when a reference is saved, then it can be found by conversation and by the personal user', async () => {
    expect(await store.save({ tenantId: 'tenant-a', userAadObjectId: 'AAAA-1', reference: personal })).toBe('created');
    expect((await store.get('tenant-a', 'a:personal-1'))?.reference).toEqual(personal);
    expect((await store.findPersonal('tenant-a', 'aaaa-1'))?.conversationId).toBe('a:personal-1');
  });

  it('when the same reference is saved again, then nothing changes; when the service url moves, then it is updated', async () => {
    await store.save({ tenantId: 'tenant-a', userAadObjectId: 'AAAA-1', reference: personal });
    expect(await store.save({ tenantId: 'tenant-a', userAadObjectId: 'AAAA-1', reference: personal })).toBe('unchanged');
    const moved = { ...personal, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
    expect(await store.save({ tenantId: 'tenant-a', userAadObjectId: 'AAAA-1', reference: moved })).toBe('updated');
    expect((await store.get('tenant-a', 'a:personal-1'))?.reference.serviceUrl).toBe(moved.serviceUrl);
  });

  it('when another tenant asks, then it sees none of this tenant\'s references', async () => {
    await store.save({ tenantId: 'tenant-a', userAadObjectId: 'AAAA-1', reference: personal });
    expect(await store.get('tenant-b', 'a:personal-1')).toBeUndefined();
    expect(await store.findPersonal('tenant-b', 'AAAA-1')).toBeUndefined();
    expect(await store.listByTenant('tenant-b')).toEqual([]);
    expect(await store.listByTenant('tenant-a')).toHaveLength(1);
  });
});
