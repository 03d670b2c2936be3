/**
 * What a workflow card's click (or a typed command) asks for, read from untrusted data: the
 * workflow's name, the user, the inputs and the optional steps chosen. Only shapes are checked
 * here; the service checks every value (and who may run what on whom) again.
 */
import { WORKFLOW_FIELD } from '../../cards';
import type { WorkflowSummary } from '../../services/workflows/workflow-catalog';

export interface WorkflowRequest {
  workflow: string;
  /** The user's sign-in name as typed or given on the form; absent when the workflow works it out from its inputs. */
  user?: string;
  inputs: Record<string, string>;
  optIn: string[];
}

const INPUT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const STEP_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const FORM_PREFIX = /^w\d{1,2}\.$/;
const MAX_FIELDS = 40;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** "Offboarding", "the offboarding workflow", "compromised account" → the catalogue's name. */
export function workflowNameOf(value: unknown): string {
  return (text(value) ?? '')
    .trim()
    .toLowerCase()
    .replace(/^["'“”]+|["'“”]+$/g, '')
    .replace(/^the\s+/, '')
    .replace(/\s+workflow$/, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 64);
}

/** A click on a Start form of the `workflows` card (its fields carry a prefix), on the preview card, or a typed command's arguments. */
export function workflowRequestOf(data: Readonly<Record<string, unknown>>): WorkflowRequest {
  const prefix = typeof data['prefix'] === 'string' && FORM_PREFIX.test(data['prefix']) ? data['prefix'] : '';
  const user = text(data[WORKFLOW_FIELD.user(prefix)])?.trim().slice(0, 256);
  const inputs: Record<string, string> = {};
  const optIn: string[] = [];
  const inputKey = WORKFLOW_FIELD.input(prefix, '');
  const optInKey = WORKFLOW_FIELD.optIn(prefix, '');
  for (const [key, value] of Object.entries(data).slice(0, 200)) {
    if (key.startsWith(inputKey)) {
      const name = key.slice(inputKey.length);
      if (INPUT_NAME.test(name) && Object.keys(inputs).length < MAX_FIELDS) inputs[name] = (text(value) ?? '').slice(0, 1000);
    } else if (key.startsWith(optInKey)) {
      const id = key.slice(optInKey.length);
      if (STEP_ID.test(id) && (value === true || value === 'true') && optIn.length < MAX_FIELDS) optIn.push(id);
    }
  }
  return { workflow: workflowNameOf(data['workflow']), ...(user ? { user } : {}), inputs, optIn };
}

/** The inputs to hand the service: only the ones given (an empty field takes the input's default). */
export function givenInputs(request: WorkflowRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(request.inputs).filter(([, value]) => value.trim() !== ''));
}

/**
 * The request as the run would see it: each declared input's effective value (given, else its
 * default; yes/no as true or false), the chosen optional steps, sorted. Two requests that start
 * the same run have the same fingerprint, whatever the card sent for untouched fields.
 */
export function fingerprintOf(request: Pick<WorkflowRequest, 'user' | 'inputs' | 'optIn'>, summary: Pick<WorkflowSummary, 'inputs'> | undefined): string {
  const declared = new Map((summary?.inputs ?? []).map((input) => [input.name, input]));
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.inputs)) if (!declared.has(name) && value.trim() !== '') inputs[name] = value.trim();
  for (const input of declared.values()) {
    const given = request.inputs[input.name]?.trim() ?? '';
    const effective = given !== '' ? given : input.default !== undefined ? String(input.default) : '';
    inputs[input.name] = input.type === 'boolean' ? String(['true', 'yes', 'on'].includes(effective.toLowerCase())) : effective;
  }
  const sorted = Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ user: (request.user ?? '').trim().toLowerCase(), inputs: sorted, optIn: [...new Set(request.optIn)].sort() });
}

/** The `previewed` object a Start button carries: the request its preview showed. */
export function previewedOf(data: Readonly<Record<string, unknown>>): Pick<WorkflowRequest, 'user' | 'inputs' | 'optIn'> | undefined {
  const previewed = data['previewed'];
  if (!previewed || typeof previewed !== 'object' || Array.isArray(previewed)) return undefined;
  const record = previewed as Record<string, unknown>;
  const inputs: Record<string, string> = {};
  if (record['inputs'] && typeof record['inputs'] === 'object') {
    for (const [name, value] of Object.entries(record['inputs'] as Record<string, unknown>).slice(0, MAX_FIELDS)) {
      if (INPUT_NAME.test(name)) inputs[name] = (text(value) ?? '').slice(0, 1000);
    }
  }
  const optIn = Array.isArray(record['optIn']) ? record['optIn'].filter((id): id is string => typeof id === 'string' && STEP_ID.test(id)).slice(0, MAX_FIELDS) : [];
  const user = text(record['user'])?.trim();
  return { ...(user ? { user } : {}), inputs, optIn };
}

/** A run for every user of a department or group: `batch` on a card's data (`{department}` or `{group}`), or undefined. */
export function batchQueryOf(data: Readonly<Record<string, unknown>>): { department: string } | { group: string } | undefined {
  const batch = data['batch'];
  if (!batch || typeof batch !== 'object' || Array.isArray(batch)) return undefined;
  const record = batch as Record<string, unknown>;
  const department = text(record['department'])?.trim().slice(0, 120);
  const group = text(record['group'])?.trim().slice(0, 120);
  if (department) return { department };
  if (group) return { group };
  return undefined;
}
