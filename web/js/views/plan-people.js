// plan-people.js - choosing organisations and staff members in the plan
// editor: every organisation of the tenant (GET /organisations), and the
// current members of one (GET /memberships?organisation_id=) with their
// names (GET /staff, all active staff, page by page). Loaded only when a form
// that needs them opens, and kept for the page's life.
import { h, replace } from '../dom.js';
import { today, fullName, pages } from '../util.js';
import { field, e } from './plan-form.js';

const cache = new Map();

function all(path) {
  if (!cache.has(path)) {
    cache.set(path, pages(path));
    cache.get(path).catch(() => cache.delete(path));
  }
  return cache.get(path);
}

const organisations = () => all('/api/v1/organisations');

// The current members of an organisation: [[staff_id, name], ...] by name.
async function membersOf(orgId) {
  const now = today();
  const [ms, staff] = await Promise.all([all(`/api/v1/memberships?organisation_id=${orgId}`), all('/api/v1/staff?active=true')]);
  const byId = new Map(staff.map((s) => [s.id, s]));
  const ids = [...new Set(ms.filter((m) => (!m.valid_to || m.valid_to >= now) && (!m.valid_from || m.valid_from <= now)).map((m) => m.staff_id))];
  return ids.filter((id) => byId.has(id)).map((id) => [id, fullName(byId.get(id))]).sort((a, b) => a[1].localeCompare(b[1]));
}

// An organisation select and a staff select that lists the chosen
// organisation's members. names: { org, staff } (form member names; org null:
// the organisation is only a filter).
export function staffPicker({ org = 'organisation_id', staff = 'staff_id', orgLabel, staffLabel, staffRequired = false, staffEmpty = e('choose') }) {
  const o = orgSelect(org || 'pick_org', orgLabel, null, { empty: e('choose'), int: !!org });
  const s = field(staff, staffLabel, 'select', { empty: staffEmpty, int: true, required: staffRequired });
  if (!org) o.input.removeAttribute('name');
  const status = h('p', { class: 'hint', role: 'status' });
  o.input.addEventListener('change', async () => {
    replace(s.input, h('option', { value: '' }, staffEmpty));
    if (!o.input.value) return;
    replace(status, e('loading_staff'));
    try {
      const members = await membersOf(o.input.value);
      s.input.append(...members.map(([id, n]) => h('option', { value: String(id) }, n)));
      replace(status, members.length ? '' : e('no_staff'));
    } catch {
      replace(status, e('no_staff'));
    }
  });
  return h('div', { class: 'picker' }, o, s, status);
}

// A select of every organisation (for responsible and deciding
// organisations, and the picker's).
export function orgSelect(name, label, current, opts = { empty: e('none'), int: true }) {
  const f = field(name, label, 'select', opts);
  organisations().then((orgs) => {
    f.input.append(...orgs.map((x) => h('option', { value: String(x.id), selected: x.id === current }, x.name)));
  }, () => {});
  return f;
}
