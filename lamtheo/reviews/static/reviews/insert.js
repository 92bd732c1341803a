// "Insert" next to a figure puts its code at the cursor of the last text box used, then asks
// htmx to refresh that box's preview. Without this script the codes can still be typed.
(function () {
  var last = null;
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-part]")) last = e.target;
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button.rv-insert");
    if (!button) return;
    var box = last || document.querySelector("textarea[data-part='part1']");
    if (!box) return;
    var token = button.getAttribute("data-token");
    var start = box.selectionStart || 0, end = box.selectionEnd || 0;
    box.value = box.value.slice(0, start) + token + box.value.slice(end);
    box.focus();
    box.selectionStart = box.selectionEnd = start + token.length;
    box.dispatchEvent(new Event("token-inserted", { bubbles: true }));
  });
})();
