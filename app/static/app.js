// Progressive enhancement only: every form works without this file.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Show only the sections of the kinds of help that are ticked.
  const toggles = document.querySelectorAll("[data-kind-toggle]");
  const sync = () => toggles.forEach((box) => {
    const section = document.querySelector(`[data-kind="${box.dataset.kindToggle}"]`);
    if (section) section.hidden = !box.checked;
  });
  toggles.forEach((box) => box.addEventListener("change", sync));
  sync();

  // Move focus to the error summary so screen readers announce it.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
