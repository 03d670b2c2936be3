/**
 * Step-by-step progress of the service-account use cases, for the in-place progress card.
 *
 * The service reports every step as pending → running → done | failed to a listener. The bot
 * layer turns the calls into an updated card (throttled to Teams' message rate, DESIGN.md §7);
 * `createProgressBoard` keeps the whole list so a renderer can draw every step each time.
 * Details carry codes and user-safe text only, never a secret.
 */
import type { AreaLogger } from './service-account.collaborators.port';

export type StepState = 'pending' | 'running' | 'done' | 'failed';

export const CREATE_STEPS = [
  { id: 'create-account', label: 'Creating account…' },
  { id: 'assign-role', label: 'Assigning role…' },
  { id: 'store-secret', label: 'Storing secret…' },
  { id: 'verify-sign-in', label: 'Verifying sign-in…' },
] as const;

export const DISABLE_STEPS = [
  { id: 'end-session', label: 'Turning the management session off…' },
  { id: 'remove-role', label: 'Removing role…' },
  { id: 'delete-account', label: 'Deleting account…' },
  { id: 'delete-secret', label: 'Deleting secret…' },
] as const;

export const MODE_SWITCH_STEP = { id: 'switch-mode', label: 'Switching management type…' } as const;

export type CreateStepId = (typeof CREATE_STEPS)[number]['id'];
export type DisableStepId = (typeof DISABLE_STEPS)[number]['id'];
export type ProgressStepId = CreateStepId | DisableStepId | typeof MODE_SWITCH_STEP.id;

export interface ProgressStep {
  id: ProgressStepId;
  label: string;
}

export interface ProgressDetail {
  /** Stable code on failure (SERVICE_ACCOUNT.PERMISSION_DENIED, …) or on a notable outcome. */
  code?: string;
  /** User-safe sentence, e.g. the error's userMessage or "already there; kept". */
  message?: string;
}

/** What a dialog step, a card verb or a retry button passes in; may be async (a card update). */
export type ProgressListener = (step: ProgressStep, state: StepState, detail?: ProgressDetail) => void | Promise<void>;

export const ignoreProgress: ProgressListener = () => undefined;

export interface ProgressRow extends ProgressStep {
  state: StepState;
  detail?: ProgressDetail;
}

/**
 * Keeps the full step list and hands a fresh snapshot to `onChange` on every report, so a
 * card renderer never has to remember earlier calls.
 */
export function createProgressBoard(
  steps: readonly ProgressStep[],
  onChange: (rows: readonly ProgressRow[]) => void | Promise<void>,
): ProgressListener {
  const rows: ProgressRow[] = steps.map((step) => ({ ...step, state: 'pending' }));
  return async (step, state, detail) => {
    let row = rows.find((candidate) => candidate.id === step.id);
    if (!row) {
      row = { ...step, state };
      rows.push(row);
    }
    row.state = state;
    if (detail) row.detail = detail;
    else delete row.detail;
    await onChange(rows.map((r) => ({ ...r })));
  };
}

/**
 * The service side of progress: reports around each step and makes sure a failing listener
 * (a card update that timed out) never fails or stalls the work it reports on.
 */
export class ProgressReporter {
  constructor(
    private readonly steps: readonly ProgressStep[],
    private readonly listener: ProgressListener,
    private readonly logger: AreaLogger,
  ) {}

  async announce(): Promise<void> {
    for (const step of this.steps) await this.report(step, 'pending');
  }

  async report(step: ProgressStep, state: StepState, detail?: ProgressDetail): Promise<void> {
    this.logger.debug({ step: step.id, state, code: detail?.code }, 'progress');
    try {
      await this.listener(step, state, detail);
    } catch (error) {
      this.logger.warn({ step: step.id, state, errorName: error instanceof Error ? error.name : typeof error }, 'progress listener failed; continuing');
    }
  }

  /** Runs one step: running → done, or failed with the error's code and user text, then rethrows. */
  async run<T>(step: ProgressStep, work: () => Promise<T>, describe: (error: unknown) => ProgressDetail): Promise<T> {
    await this.report(step, 'running');
    try {
      const result = await work();
      await this.report(step, 'done');
      return result;
    } catch (error) {
      await this.report(step, 'failed', describe(error));
      throw error;
    }
  }
}
