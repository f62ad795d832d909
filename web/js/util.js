// util.js - small helpers the views share: dates as the API writes them,
// names, and the API's paged lists.
import { api, errorText } from './api.js';
import { t } from './i18n.js';
import { h, replace } from './dom.js';

// Today (plus `years`) as 2027-05-08.
export function today(years = 0) {
  const d = new Date();
  d.setFullYear(d.getFullYear() + years);
  return d.toISOString().slice(0, 10);
}

// The parts that are there, joined: joined('Kari Nordmann', null, 'NAV') is
// "Kari Nordmann, NAV".
export const joined = (...parts) => parts.filter(Boolean).join(', ');

export const fullName = (p) => [p.given_name, p.family_name].filter(Boolean).join(' ');

// A staff member's or an organisation's name (the answers carry them), or
// neutral words ("en ansatt", "en virksomhet") when there is none, never the id.
export const staffLabel = (name, id) => (id ? name || t('plan.staff_number') : null);
export const orgLabel = (name, id) => (id ? name || t('role.organisation_number') : null);

// Every item of a list the API answers page by page (limit, after -> next).
export async function pages(path) {
  const items = [];
  let after = null;
  do {
    const page = await api('GET', `${path}${path.includes('?') ? '&' : '?'}limit=500${after ? `&after=${after}` : ''}`);
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

// GET, answering null for what the reader may not see (404, 403).
export async function found(path) {
  try {
    return await api('GET', path);
  } catch (err) {
    if (err.status === 404 || err.status === 403) return null;
    throw err;
  }
}

// A list read page by page (`path` has the limit): `items(page.items)` makes
// its <li>s, the words of `countKey` ({count}) or `noneKey` say how many are
// shown, and a button fetches more while there are more; the focus moves to
// the first new item, so keyboard users go on from there. Answers the nodes
// and start() (a 401 ends the session, other errors are said in words).
export function pager(ctx, path, cls, countKey, noneKey, moreLabel, items) {
  const list = h('ul', { class: cls, hidden: true });
  const count = h('p', { class: 'count', role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, moreLabel);
  let after = null;
  const load = async () => {
    const page = await api('GET', `${path}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    const lis = await items(page.items);
    if (!ctx.current()) return null;
    list.append(...lis);
    after = page.next;
    more.hidden = !after;
    const n = list.children.length;
    // countKey / noneKey: a key, or a function of (total, shown) for a list
    // that answers its real total (a search)
    const said = (k, total) => (typeof k === 'function' ? k(total, n) : t(k, { count: n }));
    replace(count, n ? said(countKey, page.total ?? n) : said(noneKey, 0));
    list.hidden = !n;
    return lis[0];
  };
  const failed = (err) => {
    if (err.status === 401) throw err;
    replace(count, errorText(err));
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const first = await load();
      if (first) first.querySelector('a').focus();
    } catch (err) {
      if (err.status === 401) return ctx.sessionEnded(err);
      failed(err);
    } finally {
      more.disabled = false;
    }
  });
  return { nodes: [count, list, more], start: () => load().catch(failed) };
}
