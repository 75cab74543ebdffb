// The page editor: links and headers added, moved (together, in one list) and removed in place (buttons,
// keyboard-friendly), social icons added and removed, the draft read as the API's PATCH body, and a
// guard against leaving with unsaved changes. Saving: dash-editor-save.js.
"use strict";
(function () {
  const M = window.MeLinks;
  const form = document.querySelector("[data-editor]");
  if (!form) return;
  const data = M.data();
  let etag = data.etag;
  let dirty = false;
  const list = form.querySelector("[data-link-list]");
  const socialList = form.querySelector("[data-social-list]");
  const statusEl = form.querySelector("[data-save-status]");
  const savebar = form.querySelector(".savebar");
  const summary = document.querySelector("[data-error-summary]");
  const tz = M.timeZone();
  const pad = (n) => String(n).padStart(2, "0");
  const localInput = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const fieldId = (name) => "f-" + name.replace(/[^a-zA-Z0-9_-]/g, "-");

  function say(text) {
    statusEl.textContent = text;
  }
  function markDirty() {
    dirty = true;
    savebar.classList.add("dirty");
    say("Unsaved changes");
    document.dispatchEvent(new CustomEvent("melinks:draft", { detail: readDraft() }));
  }

  // ---- Times: the server renders UTC; people edit in their own zone ----
  function localizeTimes(root) {
    for (const input of root.querySelectorAll("input[type=datetime-local]")) {
      if (input.value) input.value = localInput(new Date(input.value + ":00Z"));
    }
    for (const note of root.querySelectorAll("[data-tz-note]")) {
      note.textContent = `Times are in your time zone (${tz}). Outside this window the link is hidden and its redirect answers 404.`;
    }
  }

  // ---- Link rows ----
  const rows = () => [...list.querySelectorAll("[data-link-row]")];
  function renameField(div, name) {
    const old = div.getAttribute("data-field");
    const id = fieldId(name);
    div.setAttribute("data-field", name);
    const control = div.querySelector("input, textarea, select");
    control.name = name;
    control.id = id;
    div.querySelector("label").htmlFor = id;
    const hint = div.querySelector(".hint");
    const err = div.querySelector(".field-error");
    if (hint) hint.id = id + "-hint";
    if (err) err.id = id + "-err";
    const described = [hint && hint.id, err && !err.hidden && err.id].filter(Boolean).join(" ");
    if (described) control.setAttribute("aria-describedby", described);
    else control.removeAttribute("aria-describedby");
    return old;
  }
  const socialRows = () => [...socialList.querySelectorAll("[data-social-row]")];
  const nounOf = (row) => (row.getAttribute("data-type") === "header" ? "header" : "link");
  function renumber() {
    const all = rows();
    all.forEach((row, i) => {
      const n = i + 1;
      const noun = nounOf(row);
      row.querySelector("legend").textContent = `${noun === "header" ? "Header" : "Link"} ${n}`;
      row.querySelector(".link-pos").textContent = String(n);
      for (const div of row.querySelectorAll("[data-field]")) renameField(div, div.getAttribute("data-field").replace(/^links\.[^.]+/, `links.${i}`));
      for (const el of row.querySelectorAll("[data-k]")) el.name = `links.${i}.${el.getAttribute("data-k")}`;
      const up = row.querySelector("[data-op=up]");
      const down = row.querySelector("[data-op=down]");
      const del = row.querySelector("[data-op=remove]");
      up.value = `up:${i}`;
      down.value = `down:${i}`;
      del.value = `remove:${i}`;
      up.setAttribute("aria-label", `Move ${noun} ${n} up`);
      down.setAttribute("aria-label", `Move ${noun} ${n} down`);
      del.setAttribute("aria-label", `Delete ${noun} ${n}`);
      up.setAttribute("aria-disabled", String(i === 0));
      down.setAttribute("aria-disabled", String(i === all.length - 1));
      row.classList.toggle("off", !row.querySelector("[data-k=enabled]").checked);
    });
    form.querySelector("[data-link-count]").textContent = `${all.length} of 100`;
    form.querySelector("[data-empty-links]").hidden = all.length > 0;
    const socials = socialRows();
    socials.forEach((row, i) => {
      for (const div of row.querySelectorAll("[data-field]")) renameField(div, div.getAttribute("data-field").replace(/^socials\.[^.]+/, `socials.${i}`));
      for (const el of row.querySelectorAll("[data-k]")) el.name = `socials.${i}.${el.getAttribute("data-k")}`;
      const del = row.querySelector("[data-op=social-remove]");
      del.value = `social-remove:${i}`;
      del.setAttribute("aria-label", `Delete social icon ${i + 1}`);
    });
    form.querySelector("[data-social-count]").textContent = `${socials.length} of 20`;
  }
  const titleOf = (row) => row.querySelector("[data-field$='.title'] input").value.trim() || `Untitled ${nounOf(row)}`;
  function flash(row) {
    row.classList.add("moved");
    setTimeout(() => row.classList.remove("moved"), 700);
  }

  function onOp(button) {
    const op = button.getAttribute("data-op");
    if (button.getAttribute("aria-disabled") === "true") return;
    const row = button.closest("[data-link-row]");
    if (op === "add" || op === "add-header") {
      if (rows().length >= 100) return say("A page can have at most 100 links and headers.");
      const tpl = document.getElementById(op === "add" ? "link-template" : "header-template");
      const html = tpl.innerHTML.replaceAll("__i__", String(rows().length)).replaceAll("__n__", String(rows().length + 1));
      list.insertAdjacentHTML("beforeend", html);
      const added = rows().at(-1);
      localizeTimes(added);
      renumber();
      added.querySelector("input[type=text]").focus();
      markDirty();
      say(op === "add" ? `Link ${rows().length} added. Fill in its title and URL, then save.` : `Header ${rows().length} added. Type its text, move it where it belongs, then save.`);
    } else if (op === "social-add") {
      if (socialRows().length >= 20) return say("A page can have at most 20 social icons.");
      const html = document.getElementById("social-template").innerHTML.replaceAll("__i__", String(socialRows().length)).replaceAll("__n__", String(socialRows().length + 1));
      socialList.insertAdjacentHTML("beforeend", html);
      renumber();
      socialRows().at(-1).querySelector("input[type=text]").focus();
      markDirty();
      say("Social icon added. Paste the profile's address, then save.");
    } else if (op === "social-remove") {
      const srow = button.closest("[data-social-row]");
      const next = srow.nextElementSibling || srow.previousElementSibling;
      srow.remove();
      renumber();
      (next ? next.querySelector("input[type=text]") : form.querySelector("[data-op=social-add]")).focus();
      markDirty();
      say("Social icon removed. Save to apply, or reload to undo.");
    } else if (op === "up" || op === "down") {
      const other = op === "up" ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (op === "up") list.insertBefore(row, other);
      else list.insertBefore(other, row);
      renumber();
      const pos = rows().indexOf(row) + 1;
      const same = row.querySelector(`[data-op=${op}]`);
      (same.getAttribute("aria-disabled") === "true" ? row.querySelector(`[data-op=${op === "up" ? "down" : "up"}]`) : same).focus();
      flash(row);
      markDirty();
      say(`“${titleOf(row)}” moved to position ${pos} of ${rows().length}. Unsaved.`);
    } else if (op === "remove") {
      const next = row.nextElementSibling || row.previousElementSibling;
      const title = titleOf(row);
      row.remove();
      renumber();
      (next ? next.querySelector("input[type=text]") : form.querySelector("[data-op=add]")).focus();
      markDirty();
      say(`“${title}” removed. Save to apply, or reload to undo.`);
    }
  }

  // ---- Reading the form as the API's PATCH body ----
  function readDraft() {
    const v = (name) => (form.elements.namedItem(name) || { value: "" }).value;
    const checked = form.querySelector("input[name='theme.preset']:checked");
    const time = (s) => (s ? new Date(s).toISOString() : null);
    const accent = v("theme.accent").trim();
    const background = v("theme.background").trim();
    const position = form.querySelector("input[name='socialsPosition']:checked");
    return {
      displayName: v("displayName"),
      bio: v("bio"),
      theme: {
        preset: checked ? checked.value : "classic",
        ...(accent ? { accent } : {}),
        ...(background ? { background } : {}),
        buttonStyle: v("theme.buttonStyle"),
        font: v("theme.font"),
      },
      links: rows().map((row) => {
        const get = (k) => row.querySelector(`[data-k=${k}], [data-field$='.${k}'] input`);
        const id = get("id").value;
        const header = get("type").value === "header";
        return {
          ...(id ? { id } : {}),
          type: header ? "header" : "link",
          title: get("title").value,
          ...(header ? {} : { url: get("url").value.trim(), featured: get("featured").checked, sensitive: get("sensitive").checked, icon: get("icon").value }),
          enabled: get("enabled").checked,
          startsAt: time(get("startsAt").value),
          endsAt: time(get("endsAt").value),
        };
      }),
      socials: socialRows().map((row) => {
        const id = row.querySelector("[data-k=id]").value;
        return { ...(id ? { id } : {}), url: row.querySelector("input[type=text]").value.trim() };
      }),
      socialsPosition: position ? position.value : "top",
    };
  }
  /** What the save script (dash-editor-save.js) needs from the editor. */
  M.editor = {
    form,
    data,
    rows,
    socialRows,
    readDraft,
    say,
    renameField,
    get etag() {
      return etag;
    },
    set etag(v) {
      etag = v;
    },
    saved() {
      dirty = false;
      savebar.classList.remove("dirty");
    },
  };

  form.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-op]");
    if (!button) return;
    e.preventDefault();
    onOp(button);
  });
  form.addEventListener("input", (e) => {
    const div = e.target.closest("[data-field]");
    const err = div && div.querySelector(".field-error");
    if (err && !err.hidden) {
      err.hidden = true;
      e.target.removeAttribute("aria-invalid");
    }
    // The platform shown next to a social's address is the server's verdict: it returns after saving.
    const platform = e.target.closest("[data-social-row]") && e.target.closest("[data-social-row]").querySelector("[data-platform]");
    if (platform) platform.textContent = "";
    if (e.target.matches("[data-k=enabled]")) renumber();
    markDirty();
  });
  form.addEventListener("change", markDirty);
  window.addEventListener("beforeunload", (e) => {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = "";
  });

  // ---- Each link's clicks, live (all-time totals from the page's live socket) ----
  let totals = {};
  function showClicks() {
    for (const row of rows()) {
      const id = row.querySelector("[data-k=id]").value;
      const badge = row.querySelector("[data-link-clicks-badge]");
      if (!badge || !id) continue;
      const n = totals[id] || 0;
      badge.textContent = `${n} click${n === 1 ? "" : "s"}`;
      badge.title = "All-time clicks on this link";
      badge.hidden = false;
    }
  }
  // A form this tab submitted the plain way (the rename form among them) is navigating already.
  let navigating = false;
  document.addEventListener("submit", (e) => (navigating = navigating || !e.defaultPrevented));
  if (M.live && data.slug) {
    M.live(data.slug, {
      // Renamed in another tab or through the API (docs/rename.md): with nothing unsaved, open the editor
      // at the new address; with unsaved changes, keep them on screen and point every form at the new
      // address (the rename was an edit: a save of this older draft meets the usual conflict notice).
      onMoved: (slug) => {
        const old = data.slug;
        data.slug = slug;
        if (navigating) return;
        if (!dirty) return location.replace(location.pathname.replace("/pages/" + encodeURIComponent(old), "/pages/" + encodeURIComponent(slug)));
        M.followRename(old, slug);
        say(`This page's address is now /${slug} (renamed elsewhere). Your unsaved changes are still here.`);
      },
      onSnapshot: (msg) => {
        totals = Object.assign({}, msg.totals);
        showClicks();
      },
      onCount: (msg) => {
        totals[msg.linkId] = msg.total;
        showClicks();
        const row = rows().find((r) => r.querySelector("[data-k=id]").value === msg.linkId);
        if (row) M.bump(row.querySelector("[data-link-clicks-badge]"));
      },
    });
  }

  localizeTimes(form);
  renumber();
  if (!summary.hidden) summary.focus();
})();
