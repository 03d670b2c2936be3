import template from './templates/rotation-history.json';
import { explainCode, personWords } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export type RotationHistoryTrigger = 'schedule' | 'manual' | 'approval' | 'recovery';
export type RotationHistoryResult = 'succeeded' | 'failed' | 'running' | 'unresolved';

/** One past rotation; times and durations arrive formatted (in the tenant's zone) by the bot. */
export interface RotationHistoryRowView {
  startedAt: string;
  trigger: RotationHistoryTrigger;
  /** The person, or "schedule (…)" / "the bot (recovery)". */
  initiatedBy: string;
  result: RotationHistoryResult;
  duration?: string;
  newVersion?: string;
  previousVersion?: string;
  errorCode?: string;
  settledByRecovery: boolean;
}

/** `rotation history`: newest first. Version ids are identifiers, never secrets. */
export interface RotationHistoryView {
  accountUpn?: string;
  timeZone: string;
  rows: readonly RotationHistoryRowView[];
  /** How many rows were asked for; a full page says there may be older ones. */
  limit: number;
}

const TRIGGER_WORDS: Record<RotationHistoryTrigger, string> = {
  schedule: 'Scheduled',
  manual: 'On demand',
  approval: 'After approval',
  recovery: 'Recovery',
};

/** Green or yellow bold text is hard to read: the word says it, red marks a failure. */
const RESULT_LOOK: Record<RotationHistoryResult, { word: string; color: string }> = {
  succeeded: { word: 'Succeeded', color: 'Default' },
  failed: { word: 'Failed', color: 'Attention' },
  running: { word: 'Running', color: 'Accent' },
  unresolved: { word: 'Being settled', color: 'Accent' },
};

export function renderRotationHistoryCard(view: RotationHistoryView): AdaptiveCardJson {
  const account = view.accountUpn ? ` of ${plainText(view.accountUpn, 120)}` : '';
  const summary =
    view.rows.length === 0
      ? `No password rotations yet${account}.`
      : `${view.rows.length === 1 ? 'The last rotation' : `The last ${view.rows.length} rotations`}${account}, newest first. Times in ${plainText(view.timeZone, 60)}.` +
        (view.rows.length >= view.limit ? ' Older ones are in the audit.' : '');
  return renderTemplate({
    summary,
    rows: view.rows.map((row) => ({
      when: plainText(row.startedAt, 80),
      result: RESULT_LOOK[row.result].word,
      resultColor: RESULT_LOOK[row.result].color,
      line: plainText([TRIGGER_WORDS[row.trigger], `by ${personWords(row.initiatedBy)}`, row.duration ? `took ${row.duration}` : ''].filter(Boolean).join(' · '), 300),
      detail: plainText(detailOf(row), 500),
    })),
    verbs: { refresh: Verbs.rotationHistory },
  });
}

function detailOf(row: RotationHistoryRowView): string {
  const parts: string[] = [];
  if (row.newVersion) parts.push(`version ${row.newVersion.slice(0, 8)}${row.previousVersion ? ` replaced ${row.previousVersion.slice(0, 8)}` : ''}`);
  if (row.errorCode) parts.push(explainCode(row.errorCode));
  if (row.settledByRecovery) parts.push('finished by recovery after an interruption');
  return parts.join(' · ');
}
