// Vendor upload: drag and drop, and one request per file with a progress bar.
// Without this script the form posts all files at once and the page lists the results.
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = document.getElementById("files");
  var dropzone = document.getElementById("dropzone");
  var results = document.getElementById("live-results");
  var maxBytes = parseInt(form.dataset.maxFileBytes, 10);
  var maxFiles = parseInt(form.dataset.maxFiles, 10);
  var extensions = (form.dataset.extensions || "").split(",");
  var dropped = null;

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
  }

  function line(file) {
    var item = document.createElement("li");
    var name = document.createElement("strong");
    name.textContent = file.name;
    item.appendChild(name);
    item.appendChild(document.createTextNode(" "));
    results.appendChild(item);
    return item;
  }

  function refuse(item, message) {
    item.className = "refused";
    item.setAttribute("role", "alert");
    item.appendChild(document.createTextNode(message));
  }

  function showAnswer(item, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var answered = parsed.querySelectorAll(".upload-results > li");
    if (!answered.length) {
      refuse(item, form.dataset.failed);
      return;
    }
    for (var i = 0; i < answered.length; i++) {
      results.insertBefore(document.importNode(answered[i], true), item);
    }
    results.removeChild(item);
  }

  function send(file, item) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
      var kind = form.querySelector("select[name=kind]");
      if (kind) {
        data.append("kind", kind.value);
      }
      data.append("files", file, file.name);
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", form.dataset.sending);
      item.appendChild(bar);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("HX-Request", "true");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          bar.value = Math.round((event.loaded / event.total) * 100);
        }
      });
      request.addEventListener("load", function () {
        var redirect = request.getResponseHeader("HX-Redirect");
        if (redirect) {
          window.location.assign(redirect);
          return;
        }
        showAnswer(item, request.responseText);
        resolve();
      });
      request.addEventListener("error", function () {
        item.removeChild(bar);
        refuse(item, form.dataset.failed);
        resolve();
      });
      request.send(data);
    });
  }

  function chosenFiles() {
    return dropped || Array.prototype.slice.call(input.files || []);
  }

  form.addEventListener("submit", function (event) {
    var files = chosenFiles();
    if (!files.length) {
      return; // the server says what is missing
    }
    event.preventDefault();
    if (files.length > maxFiles) {
      refuse(line({ name: "" }), form.dataset.tooMany);
      return;
    }
    var queue = [];
    files.forEach(function (file) {
      var item = line(file);
      if (extensions.indexOf(extensionOf(file.name)) < 0) {
        refuse(item, form.dataset.wrongType);
      } else if (file.size > maxBytes) {
        refuse(item, form.dataset.tooLarge);
      } else {
        queue.push([file, item]);
      }
    });
    // One at a time: each file gets the whole connection and its own answer.
    queue.reduce(function (previous, pair) {
      return previous.then(function () {
        return send(pair[0], pair[1]);
      });
    }, Promise.resolve()).then(function () {
      form.reset();
      dropped = null;
    });
  });

  if (dropzone && "draggable" in dropzone) {
    dropzone.hidden = false;
    // A click on the drop area opens the same chooser as the file input below it.
    dropzone.addEventListener("click", function () { input.click(); });
    ["dragenter", "dragover"].forEach(function (name) {
      dropzone.addEventListener(name, function (event) {
        event.preventDefault();
        dropzone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      dropzone.addEventListener(name, function () {
        dropzone.classList.remove("dragging");
      });
    });
    dropzone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = Array.prototype.slice.call(event.dataTransfer.files || []);
      if (!files.length) {
        return;
      }
      try {
        // Show the dropped files in the plain input too, where the browser allows it.
        var transfer = new DataTransfer();
        files.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
        dropped = null;
      } catch (error) {
        dropped = files;
      }
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
  }
})();
