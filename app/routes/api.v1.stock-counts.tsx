/** POS terminals send a stock count here; see /api/v1/openapi.json. */
import type { ActionFunctionArgs } from '@remix-run/node';
import { handlePosUpload } from '~/server/pos-api.server';

export const action = ({ request, context }: ActionFunctionArgs) => handlePosUpload(context.db, request, 'stock_count', context.clientAddress ?? 'unknown');
export const loader = ({ request, context }: ActionFunctionArgs) => handlePosUpload(context.db, request, 'stock_count', context.clientAddress ?? 'unknown');
