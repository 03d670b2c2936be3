/** Small helpers the runner and the approval steps share for writing a step's result. */
import { maskSecretsInText } from '../audit/secret-scrubber';
import type { StepKey } from './workflow-run.repository.port';
import type { WorkflowRunStep } from './workflow-run.types';

const MAX_SUMMARY_LENGTH = 400;

export function keyOf(step: WorkflowRunStep): StepKey {
  return { tenantId: step.tenantId, runId: step.runId, stepId: step.stepId };
}

/** Masks anything secret-shaped (a safety net: ports never hand secrets in) and keeps it to one card line. */
export function cleanSummary(text: string): string {
  const masked = maskSecretsInText(text.replace(/\s+/g, ' ').trim());
  return masked.length > MAX_SUMMARY_LENGTH ? `${masked.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : masked;
}

/** The stable code an error carries, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}
