// A "tick all" button for a long list of checkboxes: <button data-tick-all="ID" hidden> ticks every
// box inside the element with that id (shown only when script runs; no inline script for the CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-tick-all]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-tick-all"));
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      target.querySelectorAll("input[type=checkbox]:not(:disabled)").forEach(function (box) {
        box.checked = true;
      });
    });
  });
});
