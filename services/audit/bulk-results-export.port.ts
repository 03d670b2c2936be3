/**
 * The per-user results of a bulk job, as the export delivers them (the second kind of pending
 * export next to the audit itself). The export service asks for the job to decide who may have
 * its results, and for the file at each delivery, so the file always holds the job as it is then.
 * Implemented over the bulk job store by services/actions/bulk/bulk-results-csv.ts.
 */

/** What the export needs to know of a bulk job: whose it is and what to call it. */
export interface BulkResultsJob {
  jobId: string;
  tenantId: string;
  /** Entra object id of the person who prepared the job. */
  preparerId: string;
  /** The action's title, e.g. "Block sign-in". */
  title: string;
  /** How the users were chosen, e.g. "department Sales". */
  selection: string;
}

export interface BulkResultsFile {
  fileName: string;
  /** With charset, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: string;
  /** One per user of the job. */
  rowCount: number;
}

export interface BulkResultsSource {
  /** The job with this id in this tenant; another tenant's job is simply not found. */
  job(tenantId: string, jobId: string): BulkResultsJob | undefined;
  /** The job's results now, one row per user. */
  file(job: BulkResultsJob): BulkResultsFile;
}
