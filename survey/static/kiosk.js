/* Kiosk mode: the idle prompt, keeping a visit alive while someone is using it, and the timed
   return to the start after sending. Progressive enhancement: without this file the quick exit
   still works (a plain form) and the server forgets an idle visit on its own. Nothing is kept in
   localStorage, sessionStorage or cookies by this script. */
(function () {
  "use strict";

  // A page brought back from the back/forward cache is fetched afresh (kiosk pages are no-store).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  var resetForm = document.getElementById("kiosk-reset");
  var dialog = document.getElementById("kiosk-idle");
  if (!resetForm || !dialog) { return; }

  var TICK_MS = 250;
  var idleMs = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var promptMs = Number(dialog.getAttribute("data-prompt-seconds")) * 1000;
  var keepAliveUrl = dialog.getAttribute("data-keep-alive-url");
  var beatEveryMs = Math.min(15000, idleMs / 4);
  var continueButton = dialog.querySelector("[data-kiosk-continue]");
  var promptCount = dialog.querySelector("[data-kiosk-count]");

  var thanks = document.querySelector("[data-module='kiosk-thanks']");
  var thanksEndsAt = null;

  var lastActivity = Date.now();
  var lastBeat = 0;
  var promptOpenedAt = null;
  var leaving = false;

  function clock(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Tell the server the person is still here, so their answers are kept for another idle period.
  function beat() {
    lastBeat = Date.now();
    if (navigator.sendBeacon && navigator.sendBeacon(keepAliveUrl)) { return; }
    if (window.fetch) {
      window.fetch(keepAliveUrl, { method: "POST", credentials: "same-origin", keepalive: true })
        .catch(function () { /* the server forgets the visit on its own if this never arrives */ });
    }
  }

  // Wipe the visit: the same form as "Leave quickly" (the server deletes the draft and clears the site's data).
  function leave() {
    if (leaving) { return; }
    leaving = true;
    resetForm.submit();
  }

  function activity() {
    if (promptOpenedAt !== null || leaving) { return; }  // while the prompt is open, only its buttons count
    lastActivity = Date.now();
    if (lastActivity - lastBeat >= beatEveryMs) { beat(); }
  }

  function openPrompt() {
    promptOpenedAt = Date.now();
    if (lastBeat < lastActivity) { beat(); }  // the server keeps the answers for the whole prompt
    promptCount.textContent = clock(promptMs);
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    continueButton.focus();
  }

  function carryOn() {
    promptOpenedAt = null;
    if (typeof dialog.close === "function") { dialog.close(); } else { dialog.removeAttribute("open"); }
    activity();
    beat();
  }

  continueButton.addEventListener("click", carryOn);
  dialog.addEventListener("cancel", function (event) {  // Escape: the person is plainly still there
    event.preventDefault();
    carryOn();
  });

  ["pointerdown", "keydown", "input", "touchstart", "wheel", "scroll"].forEach(function (name) {
    document.addEventListener(name, activity, { capture: true, passive: true });
  });

  // The thank-you page goes back to the start on its own, unless the person asks to stay.
  if (thanks) {
    var seconds = Number(thanks.getAttribute("data-seconds"));
    var countdown = thanks.querySelector("[data-kiosk-countdown]");
    var thanksCount = thanks.querySelector("[data-kiosk-count]");
    var stay = thanks.querySelector("[data-kiosk-stay]");
    thanksEndsAt = Date.now() + seconds * 1000;
    thanksCount.textContent = clock(seconds * 1000);
    countdown.hidden = false;
    stay.hidden = false;
    stay.addEventListener("click", function () {
      thanksEndsAt = null;
      countdown.hidden = true;
      stay.hidden = true;
      thanks.querySelector("[data-kiosk-finish]").focus();
      activity();
    });
  }

  function tick() {
    if (leaving) { return; }
    var now = Date.now();
    if (thanksEndsAt !== null) {
      thanks.querySelector("[data-kiosk-count]").textContent = clock(thanksEndsAt - now);
      if (now >= thanksEndsAt) { leave(); }
      return;
    }
    if (promptOpenedAt === null) {
      if (now - lastActivity >= idleMs) { openPrompt(); }
      return;
    }
    var left = promptMs - (now - promptOpenedAt);
    promptCount.textContent = clock(left);
    if (left <= 0) { leave(); }
  }

  window.setInterval(tick, TICK_MS);
})();
