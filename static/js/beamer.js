// Fitting the beamer: nothing may fall off a projected screen, and the page never scrolls.
//
// The choice, in this order: (1) the round's view is drawn as large as fits, up to MAX_SCALE
// (body text is about 32 px at 1080p at scale 1, relative to the window); (2) if it does not
// fit at 1, its type shrinks, but not below MIN_SCALE (still about 28 px at 1080p: readable
// from the back of the room); (3) if it still does not fit, it pages: the items of its lists
// (contributions, topics, no's, conditions, polarities, bars) and its other blocks are laid
// out page by page, with the round's prompt, step, question and "n of m have answered" on
// every page, and the pages turn by themselves every PAGE_MS with "1/3" in the corner;
// (4) a single block too large for a page on its own (a very long summary) shrinks further,
// down to FLOOR. Scaling and paging only change a CSS variable and classes, so the views the
// round kinds draw stay as they are.
const MAX_SCALE = 1.4; // a short view grows, up to about 45 px body text at 1080p
const MIN_SCALE = 0.87;
const FLOOR = 0.3;
const PAGE_MS = 8000;
const LISTS = ".wall, ol.agenda, ul.agenda, ul.nos, ul.conditions, ul.polarities, ul.bars";
// On every page: what is asked and how many have answered.
const STICKY = ".round-prompt, .step-label, .big-ask, .big-label, .tie, .count-line";
const OFF = "beamer-off";
const LONG = 160; // a prompt longer than this is set at body size (it is on every page)

// The largest scale in [lo, hi] at which `overflows()` is false (or lo), set on `node`.
function fitScale(node, name, overflows, lo, hi) {
  node.style.setProperty(name, String(hi));
  if (!overflows()) return hi;
  for (let i = 0; i < 7; i += 1) {
    const mid = (lo + hi) / 2;
    node.style.setProperty(name, String(mid));
    if (overflows()) hi = mid; else lo = mid;
  }
  node.style.setProperty(name, String(lo));
  return lo;
}

const overflowing = (box) => () => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

// The blocks a view is paged by: the items of a list, else the children of a plain container,
// else the element itself. Containers are hidden when none of their blocks is on the page.
function blocksOf(node, containers) {
  const out = [];
  for (const child of node.children) {
    if (child.matches(LISTS)) {
      containers.push(child);
      out.push(...child.children);
    } else if ((child.tagName === "DIV" || child.tagName === "SECTION") && child.children.length
               && !child.matches(".group-card, .bar-track")) {
      containers.push(child);
      out.push(...blocksOf(child, containers));
    } else {
      out.push(child);
    }
  }
  return out;
}

export function fitter({ box, content, head, headBox, indicator, onFitted }) {
  let pages = [];
  let index = 0;
  let blocks = [];
  let containers = [];
  let scheduled = false;
  const overflows = overflowing(box);

  // The "1/3" sits in the head, which is watched for changes: it is written only when it
  // changes, or writing it would fit the page again, and again.
  const label = (text) => { if (indicator.textContent !== text) indicator.textContent = text; };
  const show = (nodes, on) => nodes.forEach((n) => n.classList.toggle(OFF, !on));
  const settleContainers = () => {
    // Innermost first: a container is shown when any block (or shown container) in it is.
    for (const c of [...containers].reverse()) c.classList.remove(OFF);
    for (const c of [...containers].reverse()) {
      const visible = [...c.children].some((child) => !child.classList.contains(OFF));
      c.classList.toggle(OFF, !visible);
    }
  };

  function showPage(i) {
    const sticky = blocks.filter((b) => b.matches(STICKY));
    show(blocks, false);
    show(sticky, true);
    show(pages[i] || [], true);
    settleContainers();
    content.style.setProperty("--fit", String(MIN_SCALE));
    if (overflows()) fitScale(content, "--fit", overflows, FLOOR, MIN_SCALE);
    label(pages.length > 1 ? `${i + 1}/${pages.length}` : "");
  }

  function paginate() {
    const flowing = blocks.filter((b) => !b.matches(STICKY));
    show(flowing, false);
    settleContainers();
    content.style.setProperty("--fit", String(MIN_SCALE));
    const result = [];
    let current = [];
    for (const block of flowing) {
      block.classList.remove(OFF);
      settleContainers();
      if (overflows() && current.length) {
        block.classList.add(OFF);
        // A heading does not end a page: it goes with what it heads.
        const carried = current.length > 1 && /^H[2-6]$/.test(current[current.length - 1].tagName)
          ? [current.pop()] : [];
        show(current, false);
        result.push(current);
        current = [...carried, block];
        show(current, true);
        settleContainers();
      } else {
        current.push(block);
      }
    }
    if (current.length) result.push(current);
    return result;
  }

  function fitHead() {
    // Before the first round the title and the question have the screen to themselves (a
    // shared question may be 1,000 characters): they shrink to fit it. During a round they
    // are clamped to a line or two by the CSS.
    if (document.body.classList.contains("has-round")) {
      head.style.setProperty("--head-fit", "1");
      return;
    }
    fitScale(head, "--head-fit", overflowing(headBox), 0.25, 1);
  }

  function refit() {
    scheduled = false;
    fitHead();
    containers = [];
    blocks = blocksOf(content, containers);
    // Bars with short labels (yes / no, the weather) keep label, bar and count on one line.
    content.querySelectorAll("ul.bars").forEach((list) => list.classList.toggle("beamer-short",
      [...list.querySelectorAll(".bar-label")].every((label) => label.textContent.length <= 24)));
    blocks.filter((b) => b.matches(STICKY)).forEach((b) => b.classList.toggle("beamer-long", b.textContent.length > LONG));
    show(blocks, true);
    show(containers, true);
    if (content.querySelector(".feet-wall")) {
      // The discussion on feet fits its own bubbles to the wall (kinds/feet.js): never paged,
      // or a bubble would be off the wall while people stand with it.
      content.style.setProperty("--fit", "1");
      pages = [];
      label("");
      document.documentElement.dataset.beamerFit = "done";
      if (onFitted) onFitted(0);
      return;
    }
    fitScale(content, "--fit", overflows, MIN_SCALE, MAX_SCALE);
    if (!overflows()) {
      pages = [];
      label("");
    } else {
      const before = pages.length;
      pages = paginate();
      if (pages.length !== before) index = 0;
      index = Math.min(index, pages.length - 1);
      showPage(index);
    }
    document.documentElement.dataset.beamerFit = "done";
    if (onFitted) onFitted(pages.length);
  }

  function schedule() {
    document.documentElement.dataset.beamerFit = "pending";
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => requestAnimationFrame(refit));
  }

  // The kinds draw into `content`; every change of what is drawn (not of our own classes and
  // variables, which are attributes) fits again.
  new MutationObserver(schedule).observe(content, { childList: true, subtree: true, characterData: true });
  new MutationObserver(schedule).observe(head.firstElementChild, { childList: true, subtree: true, characterData: true });
  new MutationObserver(schedule).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  window.addEventListener("resize", schedule);
  if (document.fonts) document.fonts.ready.then(schedule);
  setInterval(() => {
    if (pages.length < 2) return;
    index = (index + 1) % pages.length;
    showPage(index);
  }, PAGE_MS);
  schedule();
  return { refit: schedule };
}
