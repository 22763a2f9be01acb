/**
 * The market supervision pages' forms (issue 18): a note on a shop × scarce spec (managers on their route's shops,
 * staff on any), and staff's "compute again now". Errors are codes the page translates beside the field they name.
 */
import { z } from 'zod';
import { SUPERVISION_NOTE_MAX_CHARS } from '../allocation/supervision';

const id = z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' }).max(Number.MAX_SAFE_INTEGER, { error: 'invalid' });

export const supervisionNoteForm = z.object({
  intent: z.literal('note'),
  retailerId: id,
  specId: id,
  body: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(SUPERVISION_NOTE_MAX_CHARS, { error: 'tooLong' }),
});

/** Staff's page: a note, or the list computed again now (a job). */
export const staffSupervisionForm = z.discriminatedUnion('intent', [supervisionNoteForm, z.object({ intent: z.literal('refresh') })]);
