// The dashboard's keyboard: ← / → (or k / j) open the previous / next packet of the list the
// clerk came from; on the list, "select all" ticks every row of the page. No framework.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select")) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const rel = { ArrowLeft: "prev", k: "prev", ArrowRight: "next", j: "next" }[event.key];
  if (!rel) return;
  const link = document.querySelector(`a[data-key="${rel}"]`);
  if (link) { event.preventDefault(); window.location.href = link.href; }
});
document.querySelectorAll("[data-select-all]").forEach((box) => {
  box.addEventListener("change", () => {
    box.closest("form").querySelectorAll('input[name="receipt"]').forEach((row) => {
      row.checked = box.checked;
    });
  });
});
