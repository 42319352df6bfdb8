// The run sheet on the console: the facilitator's plan of rounds (kind, prompt, minutes and
// a private note), with what is done, now and next. Starting the next round is one click;
// items not started yet can be added, edited, skipped, moved (up/down buttons) or removed.
// The run sheet (and its notes) is the console's alone: the server sends it to no other page.
import { el, fill } from "/static/js/live.js";

export function runSheet(node, ctx, { roundPanel, onChange }) {
  const { t } = ctx;
  let sheet = { items: [], next: null, kinds: [], templates: [], saved: [] };
  let current = null; // the live round: { id, status }
  let editing = null; // the id of the item whose form is open
  let lastKey = "";
  let ended = false;

  const kindName = (kind) => t[`kind_${kind}`] || t[kind] || kind;
  const promptOf = (item) => item.prompt || (sheet.defaults || {})[item.kind] || t.runsheet_default_prompt;
  const act = async (event, payload = {}) => {
    const ack = await ctx.send(event, payload);
    if (!ack.ok) ctx.notify(ack.message);
    return ack;
  };

  // Each item's place: done, now, next, planned or skipped. The server says it at each
  // change of the sheet; the live round's own changes (closed) are seen here.
  function stageOf(item) {
    if (item.round) return current && item.round === current.id && current.status !== "closed" ? "now" : "done";
    if (item.skipped) return "skipped";
    return item.id === sheet.next ? "next" : "planned";
  }

  function kindSelect(id, value, disabled) {
    const select = el("select", { id });
    for (const kind of sheet.kinds) {
      const option = el("option", { value: kind, text: kindName(kind) });
      if (kind === value) option.selected = true;
      select.append(option);
    }
    if (disabled) select.disabled = true;
    return select;
  }

  // The fields of an item: kind, prompt, minutes, note (a started item: minutes and note).
  function itemForm(prefix, item, { submit, onSubmit, onCancel }) {
    const started = Boolean(item && item.round);
    const kind = kindSelect(`${prefix}-kind`, item ? item.kind : "checkin", started);
    const prompt = el("input", { id: `${prefix}-prompt`, maxlength: "500", value: item ? item.prompt : "" });
    if (started) prompt.disabled = true;
    const minutes = el("input", { id: `${prefix}-minutes`, type: "number", min: "0", max: "240", inputmode: "numeric", value: String(item ? item.minutes : 10) });
    const note = el("textarea", { id: `${prefix}-note`, rows: "2", maxlength: "2000", "aria-describedby": `${prefix}-note-hint` });
    note.value = item ? item.note : "";
    const save = el("button", { type: "submit", text: submit });
    const form = el("form", { class: "runsheet-form", id: `${prefix}-form` },
      el("div", { class: "runsheet-fields" },
        el("div", {}, el("label", { for: `${prefix}-kind`, text: t.runsheet_kind }), kind),
        el("div", {}, el("label", { for: `${prefix}-minutes`, text: t.runsheet_minutes }), minutes)),
      el("label", { for: `${prefix}-prompt`, text: t.runsheet_prompt }), prompt,
      el("label", { for: `${prefix}-note`, text: t.runsheet_note }),
      el("p", { class: "hint", id: `${prefix}-note-hint`, text: t.runsheet_note_hint }), note,
      el("div", { class: "tool-row" }, save, onCancel ? cancelButton(onCancel) : null));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const payload = { minutes: Number(minutes.value || 0), note: note.value };
      if (!started) Object.assign(payload, { kind: kind.value, prompt: prompt.value });
      save.disabled = true;
      const ack = await onSubmit(payload);
      save.disabled = false;
      if (ack.ok && !item) { prompt.value = ""; note.value = ""; }
    });
    return form;
  }

  function cancelButton(onCancel) {
    const cancel = el("button", { type: "button", class: "link", text: t.runsheet_cancel });
    cancel.addEventListener("click", onCancel);
    return cancel;
  }

  // Each button has an id of its own, so the keyboard's focus stays on it over a redraw
  // (moving an item up keeps the focus on its "up" button).
  function small(text, label, onClick, { disabled = false, cls = "small", id } = {}) {
    const button = el("button", { type: "button", class: cls, "aria-label": label, title: label, text, ...(id ? { id } : {}) });
    if (disabled) button.disabled = true;
    button.addEventListener("click", onClick);
    return button;
  }

  function itemRow(item, index, items) {
    const stage = stageOf(item);
    const label = `${kindName(item.kind)}: ${promptOf(item)}`;
    const li = el("li", { class: `runsheet-item stage-${stage}`, id: `runsheet-item-${item.id}` });
    const minutes = item.minutes ? ` · ${fill(t.runsheet_min, { n: item.minutes })}` : "";
    li.append(el("div", { class: "runsheet-line" },
      el("span", { class: `badge badge-${stage}`, text: t[`runsheet_${stage}`] }),
      el("strong", { class: "runsheet-kind", text: kindName(item.kind) }),
      el("span", { class: "muted", text: minutes })));
    // What is done takes one line, so what is now and next stays high on the screen.
    const compact = stage === "done" && editing !== item.id;
    if (!compact) {
      li.append(el("p", { class: "runsheet-prompt", text: promptOf(item) }));
      if (item.note) li.append(el("p", { class: "runsheet-note", text: item.note }));
    }
    if (editing === item.id) {
      li.append(itemForm(`edit-${index}`, item, {
        submit: t.runsheet_save,
        onSubmit: async (payload) => {
          const ack = await act("runsheet:edit", { item: item.id, ...payload });
          if (ack.ok) { editing = null; draw(true); }
          return ack;
        },
        onCancel: () => { editing = null; draw(true); },
      }));
      return li;
    }
    const started = Boolean(item.round);
    const movable = (other) => other && !other.round;
    const tools = el("div", { class: "runsheet-tools" });
    if (!started) {
      tools.append(
        small("↑", fill(t.runsheet_up, { item: label }), () => act("runsheet:move", { item: item.id, direction: "up" }), { disabled: !movable(items[index - 1]), id: `up-${item.id}` }),
        small("↓", fill(t.runsheet_down, { item: label }), () => act("runsheet:move", { item: item.id, direction: "down" }), { disabled: !movable(items[index + 1]), id: `down-${item.id}` }),
        small(item.skipped ? t.runsheet_unskip : t.runsheet_skip, `${item.skipped ? t.runsheet_unskip : t.runsheet_skip}: ${label}`,
          () => act("runsheet:skip", { item: item.id, skipped: !item.skipped }), { id: `skip-${item.id}` }));
    }
    tools.append(small(t.runsheet_edit, `${t.runsheet_edit}: ${label}`, () => {
      editing = item.id;
      draw(true);
      const first = document.getElementById(`edit-${index}-${started ? "minutes" : "kind"}`);
      if (first) first.focus();
    }, { id: `edit-${item.id}` }));
    if (compact) {
      li.querySelector(".runsheet-line").append(tools);
      return li;
    }
    if (!started) {
      tools.append(small(t.runsheet_remove, `${t.runsheet_remove}: ${label}`, () => act("runsheet:remove", { item: item.id }), { cls: "small link" }));
    }
    li.append(tools);
    return li;
  }

  // The next round, with the one button that starts it.
  function nextBox(items) {
    const next = items.find((item) => item.id === sheet.next);
    if (ended) return el("div", { class: "runsheet-next empty" }, el("p", { class: "hint", text: t.ended }));
    if (!next) {
      return el("div", { class: "runsheet-next empty" },
        el("p", { class: "hint", text: items.length ? t.runsheet_all_done : t.runsheet_empty }));
    }
    const start = el("button", { type: "button", id: "start-next", class: "start-next", "data-next-step": "", text: fill(t.runsheet_start, { kind: kindName(next.kind) }) });
    start.addEventListener("click", async () => {
      start.disabled = true;
      const ack = await act("runsheet:start", { item: next.id });
      if (!ack.ok) start.disabled = false;
    });
    return el("div", { class: "runsheet-next" },
      el("p", { class: "eyebrow", text: t.runsheet_next }),
      el("p", { class: "runsheet-next-title" }, el("strong", { text: kindName(next.kind) }),
        next.minutes ? ` · ${fill(t.runsheet_min, { n: next.minutes })}` : ""),
      el("p", { class: "runsheet-prompt", text: promptOf(next) }),
      next.note ? el("p", { class: "runsheet-note", text: next.note }) : null,
      start);
  }

  function templates(items) {
    const select = el("select", { id: "runsheet-template" });
    for (const name of sheet.templates) select.append(el("option", { value: name, text: t[`template_${name}`] || name }));
    for (const saved of sheet.saved) select.append(el("option", { value: `saved:${saved.id}`, text: `${saved.name} (${t.runsheet_saved_mark})` }));
    // With nothing planned yet, laying out the plan is the next step.
    const use = el("button", { type: "button", id: "use-template", text: t.runsheet_use_template, ...(items.length ? {} : { "data-next-step": "" }) });
    use.addEventListener("click", async () => {
      use.disabled = true;
      await act("runsheet:template", { template: select.value });
      use.disabled = false;
    });
    const forget = el("button", { type: "button", class: "link", id: "forget-template", text: t.runsheet_forget_template });
    const showForget = () => { forget.hidden = !select.value.startsWith("saved:"); };
    select.addEventListener("change", showForget);
    showForget();
    forget.addEventListener("click", () => act("runsheet:forget", { template: select.value.slice("saved:".length) }));
    const name = el("input", { id: "template-name", maxlength: "80" });
    const save = el("button", { type: "button", id: "save-template", text: t.runsheet_save_template });
    save.disabled = !items.length;
    save.addEventListener("click", async () => {
      const ack = await act("runsheet:save", { name: name.value });
      if (ack.ok) name.value = "";
    });
    const details = el("details", { class: "runsheet-templates", id: "runsheet-templates" },
      el("summary", { text: t.runsheet_templates }),
      el("label", { for: "runsheet-template", text: t.runsheet_template }),
      el("div", { class: "tool-row" }, select, use, forget),
      el("label", { for: "template-name", text: t.runsheet_template_name }),
      el("div", { class: "tool-row" }, name, save));
    if (!items.length) details.open = true;
    return details;
  }

  function addBox() {
    return el("details", { class: "runsheet-add", id: "runsheet-add" },
      el("summary", { text: t.runsheet_add }),
      itemForm("add", null, { submit: t.runsheet_add_button, onSubmit: (payload) => act("runsheet:add", payload) }));
  }

  // Open folds stay open over a redraw.
  function keepOpen(draw) {
    const open = [...node.querySelectorAll("details[open]")].map((d) => d.id);
    const focused = document.activeElement && node.contains(document.activeElement) ? document.activeElement.id : null;
    draw();
    for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus({ preventScroll: true });
  }

  function draw(force = false) {
    const items = sheet.items || [];
    const key = JSON.stringify([sheet, current, editing, ended]);
    if (!force && key === lastKey) { syncPrimary(); return; }
    lastKey = key;
    keepOpen(() => {
      node.replaceChildren(
        nextBox(items),
        items.length ? el("ol", { class: "runsheet-items", id: "runsheet-items" }, ...items.map(itemRow)) : "",
        addBox(), templates(items));
    });
    syncPrimary();
  }

  // The primary button is the method's next step: the live round's own step while it has
  // one; once the round has nothing more to do, starting the next round.
  function syncPrimary() {
    const live = roundPanel.querySelector("button.primary:not([disabled])");
    for (const button of node.querySelectorAll("[data-next-step]")) button.classList.toggle("primary", !live);
  }
  new MutationObserver(syncPrimary).observe(roundPanel, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "disabled"] });

  return {
    show(next) {
      const wasEmpty = !(sheet.items || []).length;
      sheet = next || sheet;
      draw();
      if (onChange) onChange(sheet, wasEmpty);
    },
    ended(value) {
      ended = value;
      draw();
    },
    round(round) {
      current = round ? { id: round.id, status: round.status } : null;
      draw();
    },
  };
}
