// names.js - names for the ids the API answers without a name (the plan
// history's: old entries name people and units the plan no longer mentions),
// looked up once per page load.
//
// A reader who may not see a staff member or an organisation (a citizen, an
// external partner) gets null, and the page shows a plain fallback. Each
// look-up is a request of its own (and an audit entry); the plan and the lists
// of plans carry their names instead (docs/ARCHITECTURE.md).
import { api } from './api.js';
import { fullName } from './util.js';

const cache = new Map();

function lookup(kind, id, name) {
  if (!id) return Promise.resolve(null);
  const key = `${kind}/${id}`;
  if (!cache.has(key)) {
    cache.set(key, api('GET', `/api/v1/${kind}/${id}`).then(name, (err) => {
      if (err && err.status === 401) throw err;
      return null;
    }));
  }
  return cache.get(key);
}

export const staffName = (id) =>
  lookup('staff', id, (s) => fullName(s) || null);

export const organisationName = (id) => lookup('organisations', id, (o) => o.name || null);

// Looks up every id in `ids` of one kind; answers a Map id -> name (or null).
export async function names(fn, ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map((id) => fn(id)));
  return new Map(unique.map((id, i) => [id, found[i]]));
}

// Forgets what was looked up (at log-out: another user may see less).
export function forgetNames() {
  cache.clear();
}
