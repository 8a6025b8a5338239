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

// Show a block only while a radio group has a given value (e.g. a need's other place).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-shown-by]").forEach((block) => {
    const radios = document.querySelectorAll(`input[name="${block.dataset.shownBy}"]`);
    const sync = () => {
      const chosen = [...radios].find((radio) => radio.checked);
      block.hidden = !chosen || chosen.value !== block.dataset.shownValue;
    };
    radios.forEach((radio) => radio.addEventListener("change", sync));
    sync();
  });
});
