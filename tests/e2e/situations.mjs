// situations.mjs - the situations in the demo municipality that the browser
// tests rely on, each found through the API as the user who meets it. The
// tests take their subjects from here, and demo_days.test.mjs builds the demo
// as it would be on other days (today, +40, +400) and checks that each one is
// there, so that no test depends on the date it runs (the demo's dates are
// relative to its day: a consent or a revision date moves with it).
//
// Each finder takes `api` with get(user, path) (the JSON of a 200 answer,
// failing otherwise) and status(user, path), and answers the situation or null.

// Ola's worklist with at least ten plans and something due.
export async function olaWorklist(api) {
  const w = await api.get('koordinator', '/api/v1/worklist');
  return w.plans.length >= 10 && w.due.length > 0 ? w : null;
}

// A person of Ola's plans with next of kin, a GP, an address and a case he
// may see that has a contact person.
export async function olaPerson(api) {
  for (const p of (await api.get('koordinator', '/api/v1/worklist')).plans) {
    const person = await api.get('koordinator', `/api/v1/persons/${p.person_id}`);
    const cases = await api.get('koordinator', `/api/v1/cases?person_id=${p.person_id}`);
    if (person.next_of_kin.length && person.gp_name && person.addresses.length && person.preferred_language && cases.items.some((c) => c.contact_staff_id)) return person;
  }
  return null;
}

// Ola's plans where the NAV caseworker is in the group but no consent lets her
// read (R5: the plan does not exist for her).
export async function navHiddenPlans(api) {
  const nav = (await api.get('nav', '/api/v1/me')).staff_id;
  const hidden = [];
  for (const p of (await api.get('koordinator', '/api/v1/worklist')).plans) {
    const parts = await api.get('koordinator', `/api/v1/plans/${p.id}/participants`);
    if (parts.items.some((x) => x.staff_id === nav) && (await api.status('nav', `/api/v1/plans/${p.id}`)) === 404) hidden.push(p.id);
  }
  return hidden.length ? hidden : null;
}

// An adult entitled to an individual plan who has none (S1 step 1); an adult,
// who consents herself (R19: under 16 the parents consent).
export async function entitledWithoutPlan(api) {
  const adult = `${new Date().getUTCFullYear() - 17}-01-01`;
  for (const p of (await api.get('ke', '/api/v1/persons?entitled_to_plan=true&limit=200')).items) {
    if (!(p.birth_date < adult)) continue;
    if (!(await api.get('ke', `/api/v1/plans?person_id=${p.id}`)).items.length) return p;
  }
  return null;
}

// Kari's plan 1 (story S1): active, with a consent in force, the DPS therapist
// in the group, three measures, one with a named responsible, and a case.
export async function kariPlan(api) {
  const plan = await api.get('koordinator', '/api/v1/plans/1');
  const cases = await api.get('koordinator', `/api/v1/cases?person_id=${plan.person_id}`);
  const ok = plan.status === 'active' && plan.consents.some((c) => c.state === 'active') &&
    plan.participants.some((p) => p.role === 'specialist') && plan.measures.length >= 3 &&
    plan.measures.some((m) => m.responsible_name) && cases.items.length >= 1;
  return ok ? plan : null;
}

// A coordinator with more than 20 open plans (the overview flags the load).
export async function heavyCoordinator(api) {
  const load = {};
  for (let after = ''; ;) {
    const p = await api.get('ke', `/api/v1/plans?limit=500${after}`);
    for (const x of p.items) if (x.status !== 'closed' && x.coordinator_id) load[x.coordinator_id] = (load[x.coordinator_id] || 0) + 1;
    if (!p.next) break;
    after = `&after=${p.next}`;
  }
  return Object.values(load).some((n) => n > 20) ? load : null;
}

export const SITUATIONS = { olaWorklist, olaPerson, navHiddenPlans, entitledWithoutPlan, kariPlan, heavyCoordinator };
