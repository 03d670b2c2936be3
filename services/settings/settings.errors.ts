/** Errors of the settings area with stable codes (same shape as AppError in services/errors.ts). */
export type SettingsErrorCode = 'SETTINGS.INVALID';

export const SETTINGS_USER_MESSAGES: Record<SettingsErrorCode, string> = {
  'SETTINGS.INVALID': "That setting isn't valid. Check the schedule (five-part cron), the time zone (e.g. Europe/Amsterdam) and the session length.",
};

export class SettingsError extends Error {
  readonly userMessage: string;

  constructor(
    readonly code: SettingsErrorCode,
    developerMessage: string,
  ) {
    super(`${code}: ${developerMessage}`);
    this.name = 'SettingsError';
    this.userMessage = SETTINGS_USER_MESSAGES[code];
  }
}
