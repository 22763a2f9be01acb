/**
 * The preview page of a staged file (the shop's, or its manager's for it): say which column is which
 * (`map.<field>` = the column's index, blank for none), import the good rows, or discard the file.
 */
import { z } from 'zod';
import type { ColumnField } from '../uploads/types';

/** A column's index in the file's header (one past its end is the service's bad_column); blank (no such column) arrives as undefined. */
const column = z.coerce.number().int().optional();

const mapping = z
  .object({ barcode: column, qty: column, date: column, time: column, name: column, unit: column } satisfies Record<ColumnField, typeof column>)
  .default({});

export const previewForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('map'), map: mapping }),
  z.object({ intent: z.literal('import'), confirmReplace: z.boolean().default(false) }),
  z.object({ intent: z.literal('discard') }),
]);

export type PreviewInput = z.output<typeof previewForm>;
