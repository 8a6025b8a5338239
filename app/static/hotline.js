// Hotline entry: while the caller's name, phone or mail is typed, ask the server
// for likely known persons and show them (with the choice to attach the offer)
// in the aria-live region. Without this file the server asks on submit instead.
document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("duplicate-warning");
  if (!region) return;
  const form = region.closest("form");
  const watched = ["first_name", "last_name", "phone", "email"].map((name) => form.elements[name]);
  const token = form.elements.csrf_token.value;
  const WAIT_MS = 300;
  let timer;
  let pending;

  const typed = () => {
    const values = Object.fromEntries(watched.map((field) => [field.name, field.value.trim()]));
    const chosen = form.querySelector('input[name="attach_to"]:checked');
    values.attach_to = chosen ? chosen.value : "";
    return values;
  };

  const check = async () => {
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(region.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify(typed()),
        credentials: "same-origin",
        signal: pending.signal,
      });
      // A failed check is not worth an error box: the server checks again on submit.
      if (response.ok) region.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") console.warn("duplicate check failed", error);
    }
  };

  watched.forEach((field) => field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, WAIT_MS);
  }));
});
