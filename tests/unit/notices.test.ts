/**
 * Announcements' pure rules (issue 19): the audience rule, what an attachment is by its bytes, the name it is
 * offered under, the home to-do of an important notice, the formatting that cannot carry markup of its own, and
 * which shops a chase reminds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_EXTENSION, EVERYONE, NOTICE_CHASE_INTERVAL_HOURS, chasePlan, cleanFileName, isEveryone, parseAudience, shopInAudience, sniffAttachmentType, type AttachmentType } from '~/domain/notices';
import { SMS_TITLE_MAX_CHARS, noticeReminderParams } from '~/domain/notifications';
import { homeTodos, type HomeFacts } from '~/domain/shop/todos';
import { noticeExcerpt, noticeHtml } from '~/server/notice-text.server';

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'del', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'pre', 'hr', 'a']);
const TYPES: AttachmentType[] = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
/** File names as hostile senders make them: pieces of text, path separators, quotes, control and direction characters. */
const nameArb = fc
  .array(fc.oneof(fc.constantFrom('\u202e', '\u2066', '\r\n', '\u0000', '\u0085', '"', "'", '<', '>', '/', '\\', '.', ':', '*', '?', '|', '`', ' ', '价目表', '.pdf', '.PDF'), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('notice attachments', () => {
  it('are known by their bytes, not their name or declared type', () => {
    expect(sniffAttachmentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachmentType(new TextEncoder().encode('<html><script>'))).toBeNull();
    expect(sniffAttachmentType(new TextEncoder().encode('%PD'))).toBeNull();
    expect(sniffAttachmentType(new Uint8Array([0x4d, 0x5a]))).toBeNull();
  });

  it('are offered under a clean name: no folders, quotes, angle brackets, control or direction characters; the checked type’s extension; bounded length', () => {
    expect(cleanFileName('C:\\Users\\王\\价目表.PDF', 'application/pdf')).toBe('价目表.pdf');
    expect(cleanFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(cleanFileName('report\u202Efdp.exe', 'application/pdf')).toBe('reportfdp.exe.pdf');
    expect(cleanFileName('', 'image/jpeg')).toBe('附件.jpg');
    expect(cleanFileName('...', 'image/jpeg')).toBe('附件.jpg');
    fc.assert(
      fc.property(nameArb, fc.constantFrom(...TYPES), (name, type) => {
        const out = cleanFileName(name, type);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001f\u007f"'<>\\/:*?|`\u202a-\u202e\u2066-\u2069]/);
        expect(out.endsWith(`.${ATTACHMENT_EXTENSION[type]}`)).toBe(true);
        expect(Array.from(out).length).toBeLessThanOrEqual(80 + 1 + ATTACHMENT_EXTENSION[type].length);
        expect(out.startsWith('.')).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('notice audience', () => {
  const shop = { stationId: 1, managerId: 7, businessType: 'grocery', grade: 12 };
  it('everything empty is everyone; each part narrows', () => {
    expect(isEveryone(EVERYONE)).toBe(true);
    expect(shopInAudience(EVERYONE, shop)).toBe(true);
    expect(shopInAudience({ ...EVERYONE, stationIds: [2] }, shop)).toBe(false);
    expect(shopInAudience({ ...EVERYONE, managerIds: [7, 8] }, shop)).toBe(true);
    expect(shopInAudience({ ...EVERYONE, businessTypes: ['convenience'] }, shop)).toBe(false);
    expect(shopInAudience({ ...EVERYONE, gradeFrom: 12, gradeTo: 12 }, shop)).toBe(true);
    expect(shopInAudience({ ...EVERYONE, gradeFrom: 13 }, shop)).toBe(false);
  });
  it('adding a filter never widens the audience (property)', () => {
    const audience = fc.record({
      stationIds: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
      managerIds: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
      businessTypes: fc.array(fc.constantFrom('grocery', 'convenience'), { maxLength: 2 }),
      gradeFrom: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
      gradeTo: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    });
    const shopArb = fc.record({ stationId: fc.integer({ min: 1, max: 3 }), managerId: fc.integer({ min: 1, max: 5 }), businessType: fc.constantFrom('grocery', 'convenience'), grade: fc.integer({ min: 1, max: 30 }) });
    fc.assert(
      fc.property(audience, shopArb, fc.integer({ min: 1, max: 30 }), (a, s, from) => {
        const narrower = { ...a, gradeFrom: Math.max(a.gradeFrom ?? 1, from) };
        if (shopInAudience(narrower, s)) expect(shopInAudience(a, s)).toBe(true);
        expect(parseAudience(JSON.stringify(a))).toEqual(a);
      }),
    );
  });
  it('reads a malformed stored audience as its empty parts', () => {
    expect(parseAudience('not json')).toEqual(EVERYONE);
    expect(parseAudience('{"stationIds":["1",2],"gradeFrom":"x"}')).toEqual({ ...EVERYONE, stationIds: [2] });
  });
});

describe('an important notice on home', () => {
  const NOW = new Date('2026-12-07T02:00:00.000Z');
  const quiet: HomeFacts = {
    ordering: null,
    order: null,
    issues: [],
    nextSuggestionAt: null,
    deliveries: [],
    allocations: [],
    lastCountDay: '2026-12-06',
    carriesStock: true,
    salesMissingDay: null,
    surveyPending: false,
    noticesToAcknowledge: [],
    unreadAnswers: 0,
  };
  it('is a to-do per notice, soon, after a deadline that is near and before the later chores', () => {
    const todos = homeTodos(
      {
        ...quiet,
        surveyPending: true,
        salesMissingDay: '2026-12-06',
        ordering: { cycleCode: '2026-W50', cutoffAt: '2026-12-07T09:00:00.000Z' },
        noticesToAcknowledge: [
          { noticeId: 12, title: '调价', publishedAt: '2026-12-06T01:00:00.000Z' },
          { noticeId: 3, title: '春节', publishedAt: '2026-12-01T01:00:00.000Z' },
        ],
      },
      NOW,
      '2026-12-07',
    );
    expect(todos.map((t) => ('noticeId' in t ? `${t.kind}:${t.noticeId}` : t.kind))).toEqual([
      'order_not_submitted',
      'notice_to_acknowledge:3',
      'notice_to_acknowledge:12',
      'sales_not_uploaded',
      'survey',
    ]);
    expect(todos.find((t) => t.kind === 'notice_to_acknowledge')!.urgency).toBe('soon');
  });
});

describe('notice text', () => {
  it('keeps the simple formatting', () => {
    expect(noticeHtml('**重要** *下周*\n\n- 一\n- 二\n\n[说明](https://example.cn/a)')).toBe(
      '<p><strong>重要</strong> <em>下周</em></p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<p><a href="https://example.cn/a" rel="noopener noreferrer nofollow" target="_blank">说明</a></p>\n',
    );
    expect(noticeExcerpt('# 标题\n\n**加粗** <b>x</b> & 其他')).toBe('标题 加粗 <b>x</b> & 其他');
  });

  it('whatever is typed, the HTML holds only allowed tags, no attribute but a link’s http(s)/mailto/tel href (property)', () => {
    const pieces = fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '[y](https://a.cn)', '**b**', '<a href="javascript:1">z</a>', '![i](http://e/x.png)', '\n\n', '- ', '<svg onload=1>', '"', "'", '&', '`code`', '<!-- c -->', '<style>*{}</style>', '[m](mailto:a@b.cn)');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 10 })), { maxLength: 12 }), (parts) => {
        const html = noticeHtml(parts.join(''));
        expect(html.replace(/<\/?[a-zA-Z0-9]+[^>]*>/g, '')).not.toContain('<');
        for (const [, tag, attrs] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
          expect(ALLOWED.has(tag!)).toBe(true);
          for (const [, name, value] of attrs!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
            expect(['href', 'rel', 'target']).toContain(name);
            if (name === 'href') expect(value).toMatch(/^(https?:|mailto:|tel:)/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('chasing a notice', () => {
  const NOW = new Date('2026-12-07T02:00:00.000Z');
  const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
  const interval = NOTICE_CHASE_INTERVAL_HOURS * 60;

  it('reminds the shops never reminded or reminded at least the interval ago; counts the others apart, with when they may be again', () => {
    const plan = chasePlan(
      [
        { id: 1, reachable: true, chasedAt: null },
        { id: 2, reachable: true, chasedAt: ago(interval) },
        { id: 3, reachable: true, chasedAt: ago(interval - 30) },
        { id: 4, reachable: true, chasedAt: ago(10) },
        { id: 5, reachable: false, chasedAt: null },
      ],
      NOW,
    );
    expect(plan).toEqual({ due: [1, 2], recent: 2, nextAt: new Date(NOW.getTime() + 30 * 60_000).toISOString(), unreachable: 1 });
    expect(chasePlan([], NOW)).toEqual({ due: [], recent: 0, nextAt: null, unreachable: 0 });
  });

  it('a reminder carries the whole title, and one cut for an SMS template', () => {
    expect(noticeReminderParams(7, '盘点通知')).toEqual({ noticeId: 7, title: '盘点通知', shortTitle: '盘点通知' });
    const long = noticeReminderParams(7, '关于春节期间暂停配送及提前订货的通知');
    expect(long.title).toBe('关于春节期间暂停配送及提前订货的通知');
    expect(Array.from(long.shortTitle)).toHaveLength(SMS_TITLE_MAX_CHARS);
    expect(long.shortTitle).toBe('关于春节期间暂停配送及…');
  });
});
