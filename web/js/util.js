// util.js - small helpers the views share: dates as the API writes them,
// names, and the API's paged lists.
import { api } from './api.js';

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
