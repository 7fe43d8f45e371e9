(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (!filters) {
    return;
  }
  var search = document.getElementById("search");
  var NAMES = ["category", "severity", "status", "tier"];
  // a list of more than so many items shows its first ones: the counts are then of what is listed,
  // and a finding or "Fix first" claim whose claim has no card here is judged by its own attributes
  var capped = filters.hasAttribute("data-capped");
  var carded = {};
  document.querySelectorAll("article.claim").forEach(function (claim) {
    carded[claim.id.slice("claim-".length)] = true;
  });
  var listed = {};
  document.querySelectorAll("li.finding").forEach(function (item) {
    listed[item.id] = true;
  });

  function boxes(name) {
    return filters.querySelectorAll('input[name="' + name + '"]');
  }
  function selected(name) {
    var chosen = {};
    boxes(name).forEach(function (box) {
      if (box.checked) {
        chosen[box.value] = true;
      }
    });
    return chosen;
  }
  function words() {
    return (search.value || "").toLowerCase().split(/\s+/).filter(Boolean);
  }
  function found(element, terms) {
    var text = element.getAttribute("data-search") || "";
    return terms.every(function (term) {
      return text.indexOf(term) >= 0;
    });
  }
  function anyOf(list, chosen) {
    var values = (list || "").split(" ").filter(Boolean);
    return (
      values.length === 0 ||
      values.some(function (value) {
        return chosen[value] === true;
      })
    );
  }

  // the filter state lives in the URL's fragment: #category=citation,review&q=liver
  function save() {
    var parts = [];
    NAMES.forEach(function (name) {
      var all = boxes(name);
      var on = [];
      all.forEach(function (box) {
        if (box.checked) {
          on.push(box.value);
        }
      });
      if (on.length !== all.length) {
        parts.push(name + "=" + on.map(encodeURIComponent).join(","));
      }
    });
    if (search.value) {
      parts.push("q=" + encodeURIComponent(search.value));
    }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  function load() {
    var state = {};
    location.hash
      .replace(/^#/, "")
      .split("&")
      .forEach(function (part) {
        var at = part.indexOf("=");
        if (at > 0) {
          state[part.slice(0, at)] = part.slice(at + 1);
        }
      });
    NAMES.forEach(function (name) {
      if (state[name] !== undefined) {
        var on = {};
        state[name].split(",").forEach(function (value) {
          on[decodeURIComponent(value)] = true;
        });
        boxes(name).forEach(function (box) {
          box.checked = on[box.value] === true;
        });
      }
    });
    if (state.q !== undefined) {
      search.value = decodeURIComponent(state.q);
    }
  }

  function apply() {
    var categories = selected("category");
    var severities = selected("severity");
    var statuses = selected("status");
    var tiers = selected("tier");
    var terms = words();
    var shownClaims = {};
    var claimCount = 0;
    document.querySelectorAll("article.claim").forEach(function (claim) {
      var show = Boolean(
        statuses[claim.getAttribute("data-status")] && tiers[claim.getAttribute("data-tier")] && found(claim, terms)
      );
      claim.hidden = !show;
      if (show) {
        shownClaims[claim.id.slice("claim-".length)] = true;
        claimCount += 1;
      }
    });
    var visible = {};
    var count = 0;
    var bySeverity = { error: 0, warning: 0, info: 0, waived: 0 };
    document.querySelectorAll("li.finding").forEach(function (item) {
      var status = item.getAttribute("data-status");
      var claim = item.getAttribute("data-claim");
      var show = Boolean(
        categories[item.getAttribute("data-category")] &&
          severities[item.getAttribute("data-severity")] &&
          (!status || statuses[status]) &&
          (claim && carded[claim] === true ? shownClaims[claim] === true : terms.length === 0)
      );
      item.hidden = !show;
      if (show) {
        visible[item.id] = true;
        count += 1;
        bySeverity[item.classList.contains("waived") ? "waived" : item.getAttribute("data-severity")] += 1;
      }
    });
    var queued = 0;
    document.querySelectorAll("li.fix").forEach(function (item) {
      var claim = item.getAttribute("data-claim");
      var show = Boolean(
        (carded[claim] === true
          ? shownClaims[claim] === true
          : statuses[item.getAttribute("data-status")] &&
            tiers[item.getAttribute("data-tier")] &&
            found(item, terms)) &&
          anyOf(item.getAttribute("data-categories"), categories) &&
          anyOf(item.getAttribute("data-severities"), severities)
      );
      item.hidden = !show;
      if (show) {
        queued += 1;
      }
    });
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var ids = (mark.getAttribute("data-findings") || "").split(" ");
      var on = ids.some(function (id) {
        return visible[id] === true || listed[id] !== true;
      });
      mark.classList.toggle("off", !on);
    });
    document.querySelectorAll("svg .row").forEach(function (row) {
      row.classList.toggle("off", !categories[row.getAttribute("data-category")]);
    });
    document.getElementById("visible-count").textContent = String(count);
    document.getElementById("claims-count").textContent = String(claimCount);
    var queueCount = document.getElementById("queue-count");
    if (queueCount) {
      queueCount.textContent = String(queued);
    }
    if (!capped) {
      document.querySelectorAll("[data-count]").forEach(function (cell) {
        var key = cell.getAttribute("data-count");
        cell.textContent = String(key === "claims" ? claimCount : bySeverity[key]);
      });
    }
    save();
  }

  // in-page links scroll without replacing the filter state in the fragment
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (link) {
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({ block: "start" });
      }
    }
    var copy = event.target && event.target.closest ? event.target.closest("button.copy") : null;
    if (copy) {
      var code = copy.parentNode.querySelector("code");
      var text = code ? code.textContent : "";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(
          function () {
            copy.textContent = "Copied";
          },
          function () {
            window.getSelection().selectAllChildren(code);
          }
        );
      } else if (code) {
        window.getSelection().selectAllChildren(code);
      }
    }
  });
  filters.addEventListener("change", apply);
  search.addEventListener("input", apply);
  load();
  apply();
})();
