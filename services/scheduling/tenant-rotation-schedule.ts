/** The RotationScheduleLookup the rotation service uses for `nextRotationAt`, from the tenant's settings. */
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { RotationScheduleLookup } from '../rotation/rotation-collaborators.port';
import { RotationSchedule } from './rotation-schedule';

export class TenantRotationSchedules implements RotationScheduleLookup {
  constructor(private readonly settings: Pick<TenantSettingsRepository, 'get'>) {}

  /** Changes whenever the tenant's pattern or zone setting changes (cheap: no cron parsing). */
  settingsKeyFor(tenantId: string): string {
    const settings = this.settings.get(tenantId);
    return `${settings.rotationCron}@${settings.rotationTimeZone}`;
  }

  /** The tenant's schedule; an invalid pattern or zone falls back to the weekly default so rotation never silently stops. */
  scheduleFor(tenantId: string): { schedule: RotationSchedule; fellBack: boolean } {
    const settings = this.settings.get(tenantId);
    try {
      return { schedule: new RotationSchedule(settings.rotationCron, settings.rotationTimeZone), fellBack: false };
    } catch {
      return { schedule: RotationSchedule.weeklyDefault(settings.rotationTimeZone), fellBack: true };
    }
  }

  nextRotationAt(tenantId: string, after: Date): Date | undefined {
    const { schedule } = this.scheduleFor(tenantId);
    try {
      return schedule.nextAfter(after);
    } finally {
      schedule.dispose();
    }
  }
}
