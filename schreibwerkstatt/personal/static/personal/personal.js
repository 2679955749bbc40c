// Meine Aufgaben: a tick that collides with somebody else's change answers 409 with the
// row and an explanation; htmx does not swap error answers unless told to, so let it here.
document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  if (detail.xhr.status === 409 && detail.elt.closest("[data-swap-conflicts]")) {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});
