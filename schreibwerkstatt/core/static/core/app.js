// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a fragment swap, keep keyboard focus where the person was working.
  const target = event.detail.target;
  const focusable = target && target.querySelector("[data-focus-after-swap]");
  if (focusable) focusable.focus();
});
