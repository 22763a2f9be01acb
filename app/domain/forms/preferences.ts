/** The small forms of the page shell: the language switch and the large-text toggle, each back to the page it came from. */
import { z } from 'zod';

/** A language the app speaks, or anything else (which changes nothing). */
export const languageForm = z.object({ lng: z.string().optional(), redirectTo: z.string().optional() });

/** Large text on ('1') or off (anything else). */
export const largeTextForm = z.object({ largeText: z.string().optional(), redirectTo: z.string().optional() });
