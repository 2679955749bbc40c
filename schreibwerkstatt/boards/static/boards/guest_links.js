// The facilitator's guest links (boards/views_guests.py): a button copies a link's address.
// Without JavaScript (or without the clipboard) the address stays selectable in its field.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    button.hidden = false;
    var label = button.querySelector(".kern-label");
    var original = label.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        label.textContent = button.dataset.copied;
        setTimeout(function () { label.textContent = original; }, 2000);
      }, function () {
        field.select();
      });
    });
  });
})();
