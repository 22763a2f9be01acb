/**
 * A notice's text as HTML (issue 19): written as a small Markdown subset (paragraphs, line breaks, **bold**,
 * *italic*, lists, quotes, headings, links), rendered with `marked`, then sanitized with `sanitize-html` on the
 * server (decision 0028). Raw HTML in the text is shown as text, never passed on; what survives the sanitizer is an
 * allow-list of tags with no attributes but a link's href (http, https, mailto, tel), so nothing in a notice can run
 * script, load an image or style the page. The page renders the result with dangerouslySetInnerHTML, and the
 * site's CSP (no inline script) stands behind it.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // HTML typed into a notice is text (a shop owner typing "<5 条" must see it), never markup.
    html({ text }) {
      return escapeHtml(text);
    },
    // No pictures from elsewhere in a notice (tracking, hot-linking): an image reads as its description.
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'pre', 'hr', 'a'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

/** The notice's text as safe HTML. */
export function noticeHtml(body: string): string {
  const rendered = marked.parse(body) as string;
  return sanitizeHtml(rendered, SANITIZE);
}

/** The notice's text as one plain line (for lists), at most `max` characters. */
export function noticeExcerpt(body: string, max = 80): string {
  const text = sanitizeHtml(marked.parse(body) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
