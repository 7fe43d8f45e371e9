// The review app's only script (served as a file: the Content-Security-Policy allows no inline
// script). Everything works without it; it saves clicks.
(function () {
  "use strict";

  // the queue's filters apply when changed (they are a GET form: the state is in the URL)
  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("change", function (event) {
      if (event.target && event.target.name !== "q") {
        filters.submit();
      }
    });
  }

  // a suggested reference fills the claim's "Cite" form
  document.querySelectorAll("button.suggest").forEach(function (button) {
    button.addEventListener("click", function () {
      var claim = document.getElementById("claim-" + button.getAttribute("data-claim"));
      var key = claim && claim.querySelector("form.cite input[name=key]");
      if (key) {
        key.value = button.getAttribute("data-key");
        key.focus();
      }
    });
  });

  // the reviewer typed once is used by every form of the claim
  document.querySelectorAll("section.claim").forEach(function (claim) {
    var visible = claim.querySelector("form.decide input[name=reviewer]");
    if (!visible) {
      return;
    }
    visible.addEventListener("input", function () {
      claim.querySelectorAll("input[type=hidden][data-role=reviewer]").forEach(function (field) {
        field.value = visible.value;
      });
    });
  });

  // a highlighted claim in the text leads to its panel
  document.querySelectorAll("#article-text mark").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var ids = (mark.getAttribute("data-findings") || "").split(" ");
      for (var i = 0; i < ids.length; i += 1) {
        if (ids[i].indexOf("claim-") === 0) {
          var panel = document.getElementById(ids[i]);
          if (panel) {
            panel.scrollIntoView({ block: "start" });
            return;
          }
        }
      }
    });
  });
})();
