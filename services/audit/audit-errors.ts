/** Errors of the audit area with stable codes; `userMessage` is the sentence a card may show. */
import { AppError } from '../errors';

export type AuditErrorCode = 'AUDIT.INVALID_ENTRY' | 'AUDIT.CHAIN_CONFLICT' | 'AUDIT.INVALID_QUERY' | 'AUDIT.EXPORT_INVALID';

export class AuditError extends AppError<AuditErrorCode> {
  constructor(code: AuditErrorCode, userMessage: string) {
    super(code, userMessage, { userMessage });
  }
}
