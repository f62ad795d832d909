// early.js - the reads every page load waits for, started before the rest of
// the application has loaded: who is logged in, and the plan when the page
// opens at a plan's address. The server names both in the page's Link header
// (rel=preload, src/http/static.c static_preload), so the browser asks for
// them as soon as the page's answer arrives; these fetches are made exactly as
// the preloads are (no headers of their own, credentials same-origin) so that
// they take the preloaded answers instead of asking again. index.html loads
// this module first and async (it imports nothing); api.js hands each answer
// to the first GET of its path.
const get = (path) => fetch(path, { credentials: 'same-origin' });
const plan = location.pathname.match(/^\/app\/plans\/([1-9][0-9]{0,17})\/?$/);

export const started = new Map([['/api/v1/me', get('/api/v1/me')]]);
if (plan) started.set(`/api/v1/plans/${plan[1]}`, get(`/api/v1/plans/${plan[1]}`));
for (const answer of started.values()) answer.catch(() => {});
