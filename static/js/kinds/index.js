// The round kinds this app knows. Each module exports `opener(ctx)` (console form to open
// a round of that kind), and `console`, `projector`, `phone` renderers: (node, round, ctx).
// A kind's module is fetched when a screen first needs it, so a phone that joins during a
// check-in downloads the check-in and nothing of the poll or the agenda.
const LOADERS = {
  checkin: () => import("/static/js/kinds/checkin.js"),
  weather: () => import("/static/js/kinds/weather.js"),
  topics: () => import("/static/js/kinds/topics.js"),
  poll: () => import("/static/js/kinds/poll.js"),
  feet: () => import("/static/js/kinds/feet.js"),
  step5: () => import("/static/js/kinds/step5.js"),
  // The check-out is the check-in's module under its own kind (its own words and prompt).
  checkout: () => import("/static/js/kinds/checkin.js").then((module) => module.forKind("checkout")),
};

// The kinds loaded so far, by name.
export const KINDS = {};

export function loadKind(name) {
  if (KINDS[name] || !LOADERS[name]) return Promise.resolve(KINDS[name]);
  return LOADERS[name]().then((module) => { KINDS[name] = module; return module; });
}

// Every kind, in the order the console offers them.
export async function loadAll() {
  const modules = await Promise.all(Object.keys(LOADERS).map(loadKind));
  return modules;
}
