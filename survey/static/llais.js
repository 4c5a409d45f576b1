/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  // Focus the error summary, so that screen readers announce the problems first.
  var summary = document.querySelector("[data-module='error-summary']");
  if (summary) { summary.focus(); }

  // Clicking a link in the error summary moves focus to the field and shows its question: the
  // question's own legend or label (not a grid row's), when it fits on the screen with the field.
  document.querySelectorAll(".error-summary__list a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var group = target.closest(".form-group");
      var heading = group && group.querySelector("legend, label");
      var fits = heading && target.getBoundingClientRect().bottom - heading.getBoundingClientRect().top < window.innerHeight;
      (fits ? heading : target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  });

  // A link shown as a button (the start button) also answers to the space bar, as buttons do.
  document.querySelectorAll("a[role='button']").forEach(function (link) {
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
  });

  // An exclusive checkbox ("None of these") unticks the others, and the others untick it.
  document.querySelectorAll("[data-module='checkboxes']").forEach(function (group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.checked) { return; }
      group.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        if (other === box) { return; }
        var exclusive = box.dataset.behaviour === "exclusive" || other.dataset.behaviour === "exclusive";
        if (exclusive) { other.checked = false; }
      });
    });
  });

  // Conditional reveal: a question shown only for some answers to another on the same page.
  var form = document.getElementById("answers");
  function chosen(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) { values.push(input.value); }
    });
    return values;
  }
  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var conditions = JSON.parse(block.getAttribute("data-show-if"));
      var shown = conditions.every(function (c) {
        if (!form.querySelector("[name='" + c.question + "']")) { return true; }
        return chosen(c.question).some(function (v) { return c.any_of.indexOf(v) !== -1; });
      });
      block.classList.toggle("question--hidden", !shown);
      block.querySelectorAll("input, textarea").forEach(function (input) { input.disabled = !shown; });
    });
  }
  if (form) { form.addEventListener("change", update); update(); }

  // A second press of a submit button does nothing while the first is on its way.
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (f.dataset.submitted) { event.preventDefault(); return; }
      f.dataset.submitted = "true";
      setTimeout(function () { delete f.dataset.submitted; }, 5000);
    });
  });
})();
