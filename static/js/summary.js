// The printable summary page: a print button (inline handlers are not allowed by our CSP).
document.getElementById("print")?.addEventListener("click", () => window.print());
