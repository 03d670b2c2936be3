/**
 * The settings card for a viewer: what the SettingsService says, with people by name. Shared by
 * the `settings` command and buttons and by flows that end on settings (a refused Retry).
 */
import { renderSettingsCard, type AdaptiveCardJson, type SettingsCardView } from '../../cards';
import { describePerson, type Actor } from '../../services/access/actor';
import type { ActorResolver } from '../../services/access/actor-resolver';
import type { SettingsService } from '../../services/settings/settings.service';
import { settingsCardView, type SettingsViewOptions } from './settings-view';

export type SettingsCardOptions = SettingsViewOptions & { edits?: Partial<SettingsCardView> };

export class SettingsCards {
  constructor(
    private readonly settings: Pick<SettingsService, 'getOverview'>,
    private readonly people: Pick<ActorResolver, 'resolve'>,
  ) {}

  /** The settings card for the actor; the service refuses anyone but a tenant admin (ACCESS.*). */
  async forActor(actor: Actor, options: SettingsCardOptions = {}): Promise<AdaptiveCardJson> {
    const overview = await this.settings.getOverview(actor);
    const names = await this.namesOf(actor.tenantId, [overview.updatedBy, overview.serviceAccount?.createdBy, ...overview.breakGlassAccountIds]);
    return renderSettingsCard({ ...settingsCardView(overview, { ...options, names }), ...options.edits });
  }

  /** "Alex Wilber (admin@contoso.test)" for the ids on the card; an id the directory does not know stays an id. */
  private async namesOf(tenantId: string, ids: ReadonlyArray<string | undefined>): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const id of new Set(ids.filter((value): value is string => typeof value === 'string' && value.length > 0))) {
      names[id] = describePerson(await this.people.resolve(tenantId, id));
    }
    return names;
  }
}
