/* kxdt serve: results as you type. The page works without this file; with it, a search form
   marked data-live="ID" fetches `?…&fragment=1` and puts the answer into the element with
   that id, keeping the address bar in step (a search can be sent to a colleague). */
(function () {
  "use strict";
  var DELAY_MS = 250;
  var form = document.querySelector("form[data-live]");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var target = form.getAttribute("data-live");
  var input = form.querySelector("input[name=q]");
  var timer = null;
  var sent = 0;

  function address() {
    var params = new URLSearchParams(new FormData(form));
    var kept = new URLSearchParams();
    params.forEach(function (value, key) { if (value.trim() !== "") { kept.append(key, value); } });
    var query = kept.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function update() {
    var url = address();
    var mine = ++sent;
    var results = document.getElementById(target);
    if (!results) {  // the home page: go to the search page once something is typed
      return;
    }
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "fragment=1", { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== sent) { return; }  // an older answer after a newer question
        var parsed = new DOMParser().parseFromString(html, "text/html").getElementById(target);
        if (parsed) { results.replaceWith(document.adoptNode(parsed)); }
        history.replaceState(null, "", url);
      })
      .catch(function () { /* the form still works by submitting */ });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(update, DELAY_MS);
  }

  if (document.getElementById(target)) {
    input.addEventListener("input", later);
    form.addEventListener("change", function (event) { if (event.target !== input) { later(); } });
  }
})();
