/**
 * Page chrome out, text in: what a web page, an export or a PDF extraction put around a report is dropped before the
 * text is cut into paragraphs — HTML markup, comments and entities, literal export escapes (`<U+00A0>`), navigation
 * and breadcrumbs, font-size switches, share and print links, portal and posting lines, editor lines, watermarks and
 * bare page numbers. Every rule is a general pattern of such furniture, and a line is dropped only when furniture is
 * all it holds, so the report's own sentences stay.
 */
import { decodeHTML } from 'entities';

/** `<U+00A0>`, `<U+200D>`: code points an export wrote out as text. */
const EXPORT_ESCAPE = /<U\+([0-9A-Fa-f]{4,6})>/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** Tags that end a line of text when a page is flattened. */
const BLOCK_TAG = /<\/?(?:p|div|br|h[1-6]|li|tr|table|section|article|blockquote|center|ul|ol|dd|dt|title)\b[^<>]{0,500}>/gi;
/** Any other tag of HTML: dropped, its text kept. */
const INLINE_TAG = /<\/?(?:span|font|a|b|strong|em|i|u|img|td|th|tbody|thead|sup|sub|small|big|label|html|head|body|meta|link|o:p|st1:[a-z]+)\b[^<>]{0,500}>/gi;
const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi;
/** An HTML entity, named or numeric. */
const ENTITY = /&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
/** Markdown images and links: an image goes, a link keeps its text (`[网址](/web/…)` → `网址`). */
const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\([^)\s]{0,2000}\)/g;
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\((?:https?:\/\/|\/|#)[^)\s]{0,2000}\)/g;
/** A link to where the text was copied from, at the start of a line: `原文链接：https://…html`. */
const SOURCE_LINK = /^[ \t\u3000]*(?:原文链接|原文地址|来源链接|原文网址|链接)\s*[:：]\s*https?:\/\/[\x21-\x7e]+/gm;

/**
 * Lines of furniture, as a whole line (trimmed) must match them. Bounded lengths keep a sentence that merely
 * mentions such a word from matching.
 */
const FURNITURE_LINE: RegExp[] = [
  // Breadcrumbs: `当前位置： 首页>> 中国概况`, `首页 > 政务公开 > 政府工作报告`.
  /^(?:当前位置|您现在的位置|您的位置|所在位置|现在位置)\s*[:：].{0,80}$/,
  /^首页\s*(?:>|＞|»|›|→|\/)\s*.{0,80}$/,
  // Editor, source, author, click-count and posting lines: `（责任编辑： 郭桢`, `来源：人民网`, `发布时间：2019-03-05`.
  /^[（(【[]?\s*(?:责任编辑|编辑|责编|审核|审校|校对|来源|稿源|信息来源|作者|发布时间|发布日期|发布机构|点击数|浏览次数|阅读次数|访问量)\s*[:：].{0,50}$/,
  // A portal's masthead: a site address with a date or a source, e.g. `中央政府门户网站 www.gov.cn 2006年02月23日 14时43分 来源：人民网`.
  /^.{0,30}(?:www\.[\w-]+(?:\.[\w-]+)+|门户网站).{0,80}(?:\d{1,2}[时:]\d{2}|来源|\d{4}[-./年]\d{1,2}[-./月]\d{1,2}).{0,40}$/,
  // Share, print, mail and close links, alone or in a row.
  /^(?:[【[(（]?\s*(?:E-?mail推荐|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回|分享到|推荐给朋友|收藏本页|收藏|纠错|[大中小])\s*[】\])）]?\s*[|｜/]?\s*)+$/i,
  // Font-size switches: `【字体：大 中 小】`, with whatever links share the line.
  /^.{0,20}字体\s*[:：]?\s*[【[]?\s*大\s*中\s*小\s*[】\]]?.{0,40}$/,
  // A newspaper page header (`云南日报 / 2001年 / 02月 / 20日 / 第 A01版 /`) and a library's classification line.
  /^[\p{Script=Han}]{2,12}报\s*\/\s*[\d\s]{4,9}年.{0,40}版?\s*\/?$/u,
  /^(?:分类号|索书号|中图分类号)\s*[:：].{0,20}$/,
  // Watermarks of databases and scanners.
  /^.{0,40}(?:中国知网|CNKI|cnki\.net|万方数据|维普资讯|超星|知网节|Academic Journal Electronic Publishing House|All rights reserved).{0,40}$/i,
  // A printed page number alone: ` 375 `, `- 3 -`, `第 12 页`, `·12·` (not a year: `2025` alone may be a table's).
  /^[-—－·•]?\s*(?:第\s*)?(?!(?:19|20)\d\d(?!\d))\d{1,4}\s*(?:页)?\s*[-—－·•]?$/,
];

/** True when a trimmed line is page furniture and nothing else. */
export function isFurniture(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > 140) return false;
  return FURNITURE_LINE.some((re) => re.test(t));
}

/** True when the text carries HTML markup (tags of HTML or comments), not a stray `<` in a sentence. */
function looksLikeHtml(text: string): boolean {
  HTML_COMMENT.lastIndex = 0;
  BLOCK_TAG.lastIndex = 0;
  return HTML_COMMENT.test(text) || (text.match(BLOCK_TAG)?.length ?? 0) >= 2;
}

/**
 * The text of a report without its page chrome; lines that were furniture become blank lines, so a sentence a page
 * break cut is joined again as at any page break.
 *
 * @returns the text and how many lines of furniture were dropped
 * @example
 * dropChrome('当前位置： 首页>> 中国概况\n【字体：大 中 小】\n一、总体要求\n 12 \n').text //=> '\n\n一、总体要求\n\n'
 */
export function dropChrome(text: string): { text: string; dropped: number } {
  let t = text.includes('<U+') ? text.replace(EXPORT_ESCAPE, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))) : text;
  if (t.includes('<') && looksLikeHtml(t)) {
    t = t.replace(HTML_COMMENT, '\n').replace(SCRIPT_OR_STYLE, '\n').replace(BLOCK_TAG, '\n').replace(INLINE_TAG, '');
  }
  if (t.includes('&') && ENTITY.test(t)) t = decodeHTML(t);
  if (t.includes('://')) t = t.replace(SOURCE_LINK, '');
  if (t.includes('](')) t = t.replace(MARKDOWN_IMAGE, '').replace(MARKDOWN_LINK, '$1');
  let dropped = 0;
  const lines = t.split('\n').map((line) => {
    if (!isFurniture(line)) return line;
    dropped++;
    return '';
  });
  return { text: lines.join('\n'), dropped };
}
