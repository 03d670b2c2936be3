/**
 * The card verbs of a reviewed definition's lifecycle (custom actions, workflows), each running
 * its step of the kind's DefinitionLifecycleDialog: the list, the form (whose buttons name their
 * step: only the form's steps may be named through that verb), Submit, Approve, Reject, Publish,
 * Disable, Enable, the preview (or review) and History. The door checks each verb's capability;
 * the service checks it again and decides.
 */
import type { TurnContext } from 'botbuilder';
import type { DefinitionCardLook } from '../cards';
import type { CardFlows } from '../dialogs/card-step.dialog';
import { flowVerb, reply } from './flow-rows';
import type { VerbDefinition } from './invoke-router';

export interface DefinitionVerbOptions {
  /** The steps the form's verb may name (form, edit, check, save); anything else opens an empty form. */
  formSteps: readonly string[];
  /** The dialog's step behind the preview verb: 'preview' (custom actions) or 'review' (workflows). */
  previewStep: string;
}

export function definitionLifecycleVerbs(flows: CardFlows, dialogId: string, verbs: DefinitionCardLook['verbs'], options: DefinitionVerbOptions): VerbDefinition[] {
  return [
    flowVerb(flows, dialogId, verbs.list, 'list'),
    {
      verb: verbs.define,
      handle: async (context) => {
        const named = context.data['step'];
        const step = options.formSteps.find((candidate) => candidate === named) ?? 'form';
        return (await flows.run(context.turn, dialogId, { step, data: context.data })) ?? { message: 'Done.' };
      },
    },
    flowVerb(flows, dialogId, verbs.submit, 'submit'),
    flowVerb(flows, dialogId, verbs.approve, 'approve'),
    flowVerb(flows, dialogId, verbs.reject, 'reject'),
    flowVerb(flows, dialogId, verbs.publish, 'publish'),
    flowVerb(flows, dialogId, verbs.disable, 'disable'),
    flowVerb(flows, dialogId, verbs.enable, 'enable'),
    flowVerb(flows, dialogId, verbs.preview, options.previewStep),
    flowVerb(flows, dialogId, verbs.history, 'history'),
  ];
}

/** A typed command (the list, the empty form): the step's card as a reply. */
export async function replyWithStep(flows: CardFlows, turn: TurnContext, dialogId: string, step: string): Promise<void> {
  const answer = await flows.run(turn, dialogId, { step });
  if (answer) await reply(turn, answer);
}
