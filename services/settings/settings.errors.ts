/** Errors of the settings area with stable codes (rows of services/error-catalog.ts). */
import { AppError } from '../errors';

export type SettingsErrorCode = 'SETTINGS.INVALID';

export class SettingsError extends AppError<SettingsErrorCode> {
  constructor(code: SettingsErrorCode, developerMessage: string) {
    super(code, developerMessage);
  }
}
