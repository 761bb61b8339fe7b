/* Confab's loader: the one script a host page includes. It finds where comments go,
   waits until that place is near the viewport, then loads the widget (WebAssembly) from
   the directory this file came from and mounts it there. */
(function () {
  "use strict";
  var script = document.currentScript;

  // The sign-in popup's last page: hand the session to the page that opened the popup,
  // on that page's origin only, and close.
  var login = script && script.getAttribute("data-confab-login");
  if (login) {
    if (window.opener) window.opener.postMessage(login, script.getAttribute("data-confab-origin"));
    window.close();
    return;
  }
  // A server that carries the widget itself rewrites "./" to its versioned directory.
  var base = new URL("./", script ? script.src : location.href).href;
  var widget;

  // The glue, the WebAssembly and the stylesheet download side by side.
  function load() {
    if (!widget) {
      var wasm = fetch(base + "confab_bg.wasm");
      var style = document.createElement("link");
      style.rel = "preload";
      style.as = "style";
      style.href = base + "confab.css";
      document.head.appendChild(style);
      widget = import(base + "confab.js").then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () {
          return glue;
        });
      });
    }
    return widget;
  }

  // The thread's first page is asked for meanwhile too; the widget takes this answer when
  // its own request would be the same (thread, order, page size and server).
  function prefetch(host) {
    var option = function (name) {
      return (host.getAttribute(name) || host.getAttribute("data-" + name) || "").trim();
    };
    var sort;
    try { sort = localStorage.getItem("confab:sort"); } catch (error) { /* storage blocked */ }
    var api = (option("api") || new URL(base).origin).replace(/\/+$/, "");
    var query = [option("thread") || location.pathname, sort || "oldest", option("page-size") || "20"];
    if (/^#confab-comment-/.test(location.hash)) return;
    var response = fetch(api + "/api/v1/comments?" + new URLSearchParams({ thread: query[0], sort: query[1], limit: query[2] }));
    response.catch(function () { /* the widget asks again and reports it */ });
    window.confabPrefetch = { key: query.concat(api).join(" "), response: response };
  }

  function start(host) {
    prefetch(host);
    load()
      .then(function (glue) { glue.mount(host, base); })
      .catch(function (error) { console.error("Confab could not start:", error); });
  }

  function mount(host) {
    if (host.hasAttribute("data-confab-mounted")) return;
    host.setAttribute("data-confab-mounted", "");
    var loading = host.getAttribute("loading") || host.getAttribute("data-loading");
    if (loading === "eager" || !("IntersectionObserver" in window)) return start(host);
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        start(host);
      }
    }, { rootMargin: "800px" });
    observer.observe(host);
  }

  // The script-tag form: options as data-confab-* on this script, shown in #confab-thread
  // (or right after the script when the page has no such element).
  if (script && script.hasAttribute("data-confab-thread") || document.getElementById("confab-thread")) {
    var host = document.getElementById("confab-thread");
    if (!host) {
      host = document.createElement("div");
      host.id = "confab-thread";
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    if (script) {
      Array.prototype.forEach.call(script.attributes, function (attribute) {
        var name = attribute.name.replace(/^data-confab-/, "data-");
        if (name !== attribute.name && !host.hasAttribute(name)) host.setAttribute(name, attribute.value);
      });
    }
    mount(host);
  }

  // Runs `then` once the page is parsed: at once, or at DOMContentLoaded.
  function whenParsed(then) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then);
    else then();
  }

  // Comment counts on index pages: every [data-confab-count="/path"] and
  // <confab-count thread="/path"> is filled from one request (per 100 threads).
  function fillCounts(elements) {
    var keyOf = function (element) {
      return element.getAttribute("data-confab-count") || element.getAttribute("thread");
    };
    var keys = elements.map(keyOf).filter(function (key, index, all) { return key && all.indexOf(key) === index; });
    var api = (script && script.getAttribute("data-confab-api")) || new URL(base).origin;
    for (var start = 0; start < keys.length; start += 100) {
      var query = keys.slice(start, start + 100).map(function (key) { return "thread=" + encodeURIComponent(key); });
      fetch(api + "/api/v1/counts?" + query.join("&"))
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (body) {
          elements.forEach(function (element) {
            var count = body.counts[keyOf(element)];
            if (count !== undefined) element.textContent = count === 1 ? "1 comment" : count + " comments";
          });
        })
        .catch(function (error) { console.error("Confab could not load comment counts:", error); });
    }
  }
  // The elements to count wait for the page to be parsed and for the task that added them
  // to end: a static page takes one request, and so does each render of a single-page app.
  var counting = [];
  function countLater(element) {
    if (counting.push(element) === 1) setTimeout(whenParsed, 0, function () { fillCounts(counting.splice(0)); });
  }
  whenParsed(function () { Array.prototype.forEach.call(document.querySelectorAll("[data-confab-count]"), countLater); });

  // A site's latest comments, for sidebars and home pages: <confab-recent limit="5"> (or
  // data-confab-recent="5") gets a list, times in the page's language.
  function fillRecent() {
    var api = (script && script.getAttribute("data-confab-api")) || new URL(base).origin;
    Array.prototype.forEach.call(document.querySelectorAll("[data-confab-recent], confab-recent"), function (element) {
      var limit = element.getAttribute("limit") || element.getAttribute("data-confab-recent") || "5";
      var lang = (element.closest("[lang]") || document.documentElement).lang || navigator.language;
      var add = function (parent, tag, className, text) {
        var child = parent.appendChild(document.createElement(tag));
        child.className = "confab-recent__" + className;
        if (text) child.textContent = text;
        return child;
      };
      fetch(api + "/api/v1/comments/recent?limit=" + encodeURIComponent(limit))
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (body) {
          var list = document.createElement("ol");
          list.className = "confab-recent";
          body.comments.forEach(function (comment) {
            var item = add(list, "li", "item");
            var link = add(item, comment.thread_url ? "a" : "span", "link");
            if (comment.thread_url) link.href = comment.thread_url.split("#")[0] + "#confab-comment-" + comment.id;
            add(link, "b", "author", comment.author);
            link.appendChild(document.createTextNode(" · "));
            add(link, "cite", "thread", comment.thread_title || comment.thread);
            item.appendChild(document.createTextNode(" "));
            var time = add(item, "time", "time", new Date(comment.created_at).toLocaleDateString(lang, { dateStyle: "medium" }));
            time.dateTime = comment.created_at;
            add(item, "p", "excerpt", comment.excerpt);
          });
          element.replaceChildren(list);
        })
        .catch(function (error) { console.error("Confab could not load recent comments:", error); });
    });
  }
  whenParsed(fillRecent);

  // The custom elements, <confab-comments thread="/post"></confab-comments> and
  // <confab-count thread="/post"></confab-count>, start whenever they join the page, so a
  // single-page app's later views get theirs too.
  if (window.customElements && !customElements.get("confab-comments")) {
    customElements.define("confab-comments", class extends HTMLElement {
      connectedCallback() { mount(this); }
    });
    customElements.define("confab-count", class extends HTMLElement {
      connectedCallback() { countLater(this); }
    });
  }
})();
