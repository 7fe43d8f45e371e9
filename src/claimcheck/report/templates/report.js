(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (!filters) {
    return;
  }
  function selected(name) {
    var chosen = {};
    filters.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      if (box.checked) {
        chosen[box.value] = true;
      }
    });
    return chosen;
  }
  function apply() {
    var categories = selected("category");
    var severities = selected("severity");
    var statuses = selected("status");
    var visible = {};
    var count = 0;
    document.querySelectorAll("li.finding").forEach(function (item) {
      var status = item.getAttribute("data-status");
      var show = Boolean(
        categories[item.getAttribute("data-category")] &&
          severities[item.getAttribute("data-severity")] &&
          (!status || statuses[status])
      );
      item.hidden = !show;
      if (show) {
        visible[item.id] = true;
        count += 1;
      }
    });
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var ids = (mark.getAttribute("data-findings") || "").split(" ");
      var on = ids.some(function (id) {
        return visible[id] === true;
      });
      mark.classList.toggle("off", !on);
    });
    document.querySelectorAll("article.claim").forEach(function (claim) {
      claim.hidden = !statuses[claim.getAttribute("data-status")];
    });
    document.querySelectorAll("svg .row").forEach(function (row) {
      row.classList.toggle("off", !categories[row.getAttribute("data-category")]);
    });
    document.getElementById("visible-count").textContent = String(count);
  }
  filters.addEventListener("change", apply);
  apply();
})();
