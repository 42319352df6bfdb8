// Draws the session's current round on any page, with the renderer of its kind.
import { KINDS, loadKind } from "/static/js/kinds/index.js";
import { countWords } from "/static/js/live.js";

export function roundDrawer(node, role, ctx) {
  let current = null;
  const draw = () => {
    if (!current) { node.replaceChildren(); return; }
    const kind = KINDS[current.kind];
    if (!kind) {
      // The first round of its kind on this screen: its module arrives, then it is drawn.
      loadKind(current.kind).then((loaded) => { if (loaded) draw(); });
      return;
    }
    // A redraw must not take the field someone is typing in away from them: keep its focus
    // and caret (what was typed is kept by the field's draft, see keepDraft in live.js).
    const active = document.activeElement;
    const place = active && active.id && node.contains(active)
      ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
    if (kind && kind[role]) kind[role](node, current, ctx);
    const again = place && document.getElementById(place.id);
    if (again && again !== document.activeElement && node.contains(again)) {
      again.focus({ preventScroll: true });
      if (typeof place.start === "number" && typeof again.setSelectionRange === "function") {
        try { again.setSelectionRange(place.start, place.end); } catch { /* not a text field */ }
      }
    }
  };
  return {
    show(round) {
      // After the reveal the server leaves out contributions that cannot have changed.
      if (round && round.contributions_unchanged) {
        if (current && current.id === round.id && current.contributions) {
          round = { ...round, contributions: current.contributions };
        } else if (ctx.resync) {
          ctx.resync(); // this screen missed them: ask for the whole state again
          return;
        }
      }
      current = round;
      draw();
    },
    counted(counts) {
      if (!current || counts.round !== current.id) return;
      // Counts of another stage than the round's own (a weather report's words) are not its
      // "n of m have answered".
      if (counts.stage && counts.stage !== current.kind) return;
      current = { ...current, counts: { answered: counts.answered, joined: counts.joined, contributions: counts.contributions } };
      // Only the counts change: update them in place, so a half-typed form is not redrawn.
      // The contributions' count is said in words that follow the number ("1 contribution").
      const spots = ["answered", "joined"].map((name) => node.querySelector(`.${name}`));
      const words = node.querySelector(".contributions-words");
      if (spots.every(Boolean) && words) {
        spots[0].textContent = String(counts.answered);
        spots[1].textContent = String(counts.joined);
        words.replaceChildren(...countWords(ctx.t.contributions_n, counts.contributions, "contributions-count"));
      } else {
        draw();
      }
    },
    // A tally while a stage is open. Console and projector draw the round again; a phone
    // changes only its "n of m have answered" in place, so a half-typed no stays as it is.
    tallied(round) {
      if (role !== "phone") { this.show(round); return; }
      if (!current || round.id !== current.id) return;
      current = round.contributions_unchanged ? { ...round, contributions: current.contributions } : round;
      const kind = KINDS[round.kind];
      const count = kind && kind.answered ? kind.answered(round, ctx) : null;
      if (!count) return;
      node.querySelectorAll(".answered").forEach((spot) => { spot.textContent = String(count.answered); });
      node.querySelectorAll(".joined").forEach((spot) => { spot.textContent = String(count.joined); });
    },
    // A step of a discussion on feet (`feet:board`): the round's board, drawn in place.
    board(board) {
      if (!current || board.round !== current.id) return;
      current = { ...current, feet: { ...(current.feet || {}), ...board } };
      draw();
    },
    // An event that adds to what the current round shows (step 5's heat, in batches): its
    // kind merges it in (`merge(round, name, payload)`), and the round is drawn again.
    added(name, payload) {
      if (!current || !payload || payload.round !== current.id) return;
      const kind = KINDS[current.kind];
      if (!kind || !kind.merge) return;
      current = kind.merge(current, name, payload);
      draw();
    },
    get current() { return current; },
  };
}
