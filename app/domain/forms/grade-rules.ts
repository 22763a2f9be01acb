/** Staff's text on how grades are set (档位评定), shown to every shop on its "my grade" page. */
import { z } from 'zod';
import { GRADE_RULES_MAX_CHARS } from '../shop/grade';

export const gradeRulesForm = z.object({
  intent: z.literal('save'),
  // Blank clears the text (conform hands a blank field over as undefined).
  body: z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n/g, '\n').trim())
    .pipe(z.string().max(GRADE_RULES_MAX_CHARS, { message: 'too_long' })),
});
