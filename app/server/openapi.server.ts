/** The POS API described as OpenAPI 3.0, served at /api/v1/openapi.json. */
import { API_MAX_LINES } from '~/domain/forms/pos-api';
import { MAX_PACKS_PER_SPEC_AND_DAY, MAX_QTY_PER_LINE } from '~/domain/uploads/limits';

const line = {
  type: 'object',
  required: ['barcode'],
  description: 'A barcode, exactly one of qty (in the unit of the scanned code, or of unit) or qtyPacks (in packs), and optionally the unit of qty. Lines of one spec add up; a spec whose lines add up past ' + `${MAX_PACKS_PER_SPEC_AND_DAY} packs for the day is refused (all its lines), as in a file.`,
  properties: {
    barcode: { type: 'string', description: "Carton or pack barcode (条码 / 盒码): 8 to 14 digits, read as a file's barcode cell is (a 14-digit code with a leading 0 matches the 13-digit one; spaces and a trailing .0 are ignored).", example: '6901028100076' },
    qty: { type: 'integer', minimum: 0, maximum: MAX_QTY_PER_LINE, description: 'Quantity in the unit of the scanned code, as a file\'s quantity cell: a carton code counts cartons (1 = one carton of 10 packs), a pack code packs.', example: 3 },
    qtyPacks: { type: 'integer', minimum: 0, maximum: MAX_QTY_PER_LINE, description: 'Quantity in packs (盒) whatever code was scanned, as a file cell written "3盒": one carton of 10 packs is qtyPacks 10.', example: 3 },
    unit: { type: 'string', enum: ['pack', 'carton'], description: 'What qty counts whatever code was scanned, as a file cell written "3盒" (pack) or "3条" (carton). Without it, the unit of the scanned code. With qtyPacks only "pack" is allowed.' },
  },
};
const mode = {
  type: 'string',
  enum: ['keep_good_lines', 'all_or_nothing'],
  default: 'keep_good_lines',
  description: 'keep_good_lines: bad lines are listed in `rejected` and the rest is stored; a spec named only by bad lines keeps its earlier figure for the day, and a call with lines but none good is refused (422 nothing_good) and changes nothing. all_or_nothing: any bad line refuses the call (422) and nothing is stored.',
};
const lines = { type: 'array', maxItems: API_MAX_LINES, items: line };
const dailyBody = {
  type: 'object',
  required: ['date', 'lines'],
  properties: { date: { type: 'string', format: 'date', description: 'Business day in Asia/Shanghai.', example: '2026-11-23' }, lines, mode },
};
const problem = { $ref: '#/components/schemas/Problem' };
const errors = {
  '400': { description: 'The body is not JSON.', content: { 'application/problem+json': { schema: problem } } },
  '401': { description: 'Missing, unknown or revoked token.', content: { 'application/problem+json': { schema: problem } } },
  '403': { description: 'The shop was deactivated (code shop_inactive): nothing is stored.', content: { 'application/problem+json': { schema: problem } } },
  '413': { description: 'Body over 2 MiB or more than 5,000 lines.', content: { 'application/problem+json': { schema: problem } } },
  '422': { description: 'Invalid body, a date in the future or too old, every line refused (nothing_good: nothing changed, `rejected` says why), or (all_or_nothing) a bad line.', content: { 'application/problem+json': { schema: problem } } },
  '429': { description: 'More than 120 calls a minute for this token.', content: { 'application/problem+json': { schema: problem } } },
};
const ok = { '200': { description: 'Stored.', content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadResult' } } } } };

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'Peihuo POS API',
    version: '1.0.0',
    description:
      'Shop terminals send sales scans, receipt scans and stock counts. Authenticate with a token the shop creates on its uploads page: `Authorization: Bearer ph_…`. A repeat for the same day (sales, receipts) or the same countedAt (stock counts) replaces the earlier one, so a terminal may resend safely. Messages follow Accept-Language (zh-CN or en).',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/sales': { post: { summary: "A day's sales (销售扫码)", requestBody: { required: true, content: { 'application/json': { schema: dailyBody } } }, responses: { ...ok, ...errors } } },
    '/receipts': { post: { summary: 'What arrived that day (到货扫码)', requestBody: { required: true, content: { 'application/json': { schema: dailyBody } } }, responses: { ...ok, ...errors } } },
    '/stock-counts': {
      post: {
        summary: 'A stock count (库存盘点)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['countedAt', 'lines'],
                properties: { countedAt: { type: 'string', format: 'date-time', description: 'ISO-8601 with an offset.', example: '2026-11-23T08:05:00+08:00' }, lines, mode },
              },
            },
          },
        },
        responses: { ...ok, ...errors },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      UploadResult: {
        type: 'object',
        required: ['uploadId', 'accepted', 'stored', 'rejected', 'issues'],
        properties: {
          uploadId: { type: 'integer' },
          accepted: { type: 'integer', description: 'Lines accepted: accepted + rejected.length is the number of lines sent.' },
          stored: { type: 'integer', description: 'Figures stored: one per spec (lines of the same spec add up).' },
          replaced: { type: 'boolean', description: 'True when this replaced an earlier upload for the same day or count.' },
          rejected: {
            type: 'array',
            items: { type: 'object', properties: { index: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } },
          },
          issues: {
            type: 'array',
            description: 'Open data-quality issues of the shop around this day (扫码错误、库存误差).',
            items: { type: 'object', properties: { kind: { type: 'string' }, specId: { type: 'integer', nullable: true }, day: { type: 'string' }, message: { type: 'string' }, detail: { type: 'object' } } },
          },
        },
      },
      Problem: {
        type: 'object',
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, errors: { type: 'array', items: { type: 'object' } }, rejected: { type: 'array', items: { type: 'object' } } },
      },
    },
  },
} as const;
