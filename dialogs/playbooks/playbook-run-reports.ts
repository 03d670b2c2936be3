/**
 * The report of a playbook run asked for in chat: the "started" card is replaced in place with
 * the report once every policy rests (done, or waiting for its attestation). The run itself moves
 * on in the background (PlaybookService.startPlaybook); this waits behind it
 * (PlaybookRunner.advance serializes passes of one run, and a pass over policies at rest changes
 * nothing), then reads the report. The app's BackgroundTasks owns the wait, so nothing floats and
 * shutdown waits for it. A failure is logged: the findings went to the admin channel anyway.
 */
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import type { PlaybookService } from '../../services/playbooks/playbook.service';
import type { PlaybookRun } from '../../services/playbooks/playbook.types';
import type { BackgroundStarter } from '../../services/playbooks/playbook-attestation';
import { playbookRunCard } from './playbook-views';

export interface PlaybookReportLocation {
  conversationId: string;
  activityId: string;
}

export interface PlaybookRunReportsDependencies {
  playbooks: Pick<PlaybookService, 'runner' | 'report'>;
  notifier: Pick<Notifier, 'update'>;
  tasks: BackgroundStarter;
  /** Whether the tenant has an admin channel (`notify here`): where the findings went. */
  hasAdminChannel(tenantId: string): boolean;
  logger: Logger;
}

export class PlaybookRunReports {
  constructor(private readonly deps: PlaybookRunReportsDependencies) {}

  hasAdminChannel(tenantId: string): boolean {
    return this.deps.hasAdminChannel(tenantId);
  }

  /** Replaces the card at `location` with the run's report once the run rests. */
  follow(run: PlaybookRun, location: PlaybookReportLocation): void {
    this.deps.tasks.start(`playbook report ${run.id}`, async () => {
      try {
        await this.deps.playbooks.runner.advance(run.tenantId, run.id);
        const report = this.deps.playbooks.report(run.tenantId, run.id);
        const card = playbookRunCard(report, { adminChannel: this.deps.hasAdminChannel(run.tenantId) });
        await this.deps.notifier.update(
          { target: { tenantId: run.tenantId, kind: 'conversation', id: location.conversationId }, conversationId: location.conversationId, activityId: location.activityId },
          { card, summary: `${run.playbookName}: report` },
        );
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
        this.deps.logger.warn({ tenantId: run.tenantId, runId: run.id, code, errorName: error instanceof Error ? error.name : typeof error }, 'playbook report card not updated; the notices carry the findings');
      }
    });
  }
}
