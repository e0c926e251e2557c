// On a phone the header is one line: the brand and a 菜单 button that opens the links and the
// account below it. Without this script the links simply show (wrapped), as on a desktop.
(function () {
  "use strict";
  var button = document.querySelector("header.top .menu-button");
  if (!button) { return; }
  document.documentElement.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.documentElement.classList.toggle("menu-open", open);
  });
})();
