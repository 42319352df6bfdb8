// The round kinds this app knows. Each module exports `opener(ctx)` (console form to open
// a round of that kind), and `console`, `projector`, `phone` renderers: (node, round, ctx).
import * as checkin from "/static/js/kinds/checkin.js";
import * as poll from "/static/js/kinds/poll.js";
import * as topics from "/static/js/kinds/topics.js";
import * as weather from "/static/js/kinds/weather.js";

// The check-out is the check-in's module under its own kind (its own words and prompt).
export const KINDS = { checkin, weather, topics, poll, checkout: checkin.forKind("checkout") };
