/** Staff's forms for product pictures (新品推介, issue 19): one spec's picture and description, a zip of pictures, a zip's preview. */
import { z } from 'zod';
import { MAX_DESCRIPTION_CHARS } from '../showcase/pictures';

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());

/** Multipart: the files as they arrived (checked by their bytes on the server, never by type or name). */
export const pictureForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('save'),
    specId: z.coerce.number().int().positive(),
    description: z.string().trim().max(MAX_DESCRIPTION_CHARS, 'too_long').default(''),
    picture: z.instanceof(File).optional(),
    removePicture: checkbox,
  }),
  z.object({ intent: z.literal('zip'), zip: z.instanceof(File, { message: 'no_file' }) }),
]);

export const pictureBatchForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('confirm') }), z.object({ intent: z.literal('discard') })]);
