// early.js - the reads every page load waits for, started before the rest of
// the application has loaded: who is logged in, and the plan when the page
// opens at a plan's address. index.html loads this module first and async (it
// imports nothing), so the requests travel while the other modules load and
// the page is parsed; api.js hands each answer to the first GET of its path.
const get = (path) => fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
const plan = location.pathname.match(/^\/app\/plans\/([1-9][0-9]{0,17})\/?$/);

export const started = new Map([['/api/v1/me', get('/api/v1/me')]]);
if (plan) started.set(`/api/v1/plans/${plan[1]}`, get(`/api/v1/plans/${plan[1]}`));
for (const answer of started.values()) answer.catch(() => {});
