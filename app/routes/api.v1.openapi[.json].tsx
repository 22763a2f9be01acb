import { openApiDocument } from '~/server/openapi.server';

export const loader = () => Response.json(openApiDocument, { headers: { 'Cache-Control': 'public, max-age=300' } });
