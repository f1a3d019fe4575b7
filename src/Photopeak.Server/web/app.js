// Photopeak review: worklist, NM images with their ROIs, ROI editing with recompute, report text and signing.
// Plain ES module, no build step and nothing from outside the node: the pixels are the float images the analysis read
// (GET /api/studies/{study}/images/{name}, float32 little endian), drawn on canvas with the ROIs as SVG above them.

const $ = (id) => document.getElementById(id);
const state = { session: null, study: null, result: null, report: null, images: [], rois: [], edited: false, timer: null,
  instances: [], frames: null, cine: null };

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session) headers[state.session.csrfHeader] = state.session.csrfToken;
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : await response.arrayBuffer();
  if (!response.ok) {
    const error = new Error((data && data.error) || `${method} ${path}: ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function show(section) {
  for (const id of ["login", "worklist", "study", "admin"]) $(id).hidden = id !== section;
}

function text(value) { return value === null || value === undefined ? "" : String(value); }

async function start() {
  $("login-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  for (const id of ["worklist-filter", "worklist-status", "worklist-from", "worklist-to"])
    $(id).addEventListener("input", () => renderWorklist(state.worklist || []));
  for (const [id, event] of [["colour", "change"], ["window", "input"], ["floor", "input"], ["linked", "change"]])
    $(id).addEventListener(event, () => { drawImages(); if (state.frames) { drawFrame(state.frames.index); drawMontage(); } if (state.volume) drawSlices(); });
  $("recompute").addEventListener("click", recompute);
  $("rerun").addEventListener("click", rerun);
  for (const id of ["indication", "impression", "statements"]) $(id).addEventListener("input", showDocumentationCheck);
  $("save-text").addEventListener("click", saveText);
  $("sign").addEventListener("click", sign);
  $("amend").addEventListener("click", amend);
  $("frames-instance").addEventListener("change", () => loadFrames(Number($("frames-instance").value)));
  $("frames-index").addEventListener("input", () => drawFrame(Number($("frames-index").value)));
  $("frames-montage").addEventListener("change", drawMontage);
  $("slices-volume").addEventListener("change", () => loadVolume(Number($("slices-volume").value)));
  $("slices-zoom").addEventListener("change", setZoom);
  $("lesion-add").addEventListener("click", addLesion);
  for (const view of SLICE_VIEWS) $(`slice-${view.name}`).addEventListener("pointerdown", (event) => moveCursor(view, event));
  $("frames-play").addEventListener("click", toggleCine);
  $("user-form").addEventListener("submit", addUser);
  $("audit-newer").addEventListener("click", () => loadAudit(state.auditPage - 1));
  $("audit-older").addEventListener("click", () => loadAudit(state.auditPage + 1));
  window.addEventListener("hashchange", route);
  const session = await api("GET", "/api/session").catch(() => null);
  state.session = session && session.signedIn ? session : null;
  route();
}

function route() {
  clearInterval(state.timer);
  if (!state.session) { showLogin(); return; }
  $("who").textContent = `${state.session.userName} (${state.session.role})`;
  $("sign-out").hidden = false;
  $("nav-admin").hidden = state.session.role !== "admin";
  const match = location.hash.match(/^#\/study\/([0-9.]+)$/);
  if (match) openStudy(match[1]);
  else if (location.hash === "#/admin") openAdmin();
  else openWorklist();
}

function showLogin() {
  $("who").textContent = "";
  $("nav-admin").hidden = true;
  $("sign-out").hidden = true;
  show("login");
  $("login-user").focus();
}

async function signIn(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  try {
    state.session = await api("POST", "/api/session", { userName: $("login-user").value, password: $("login-password").value });
    $("login-password").value = "";
    route();
  } catch (e) {
    $("login-error").textContent = e.message;
  }
}

async function signOut() {
  await api("DELETE", "/api/session").catch(() => {});
  state.session = null;
  location.hash = "#/";
  showLogin();
}

// Worklist: refreshed every 5 s while shown, so arriving studies and finished jobs appear.
async function openWorklist() {
  show("worklist");
  const load = async () => {
    try {
      state.worklist = await api("GET", "/api/studies");
      renderWorklist(state.worklist);
      $("worklist-updated").textContent = `updated ${utc(new Date().toISOString())}`;
    } catch (e) {
      if (e.status === 401) { state.session = null; showLogin(); clearInterval(state.timer); }
    }
  };
  await load();
  state.timer = setInterval(load, 5000);
}

// Where a study stands in the department's words: received (not processed yet), processing, failed, not applicable (no
// procedure fits it), or its report's state: draft, signed, or amended (a signed version that replaces an earlier one).
function worklistStatus(s) {
  const processing = s.processing?.status;
  if (processing === "failed") return "failed";
  if (processing === "running") return "processing";
  if (processing === "not-applicable") return "not applicable";
  if (s.report) return s.report.status === "signed" && s.report.version > 1 ? "amended" : s.report.status;
  return processing === "done" ? "draft" : "received";
}

function renderWorklist(studies) {
  const filter = $("worklist-filter").value.trim().toLowerCase();
  const status = $("worklist-status").value;
  // Study dates are DICOM DA (YYYYMMDD); the date inputs give YYYY-MM-DD.
  const from = $("worklist-from").value.replaceAll("-", ""), to = $("worklist-to").value.replaceAll("-", "");
  const body = $("worklist-table").tBodies[0];
  body.replaceChildren();
  const shown = studies.filter((s) => (!filter || [s.patientName, s.patientId, s.studyDescription, s.processing?.procedure, s.processing?.status, s.report?.status]
    .some((v) => text(v).toLowerCase().includes(filter)))
    && (!status || worklistStatus(s) === status)
    && (!from || text(s.studyDate) >= from) && (!to || (s.studyDate && s.studyDate <= to)));
  for (const s of shown) {
    const row = body.insertRow();
    row.dataset.study = s.studyInstanceUid;
    const report = s.report ? `${s.report.status} v${s.report.version}` : "";
    for (const value of [text(s.patientName).replaceAll("^", " ").trim(), s.patientId, formatDate(s.studyDate), s.studyDescription, s.processing?.procedure, s.processing?.status, report]) {
      row.insertCell().textContent = text(value);
    }
    row.cells[5].className = `status-${text(s.processing?.status)}`;
    if (s.processing?.reason) {
      row.cells[5].title = s.processing.reason;
      // A failure says why in the list itself, cut to a line; the whole reason is in the tooltip.
      if (s.processing.status === "failed")
        row.cells[5].textContent = `failed: ${s.processing.reason.length > 90 ? s.processing.reason.slice(0, 89) + "…" : s.processing.reason}`;
    }
    row.addEventListener("click", () => { location.hash = `#/study/${s.studyInstanceUid}`; });
  }
  $("worklist-empty").textContent = studies.length === 0 ? "No studies yet." : "No study matches the filters.";
  $("worklist-empty").hidden = shown.length > 0;
}

// Administration (admins; the API refuses anyone else): accounts with their lockouts, and the audit trail page by page.
async function openAdmin() {
  show("admin");
  $("admin-error").textContent = "";
  try {
    await Promise.all([loadUsers(), loadAudit(1)]);
  } catch (e) {
    $("admin-error").textContent = e.message;
  }
}

async function loadUsers() {
  const users = await api("GET", "/api/users");
  const body = $("users-table").tBodies[0];
  body.replaceChildren();
  for (const u of users) {
    const row = body.insertRow();
    row.dataset.user = u.userName;
    for (const value of [u.userName, u.role, u.lockedUntil ? utc(u.lockedUntil) : ""]) row.insertCell().textContent = value;
    const cell = row.insertCell();
    if (u.lockedUntil) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Unlock";
      button.addEventListener("click", async () => {
        try { await api("POST", `/api/users/${encodeURIComponent(u.userName)}/unlock`); await loadUsers(); await loadAudit(1); }
        catch (e) { $("admin-error").textContent = e.message; }
      });
      cell.append(button);
    }
  }
}

async function addUser(event) {
  event.preventDefault();
  $("admin-error").textContent = "";
  try {
    await api("POST", "/api/users", { userName: $("user-name").value.trim(), role: $("user-role").value, password: $("user-password").value });
    $("user-name").value = "";
    $("user-password").value = "";
    await loadUsers();
    await loadAudit(1);
  } catch (e) {
    $("admin-error").textContent = e.message;
  }
}

async function loadAudit(page) {
  const size = 50;
  const data = await api("GET", `/api/audit?page=${Math.max(1, page)}&pageSize=${size}`);
  state.auditPage = data.page;
  const pages = Math.max(1, Math.ceil(data.total / size));
  $("audit-page").textContent = `page ${data.page} of ${pages} (${data.total} events, newest first)`;
  $("audit-newer").disabled = data.page <= 1;
  $("audit-older").disabled = data.page >= pages;
  const body = $("audit-table").tBodies[0];
  body.replaceChildren();
  for (const e of data.events) {
    const row = body.insertRow();
    // To the second: the trail orders what happened within a minute.
    for (const value of [e.time.slice(0, 19).replace("T", " "), e.user, e.action, e.object, e.outcome, e.detail]) row.insertCell().textContent = text(value);
  }
}

function utc(iso) { return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : ""; }

function formatDate(d) { return d && d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : text(d); }

async function openStudy(uid) {
  // Nothing of the previous study may stay on screen under this one's title while it loads.
  for (const id of ["images", "documentation", "statements"]) $(id).replaceChildren();
  $("measurements").tBodies[0].replaceChildren();
  for (const id of ["report-status", "report-version", "roi-state"]) $(id).textContent = "";
  for (const id of ["indication", "impression"]) $(id).value = "";
  // No controls until this study's report is known (showReport enables what the role and status allow).
  for (const id of ["save-text", "sign", "recompute"]) $(id).disabled = true;
  $("amend-box").hidden = true;
  state.report = null;
  showDocumentationCheck();
  state.images = [];
  state.rois = [];
  state.lung = null;
  $("lung-tools").hidden = true;
  stopCine();
  state.frames = null;
  $("frames-viewer").hidden = true;
  state.volumes = [];
  state.volume = null;
  state.volumeToken = (state.volumeToken || 0) + 1;
  $("slices-lesions").replaceChildren();
  $("slices-axis").replaceChildren();
  $("lesion-add").hidden = true;
  $("slices-viewer").hidden = true;
  show("study");
  state.study = uid;
  state.edited = false;
  $("study-error").textContent = "";
  $("study-title").textContent = "Loading…";
  try {
    // A study not processed (yet) still shows its frames; its result, report and ROI images come when its job is done.
    const optional = (path) => api("GET", path).catch((e) => { if (e.status === 404) return null; throw e; });
    const [study, instances, result, report, images, volumes] = await Promise.all([api("GET", `/api/studies/${uid}`), api("GET", `/api/studies/${uid}/frames`),
      optional(`/api/studies/${uid}/result`), optional(`/api/studies/${uid}/report`), optional(`/api/studies/${uid}/images`), optional(`/api/studies/${uid}/volumes`)]);
    if (state.study !== uid) return;
    $("study-title").textContent = `${text(study.patientName).replaceAll("^", " ").trim()} — ${text(study.studyDescription)} (${formatDate(study.studyDate)})`;
    showInstances(instances);
    state.images = images ? await Promise.all(images.map(async (i) => ({ ...i, pixels: new Float32Array(littleEndian(await api("GET", `/api/studies/${uid}/images/${encodeURIComponent(i.name)}`))) }))) : [];
    if (state.study !== uid) return;
    if (result) showResult(result);
    if (report) showReport(report);
    showVolumes(volumes || []);
    showRerun();
    if (!result) $("study-error").textContent = `not processed: ${text(study.processing?.status)} ${text(study.processing?.reason)}`.trim();
  } catch (e) {
    $("study-title").textContent = uid;
    $("study-error").textContent = e.message;
  }
}

// The server sends float32 little endian; on a big-endian machine the bytes are swapped into place.
function littleEndian(buffer) {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return buffer;
  const view = new DataView(buffer), out = new Float32Array(buffer.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out.buffer;
}

function showResult(result) {
  state.result = result;
  // Lung perfusion's outlines are an object of row spans (the two lungs as masks); other procedures' ROIs a list of shapes.
  const lung = result.rois && !Array.isArray(result.rois) && Array.isArray(result.rois.rightSpans) ? result.rois : null;
  state.lung = lung ? { rows: lung.rows, columns: lung.columns, right: spansToMask(lung.rightSpans, lung), left: spansToMask(lung.leftSpans, lung) } : null;
  state.rois = lung ? [] : structuredClone(result.rois || []);
  state.edited = false;
  $("recompute").disabled = true;
  $("roi-state").textContent = "";
  const body = $("measurements").tBodies[0];
  body.replaceChildren();
  for (const [key, m] of Object.entries(result.measurements || {})) {
    const row = body.insertRow();
    row.dataset.key = key;
    row.insertCell().textContent = key.replaceAll("_", " ");
    const value = row.insertCell();
    value.id = `measurement-${key}`;
    value.textContent = m.value === null || m.value === undefined ? "—" : `${shown(m.value)} ${m.unit === "ratio" ? "" : text(m.unit)}`.trim();
    // The full value stays in the tooltip with the method: result.json and the report keep every digit.
    row.title = `${m.value ?? "—"}${m.method ? ` — ${m.method}` : ""}`;
  }
  buildImages();
}

// Four significant digits, whole numbers from 1000: what a reader compares, without the float's noise.
function shown(value) {
  if (typeof value !== "number") return String(value);
  return Math.abs(value) >= 1000 ? String(Math.round(value)) : String(Number(value.toPrecision(4)));
}

function showReport(report) {
  state.report = report;
  const signed = report.status === "signed";
  $("report-status").textContent = report.status;
  $("report-status").className = `badge ${report.status}`;
  $("report-version").textContent = `version ${report.version}` + (signed ? `, signed by ${report.signer} on ${utc(report.signedAt)}` : "")
    + (report.amends ? `, amends version ${report.amends.version}: ${report.amends.reason}` : "");
  $("indication").value = text(report.indication);
  $("impression").value = text(report.impression);
  const physician = state.session.role === "physician";
  for (const id of ["indication", "impression"]) $(id).readOnly = signed || !physician;
  $("save-text").disabled = signed || !physician;
  $("sign").disabled = signed || !physician;
  $("amend-box").hidden = !signed || !physician;
  showRerun();
  $("report-pdf").href = `/api/studies/${state.study}/reports/report.pdf`;
  showStatements(report, signed || !physician);
  showDocumentationCheck();
}

// The documentation check as the server made it, updated live as the physician types: an element missing there but typed
// now (the indication, the impression, a statement's field) is shown as typed, counted once saved (Save text or Sign).
function showDocumentationCheck() {
  const list = $("documentation");
  list.replaceChildren();
  if (!state.report) return;
  const check = state.report.documentationCheck || { complete: true, missing: [], missingElements: [] };
  const typed = (element) => {
    const field = element === "indication" || element === "impression" ? $(element)
      : $("statements").querySelector(`textarea[data-statement="${element}"]`);
    return !!field && !field.readOnly && field.value.trim() !== "";
  };
  const items = check.missing.map((missing, i) => ({ missing, typed: typed(check.missingElements?.[i]?.element) }));
  const add = (textContent, className) => { const li = document.createElement("li"); li.textContent = textContent; if (className) li.className = className; list.append(li); };
  if (check.complete) add("complete");
  else if (items.every((item) => item.typed)) add("complete once saved", "pending");
  for (const item of items) add(item.typed ? `${item.missing}: typed, counted once saved` : item.missing, item.typed ? "pending" : "error");
}

// A field for each element the physician can state and the check finds missing (thyroid blockade, stress test…), and for
// each one stated already: saved with the text, written into the report, counted by the documentation check.
function showStatements(report, readOnly) {
  const host = $("statements");
  host.replaceChildren();
  const stated = report.statements || {};
  const fields = new Map(Object.entries(stated).map(([key, s]) => [key, s.name]));
  // A field to fill only where it can be filled: a signed report (or a technologist) sees what was stated, not blanks.
  if (!readOnly) for (const m of report.documentationCheck?.missingElements || []) if (m.statable) fields.set(m.element, m.name);
  for (const [key, name] of fields) {
    const label = document.createElement("label");
    label.textContent = name;
    const input = document.createElement("textarea");
    input.rows = 2;
    input.dataset.statement = key;
    input.value = text(stated[key]?.text);
    input.readOnly = readOnly;
    label.append(input);
    host.append(label);
  }
}

// The statements typed differently from what is stated: a blank field withdraws its statement.
function typedStatements() {
  const stated = state.report?.statements || {};
  const statements = {};
  for (const input of $("statements").querySelectorAll("textarea[data-statement]")) {
    const value = input.value.trim() || null;
    if ((value || "") !== text(stated[input.dataset.statement]?.text)) statements[input.dataset.statement] = value;
  }
  return statements;
}

function statementsChanged() { return Object.keys(typedStatements()).length > 0; }

function typedText() {
  return { indication: $("indication").value, impression: $("impression").value, statements: typedStatements() };
}

// Images about 384 screen pixels wide (3 per pixel at 128²), so early and late sit side by side (256 where there are more); ROI vertices are [row, column] with integers at pixel
// centres, so image pixel (r, c) spans screen [(c) s, (c + 1) s) and its centre is at (c + 0.5) s.
function buildImages() {
  const host = $("images");
  host.replaceChildren();
  for (const image of state.images) {
    const scale = Math.max(1, Math.round((state.images.length > 2 ? 256 : 384) / image.columns));
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = image.name + (image.pixelSpacingMm ? ` (${image.columns} × ${image.rows}, ${image.pixelSpacingMm.toFixed(2)} mm)` : "");
    const frame = document.createElement("div");
    frame.className = "frame";
    const canvas = document.createElement("canvas");
    canvas.width = image.columns;
    canvas.height = image.rows;
    canvas.style.width = `${image.columns * scale}px`;
    canvas.style.height = `${image.rows * scale}px`;
    canvas.dataset.image = image.name;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", image.columns * scale);
    svg.setAttribute("height", image.rows * scale);
    frame.append(canvas, svg);
    figure.append(caption, frame);
    host.append(figure);
    image.canvas = canvas;
    image.svg = svg;
    image.scale = scale;
  }
  drawImages();
  drawRois();
}

function drawImages() {
  // Linked: one scale for the camera images (early and late in counts per pixel as read); else each to its own maximum.
  // A derived image without a pixel spacing (the SPECT polar map, in reconstruction units) always has its own. Frames of a
  // gated cycle ("frame N", "gated frame N") share a scale among themselves: each holds a fraction of a static view's counts
  // and would show black on the static images' scale.
  const maxOf = (image) => image.pixels.reduce((m, v) => (v > m ? v : m), 0);
  const family = (image) => (/frame \d+$/.test(image.name) ? "cycle:" + image.name.replace(/frame \d+$/, "") : "static");
  const shared = new Map();
  for (const image of state.images.filter((i) => i.pixelSpacingMm))
    shared.set(family(image), Math.max(shared.get(family(image)) ?? 0, maxOf(image)));
  for (const image of state.images) {
    if (!image.canvas) continue;
    paint(image.canvas, image.pixels, image.columns, image.rows, $("linked").checked && image.pixelSpacingMm ? shared.get(family(image)) : maxOf(image));
  }
}

// Counts to colours on the chosen scale, from the window's lower to its upper end (each slider a fraction of maxCounts):
// the lower end takes out background and scatter, the upper end brings up faint uptake.
function paint(canvas, pixels, columns, rows, maxCounts) {
  const top = maxCounts * (Number($("window").value) / 100) || 1;
  const low = Math.min(maxCounts * (Number($("floor").value) / 100), 0.99 * top);
  const span = top - low;
  const colour = $("colour").value;
  const context = canvas.getContext("2d");
  const data = context.createImageData(columns, rows);
  for (let i = 0; i < pixels.length; i++) {
    const t = Math.min(1, Math.max(0, (pixels[i] - low) / span));
    let r, g, b;
    if (colour === "hot") { r = Math.min(1, 3 * t); g = Math.min(1, Math.max(0, 3 * t - 1)); b = Math.max(0, 3 * t - 2); }
    else { const v = colour === "inverted" ? 1 - t : t; r = g = b = v; }
    data.data[i * 4] = r * 255; data.data[i * 4 + 1] = g * 255; data.data[i * 4 + 2] = b * 255; data.data[i * 4 + 3] = 255;
  }
  context.putImageData(data, 0, 0);
}

function roiPath(roi, s) {
  const x = (c) => (c + 0.5) * s, y = (r) => (r + 0.5) * s;
  if (roi.shape === "polygon") return "M" + roi.points.map(([r, c]) => `${x(c).toFixed(1)},${y(r).toFixed(1)}`).join("L") + "Z";
  if (roi.shape === "rectangle") return `M${(roi.col0) * s},${(roi.row0) * s}H${(roi.col1 + 1) * s}V${(roi.row1 + 1) * s}H${roi.col0 * s}Z`;
  if (roi.shape === "circle") {
    const cx = x(roi.centre_column), cy = y(roi.centre_row), rad = roi.radius_px * s;
    return `M${cx - rad},${cy}a${rad},${rad} 0 1,0 ${2 * rad},0a${rad},${rad} 0 1,0 ${-2 * rad},0`;
  }
  return "";
}

function drawRois() {
  const editable = canEditRois();
  // The slices' lesions are ROIs too: redrawn with the others, editable on the same terms.
  if (state.volume) { showLesions(); showAxis(); drawSlices(); }
  $("lung-tools").hidden = !state.lung || !editable;
  for (const image of state.images) {
    const svg = image.svg;
    svg.replaceChildren();
    svg.onpointerdown = null;
    svg.classList.remove("brush");
    if (state.lung && image.rows === state.lung.rows && image.columns === state.lung.columns) drawLungs(image, editable);
    for (const roi of state.rois.filter((r) => r.image === image.name)) {
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", roiPath(roi, image.scale));
      path.setAttribute("class", "roi" + (roi.edited ? " edited" : ""));
      path.dataset.roi = roi.name;
      path.dataset.image = roi.image;
      const label = document.createElementNS("http://www.w3.org/2000/svg", "text");
      const box = bounds(roi);
      label.setAttribute("x", (box.col0 + 0.5) * image.scale);
      label.setAttribute("y", (box.row0 + 0.5) * image.scale - 4);
      label.textContent = roi.name;
      svg.append(path, label);
      if (editable) enableDrag(path, roi, image);
      if (editable && roi.shape === "polygon") addVertexHandles(svg, path, roi, image);
    }
  }
}

function bounds(roi) {
  if (roi.shape === "polygon") {
    const rows = roi.points.map((p) => p[0]), cols = roi.points.map((p) => p[1]);
    return { row0: Math.min(...rows), col0: Math.min(...cols) };
  }
  if (roi.shape === "rectangle") return { row0: roi.row0, col0: roi.col0 };
  return { row0: (roi.centre_row ?? 0) - (roi.radius_px ?? 0), col0: (roi.centre_column ?? 0) - (roi.radius_px ?? 0) };
}

function spansToMask(spans, set) {
  const mask = new Uint8Array(set.rows * set.columns);
  for (const [row, first, last] of spans) for (let c = first; c <= last; c++) mask[row * set.columns + c] = 1;
  return mask;
}

function maskToSpans(mask, set) {
  const spans = [];
  for (let r = 0; r < set.rows; r++) {
    for (let c = 0; c < set.columns; c++) {
      if (!mask[r * set.columns + c]) continue;
      const first = c;
      while (c + 1 < set.columns && mask[r * set.columns + c + 1]) c++;
      spans.push([r, first, c]);
    }
  }
  return spans;
}

// A mask's outline: the pixel edges between inside and outside, as one SVG path of unit segments at the image's scale.
function maskOutline(mask, set, s) {
  const inside = (r, c) => r >= 0 && c >= 0 && r < set.rows && c < set.columns && mask[r * set.columns + c] === 1;
  let d = "";
  for (let r = 0; r < set.rows; r++) {
    for (let c = 0; c < set.columns; c++) {
      if (!inside(r, c)) continue;
      if (!inside(r - 1, c)) d += `M${c * s},${r * s}h${s}`;
      if (!inside(r + 1, c)) d += `M${c * s},${(r + 1) * s}h${s}`;
      if (!inside(r, c - 1)) d += `M${c * s},${r * s}v${s}`;
      if (!inside(r, c + 1)) d += `M${(c + 1) * s},${r * s}v${s}`;
    }
  }
  return d;
}

// The two lungs over an image (stored as acquired: the patient's right lung on the image's left), painted with the brush
// when editable: the chosen lung gains the pixels under it (and the other loses them), "erase" takes them from both.
function drawLungs(image, editable) {
  const svg = image.svg, s = image.scale, lung = state.lung;
  for (const [side, mask] of [["right", lung.right], ["left", lung.left]]) {
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", maskOutline(mask, lung, s));
    path.setAttribute("class", `lung ${side}` + (lung.edited ? " edited" : ""));
    path.dataset.roi = `${side} lung`;
    path.dataset.image = image.name;
    svg.append(path);
  }
  if (!editable) return;
  const paintAt = (event) => {
    const box = svg.getBoundingClientRect();
    const col = Math.floor((event.clientX - box.left) / s), row = Math.floor((event.clientY - box.top) / s);
    const radius = Number($("lung-brush-size").value), target = $("lung-brush").value;
    for (let r = row - radius; r <= row + radius; r++) {
      for (let c = col - radius; c <= col + radius; c++) {
        if (r < 0 || c < 0 || r >= lung.rows || c >= lung.columns || (r - row) ** 2 + (c - col) ** 2 > radius * radius + 0.5) continue;
        const i = r * lung.columns + c;
        lung.right[i] = target === "right" ? 1 : 0;
        lung.left[i] = target === "left" ? 1 : 0;
      }
    }
    lung.edited = true;
    // Edited from the first stroke: signing must wait for the recompute even while the pointer is still down.
    state.edited = true;
  };
  svg.classList.add("brush");
  svg.onpointerdown = (down) => {
    down.preventDefault();
    svg.setPointerCapture(down.pointerId);
    paintAt(down);
    svg.onpointermove = (event) => { paintAt(event); };
    // A cancelled stroke (the browser took the pointer for scrolling, a pen left the screen) keeps what was painted.
    svg.onpointerup = svg.onpointercancel = () => {
      svg.onpointermove = null;
      svg.onpointerup = svg.onpointercancel = null;
      markEdited("lung outlines edited: recompute to update the numbers");
      drawRois();
    };
  };
}

// One pointer drag of an element, from its pointerdown: move(event) as the pointer moves, done(event) when it is released,
// cancel() when the browser takes the pointer away (scrolling, a pen leaving the screen); the element holds the pointer
// until then, so a drag that leaves it still ends.
function dragWith(element, down, { move, done, cancel }) {
  down.preventDefault();
  down.stopPropagation();
  element.setPointerCapture(down.pointerId);
  const stop = () => { element.onpointermove = element.onpointerup = element.onpointercancel = null; };
  element.onpointermove = move;
  element.onpointerup = (event) => { stop(); done(event); };
  element.onpointercancel = () => { stop(); cancel(); };
}

// Dragging moves the whole ROI by whole screen pixels converted to image pixels; the edit is sent with Recompute.
function enableDrag(path, roi, image) {
  path.addEventListener("pointerdown", (down) => {
    const origin = structuredClone(roi);
    const move = (event) => {
      const dc = (event.clientX - down.clientX) / image.scale, dr = (event.clientY - down.clientY) / image.scale;
      translate(roi, origin, dr, dc);
      path.setAttribute("d", roiPath(roi, image.scale));
    };
    dragWith(path, down, {
      move,
      done: (event) => {
        move(event);
        roi.edited = true;
        markEdited("ROIs edited: recompute to update the numbers");
        drawRois();
      },
      // A cancelled drag puts the ROI back where it was.
      cancel: () => { translate(roi, origin, 0, 0); drawRois(); },
    });
  });
}

// An outline is reshaped as a reader pushes it: a handle on every third vertex drags that vertex, and its neighbours follow
// with a Gaussian falloff (σ 3 vertices, to 8 on each side), so the border bends smoothly instead of spiking.
const VERTEX_STEP = 3, VERTEX_SIGMA = 3, VERTEX_REACH = 8;

function addVertexHandles(svg, path, roi, image) {
  const n = roi.points.length;
  for (let i = 0; i < n; i += VERTEX_STEP) {
    const handle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    handle.setAttribute("cx", (roi.points[i][1] + 0.5) * image.scale);
    handle.setAttribute("cy", (roi.points[i][0] + 0.5) * image.scale);
    handle.setAttribute("r", 3.5);
    handle.setAttribute("class", "vertex");
    handle.dataset.roi = roi.name;
    handle.dataset.image = roi.image;
    handle.dataset.vertex = i;
    svg.append(handle);
    handle.addEventListener("pointerdown", (down) => {
      const origin = roi.points.map((p) => [...p]);
      // A small polygon bends over its own half at most: indices must not wrap onto each other.
      const reach = Math.min(VERTEX_REACH, Math.floor((n - 1) / 2));
      const bend = (event) => {
        const dr = (event.clientY - down.clientY) / image.scale, dc = (event.clientX - down.clientX) / image.scale;
        roi.points = origin.map((p) => [...p]);
        for (let k = -reach; k <= reach; k++) {
          const j = ((i + k) % n + n) % n, w = Math.exp(-(k * k) / (2 * VERTEX_SIGMA * VERTEX_SIGMA));
          roi.points[j] = [Math.round((origin[j][0] + w * dr) * 1000) / 1000, Math.round((origin[j][1] + w * dc) * 1000) / 1000];
        }
        path.setAttribute("d", roiPath(roi, image.scale));
        handle.setAttribute("cx", (roi.points[i][1] + 0.5) * image.scale);
        handle.setAttribute("cy", (roi.points[i][0] + 0.5) * image.scale);
      };
      dragWith(handle, down, {
        move: bend,
        done: (event) => {
          bend(event);
          // A click that did not move the handle is not an edit.
          if (event.clientX === down.clientX && event.clientY === down.clientY) { roi.points = origin; drawRois(); return; }
          roi.edited = true;
          markEdited("ROIs edited: recompute to update the numbers");
          drawRois();
        },
        // A cancelled drag leaves the outline as it was.
        cancel: () => { roi.points = origin; drawRois(); },
      });
    });
  }
}

// Any ROI edit: signing waits for the recompute, which is offered with what changed.
function markEdited(message) {
  state.edited = true;
  $("recompute").disabled = false;
  $("roi-state").textContent = message;
}

function translate(roi, origin, dr, dc) {
  const round = (v) => Math.round(v * 1000) / 1000;
  if (roi.shape === "polygon") roi.points = origin.points.map(([r, c]) => [round(r + dr), round(c + dc)]);
  else if (roi.shape === "rectangle") {
    const r = Math.round(dr), c = Math.round(dc);
    Object.assign(roi, { row0: origin.row0 + r, row1: origin.row1 + r, col0: origin.col0 + c, col1: origin.col1 + c });
  } else if (roi.shape === "circle") {
    roi.centre_row = round(origin.centre_row + dr);
    roi.centre_column = round(origin.centre_column + dc);
  }
}

// Orthogonal slices of the reconstructed volumes the analysis measured, with one cursor linking the three views. Voxel
// (x, y, z): x towards the patient's left, y posterior, z from the most superior slice down; shown as radiologists read
// them: the patient's right on the left of transaxial and coronal views, anterior on the left of the sagittal one.
const SLICE_VIEWS = [
  { name: "transaxial", across: 0, down: 1, through: 2, marks: ["R", "L", "A", "P"] },
  { name: "coronal", across: 0, down: 2, through: 1, marks: ["R", "L", "S", "I"] },
  { name: "sagittal", across: 1, down: 2, through: 0, marks: ["A", "P", "S", "I"] },
];

function showVolumes(volumes) {
  state.volumes = volumes;
  const select = $("slices-volume");
  select.replaceChildren();
  volumes.forEach((v, n) => {
    const option = document.createElement("option");
    option.value = n;
    option.textContent = `${v.name} (${v.sizeX} × ${v.sizeY} × ${v.sizeZ}, ${v.voxelMm.map((d) => d.toFixed(1)).join(" × ")} mm)`;
    select.append(option);
  });
  $("slices-viewer").hidden = volumes.length === 0;
  if (volumes.length > 0) loadVolume(0);
}

async function loadVolume(n) {
  const meta = state.volumes[n];
  const token = state.volumeToken = (state.volumeToken || 0) + 1;
  let voxels;
  try {
    voxels = new Float32Array(littleEndian(await api("GET", `/api/studies/${state.study}/volumes/${encodeURIComponent(meta.name)}`)));
  } catch (e) {
    if (token === state.volumeToken) $("study-error").textContent = `volume ${meta.name}: ${e.message}`;
    return;
  }
  if (token !== state.volumeToken || state.volumes[n] !== meta) return;
  let max = 0;
  for (const v of voxels) if (v > max) max = v;
  const size = [meta.sizeX, meta.sizeY, meta.sizeZ];
  state.volume = { meta, voxels, max, size, cursor: size.map((s) => Math.floor(s / 2)), zoom: 1 };
  // One millimetre scale for the three views, the largest extent about 300 screen pixels at zoom 1.
  const extent = Math.max(...size.map((s, a) => s * meta.voxelMm[a]));
  state.volume.pxPerMm = 300 / extent;
  // A volume with an LV axis opens on the heart, magnified: the three views cut through the axis's midpoint.
  const axis = axisRoi();
  if (axis) {
    state.volume.cursor = voxelOf(meta, axis.points[0].map((v, a) => (v + axis.points[1][a]) / 2));
    state.volume.zoom = 2;
  }
  state.volume.focus = [...state.volume.cursor];
  $("slices-zoom").value = String(state.volume.zoom);
  showLesions();
  showAxis();
  drawSlices();
}

// The lesions of the shown day as editable spheres (result.json's "lesion ID" ROIs on "day N volume"): a button per lesion
// takes the cursor to it, and for a physician a "×" removes it; "Add lesion" puts one at the cursor. Recompute re-measures
// them (process --rois).
function lesionRois() {
  const day = state.volume && /^day-(\d+)$/.exec(state.volume.meta.name);
  return day ? state.rois.filter((r) => r.shape === "sphere" && r.name.startsWith("lesion ") && r.image === `day ${day[1]} volume`) : [];
}

function canEditRois() { return state.session?.role === "physician" && state.report?.status !== "signed"; }

function showLesions() {
  const editable = canEditRois() && /^day-\d+$/.test(state.volume.meta.name);
  $("lesion-add").hidden = !editable;
  const lesions = $("slices-lesions");
  lesions.replaceChildren();
  for (const roi of lesionRois()) {
    const id = roi.name.slice("lesion ".length);
    const finding = (state.result?.findings?.lesions || []).find((l) => l.id === id && `day ${l.day} volume` === roi.image);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${id}: ${finding ? text(finding.region) : "edited"}`;
    button.dataset.lesion = id;
    button.addEventListener("click", () => goTo(roi.points[0]));
    lesions.append(button);
    if (!editable) continue;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "×";
    remove.title = `remove lesion ${id}`;
    remove.dataset.removeLesion = id;
    remove.addEventListener("click", () => { state.rois = state.rois.filter((r) => r !== roi); lesionsEdited(); });
    lesions.append(remove);
  }
}

function addLesion() {
  const meta = state.volume.meta;
  const day = /^day-(\d+)$/.exec(meta.name)[1];
  // Lesion ids run L1, L2… over every day: the next number never used, so a removed lesion's measured finding is never
  // shown against a new one that took its id.
  const ids = state.rois.filter((r) => r.name.startsWith("lesion ")).map((r) => r.name)
    .concat((state.result?.findings?.lesions || []).map((l) => String(l.id)));
  const numbers = ids.map((name) => Number(/(\d+)$/.exec(name)?.[1])).filter(Number.isFinite);
  const id = `L${Math.max(0, ...numbers) + 1}`;
  const centre = positionOf(meta, state.volume.cursor).map((v) => Math.round(v * 10) / 10);
  state.rois.push({ name: `lesion ${id}`, image: `day ${day} volume`, shape: "sphere", method: "added by the user", points: [centre], radius_mm: 10, edited: true });
  lesionsEdited();
}

function lesionsEdited() {
  markEdited("lesions edited: recompute to measure them");
  showLesions();
  drawSlices();
}

// The mIBG SPECT's LV long axis (result.json's "lv_axis" line on the "spect" volume: base, then apex, patient mm), drawn in
// every view as its projection on the view's plane; a physician drags either end within that plane. Recompute reorients
// the short axis and resamples the polar map along it (process --rois).
const AXIS_ENDS = ["base", "apex"];

function axisRoi() {
  return state.volume?.meta.name === "spect" ? state.rois.find((r) => r.shape === "line" && r.name === "lv_axis" && r.image === "spect") : undefined;
}

// A button per end of the axis takes the cursor there.
function showAxis() {
  const ends = $("slices-axis");
  ends.replaceChildren();
  const roi = axisRoi();
  if (!roi) return;
  AXIS_ENDS.forEach((end, k) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `LV ${end}`;
    button.dataset.axisEnd = end;
    button.addEventListener("click", () => goTo(roi.points[k]));
    ends.append(button);
  });
}

function drawAxis(svg, view, w) {
  const roi = axisRoi();
  if (!roi) return;
  const vol = state.volume;
  const editable = canEditRois();
  const svgNs = "http://www.w3.org/2000/svg";
  const ends = roi.points.map((p) => fractionalVoxel(vol.meta, p));
  const line = document.createElementNS(svgNs, "line");
  line.setAttribute("class", "lv-axis" + (roi.edited ? " edited" : ""));
  line.dataset.view = view.name;
  svg.append(line);
  const handles = AXIS_ENDS.map((end) => {
    const handle = document.createElementNS(svgNs, "circle");
    handle.setAttribute("r", 5);
    handle.setAttribute("class", `axis-end ${end}` + (editable ? " movable" : ""));
    handle.dataset.end = end;
    handle.dataset.view = view.name;
    const title = document.createElementNS(svgNs, "title");
    title.textContent = `LV ${end}`;
    handle.append(title);
    svg.append(handle);
    return handle;
  });
  const place = () => {
    const [[x1, y1], [x2, y2]] = ends.map(w.onScreen);
    for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) line.setAttribute(k, v);
    handles.forEach((h, k) => { const [x, y] = w.onScreen(ends[k]); h.setAttribute("cx", x); h.setAttribute("cy", y); });
  };
  place();
  if (!editable) return;
  handles.forEach((handle, k) => handle.addEventListener("pointerdown", (down) => {
    const at = inPlane(roi.points[k], view, w, down);
    dragWith(handle, down, {
      move: (event) => { ends[k] = fractionalVoxel(vol.meta, at(event)); place(); },
      done: (event) => {
        roi.points[k] = at(event);
        roi.edited = true;
        markEdited("LV axis edited: recompute to reorient the SPECT");
        drawSlices();
      },
      cancel: () => drawSlices(),
    });
  }));
}

// A point (patient mm) dragged in a view's plane from where the pointer went down: the position, to 0.1 mm, for a later
// pointer event (millimetres on screen are the same along both of the view's axes).
function inPlane(origin, view, w, down) {
  const sign = [1, 1, -1];
  return (event) => {
    const moved = [...origin];
    moved[view.across] = origin[view.across] + sign[view.across] * (event.clientX - down.clientX) / w.pxPerMm;
    moved[view.down] = origin[view.down] + sign[view.down] * (event.clientY - down.clientY) / w.pxPerMm;
    return moved.map((v) => Math.round(v * 10) / 10);
  };
}

// Each lesion's cut through a slice: a circle where the sphere meets the slice's plane; dragging it moves the lesion within
// that plane (millimetres on screen are the same in every view).
function drawLesionCuts(svg, view, w) {
  const vol = state.volume;
  const editable = canEditRois();
  for (const roi of lesionRois()) {
    const centre = fractionalVoxel(vol.meta, roi.points[0]);
    const offMm = (vol.cursor[view.through] - centre[view.through]) * vol.meta.voxelMm[view.through];
    if (Math.abs(offMm) >= roi.radius_mm) continue;
    const circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    const [x, y] = w.onScreen(centre);
    circle.setAttribute("cx", x);
    circle.setAttribute("cy", y);
    circle.setAttribute("r", Math.sqrt(roi.radius_mm ** 2 - offMm ** 2) * w.pxPerMm);
    circle.setAttribute("class", "lesion" + (roi.edited ? " edited" : "") + (editable ? " movable" : ""));
    circle.dataset.lesion = roi.name.slice("lesion ".length);
    circle.dataset.view = view.name;
    svg.append(circle);
    if (!editable) continue;
    circle.addEventListener("pointerdown", (down) => {
      const at = inPlane(roi.points[0], view, w, down);
      dragWith(circle, down, {
        move: (event) => {
          const [x, y] = w.onScreen(fractionalVoxel(vol.meta, at(event)));
          circle.setAttribute("cx", x);
          circle.setAttribute("cy", y);
        },
        done: (event) => {
          roi.points = [at(event)];
          roi.edited = true;
          lesionsEdited();
        },
        // A cancelled drag leaves the lesion where it was.
        cancel: () => drawSlices(),
      });
    });
  }
}

// Patient position (mm, DICOM LPS) of a voxel, and the nearest voxel of a position.
function positionOf(meta, voxel) {
  const sign = [1, 1, -1];
  return voxel.map((v, a) => meta.centreMm[a] + sign[a] * (v - (meta[["sizeX", "sizeY", "sizeZ"][a]] - 1) / 2) * meta.voxelMm[a]);
}

function fractionalVoxel(meta, mm) {
  const sign = [1, 1, -1], size = [meta.sizeX, meta.sizeY, meta.sizeZ];
  return mm.map((p, a) => sign[a] * (p - meta.centreMm[a]) / meta.voxelMm[a] + (size[a] - 1) / 2);
}

function voxelOf(meta, mm) {
  const sign = [1, 1, -1], size = [meta.sizeX, meta.sizeY, meta.sizeZ];
  return mm.map((p, a) => Math.min(size[a] - 1, Math.max(0, Math.round(sign[a] * (p - meta.centreMm[a]) / meta.voxelMm[a] + (size[a] - 1) / 2))));
}

function drawSlices() {
  const vol = state.volume;
  const [nx, ny] = vol.size;
  const at = (v) => vol.voxels[(v[2] * ny + v[1]) * nx + v[0]];
  for (const view of SLICE_VIEWS) {
    const w = viewWindow(view);
    const { width, height, sx, sy } = w;
    const pixels = new Float32Array(width * height);
    const voxel = [...vol.cursor];
    for (let j = 0; j < height; j++) {
      voxel[view.down] = w.down0 + j;
      for (let i = 0; i < width; i++) { voxel[view.across] = w.across0 + i; pixels[j * width + i] = at(voxel); }
    }
    const canvas = $(`slice-${view.name}`);
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${width * sx}px`;
    canvas.style.height = `${height * sy}px`;
    canvas.dataset.slice = vol.cursor[view.through];
    paint(canvas, pixels, width, height, vol.max);
    const svg = canvas.nextElementSibling;
    svg.setAttribute("width", width * sx);
    svg.setAttribute("height", height * sy);
    svg.replaceChildren();
    const line = (x1, y1, x2, y2) => {
      const l = document.createElementNS("http://www.w3.org/2000/svg", "line");
      for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) l.setAttribute(k, v);
      svg.append(l);
    };
    const [cx, cy] = w.onScreen(vol.cursor);
    line(cx, 0, cx, height * sy);
    line(0, cy, width * sx, cy);
    const [left, right, top, bottom] = view.marks;
    for (const [mark, x, y, anchor] of [[left, 3, height * sy / 2, "start"], [right, width * sx - 3, height * sy / 2, "end"], [top, width * sx / 2, 12, "middle"], [bottom, width * sx / 2, height * sy - 3, "middle"]]) {
      const t = document.createElementNS("http://www.w3.org/2000/svg", "text");
      t.setAttribute("x", x);
      t.setAttribute("y", y);
      t.setAttribute("text-anchor", anchor);
      t.textContent = mark;
      svg.append(t);
    }
    drawLesionCuts(svg, view, w);
    drawAxis(svg, view, w);
  }
  const mm = positionOf(vol.meta, vol.cursor);
  $("slices-label").textContent = `voxel ${vol.cursor.join(", ")} · ${mm.map((v) => v.toFixed(1)).join(", ")} mm (LPS) · value ${at(vol.cursor).toPrecision(4)}`;
}

// The part of the slice a view shows: at zoom z, 1/z of the volume's extent on each screen axis around the focus (kept
// inside the volume), drawn at z times the common millimetre scale; onScreen places a (fractional) voxel in the view.
function viewWindow(view) {
  const vol = state.volume;
  const n = [vol.size[view.across], vol.size[view.down]];
  const shown = n.map((size) => Math.min(size, Math.ceil(size / vol.zoom)));
  const first = [view.across, view.down].map((axis, k) => Math.min(n[k] - shown[k], Math.max(0, vol.focus[axis] - Math.floor(shown[k] / 2))));
  const pxPerMm = vol.pxPerMm * vol.zoom;
  const sx = vol.meta.voxelMm[view.across] * pxPerMm, sy = vol.meta.voxelMm[view.down] * pxPerMm;
  return {
    width: shown[0], height: shown[1], across0: first[0], down0: first[1], sx, sy, pxPerMm,
    onScreen: (v) => [(v[view.across] - first[0] + 0.5) * sx, (v[view.down] - first[1] + 0.5) * sy],
  };
}

// The cursor taken to a position (patient mm), the views centred on it.
function goTo(mm) {
  const vol = state.volume;
  vol.cursor = voxelOf(vol.meta, mm);
  vol.focus = [...vol.cursor];
  drawSlices();
}

function setZoom() {
  const vol = state.volume;
  if (!vol) return;
  vol.zoom = Number($("slices-zoom").value);
  vol.focus = [...vol.cursor];
  drawSlices();
}

// A click in one view moves the cursor there; the other two views show the slices through it. The views do not pan.
function moveCursor(view, event) {
  const vol = state.volume;
  if (!vol) return;
  const box = event.target.getBoundingClientRect();
  const w = viewWindow(view);
  const across = w.across0 + Math.floor((event.clientX - box.left) / box.width * w.width);
  const down = w.down0 + Math.floor((event.clientY - box.top) / box.height * w.height);
  vol.cursor[view.across] = Math.min(vol.size[view.across] - 1, Math.max(0, across));
  vol.cursor[view.down] = Math.min(vol.size[view.down] - 1, Math.max(0, down));
  drawSlices();
}

// The frames of each image instance as the study model reads them, laid out by their vectors: a slider and a cine through
// the frames (gated time slots, dynamic time slices, TOMO angular views), each frame labelled with the vectors that vary.
function showInstances(instances) {
  state.instances = instances.filter((i) => i.frames && i.frames.length > 0);
  const select = $("frames-instance");
  select.replaceChildren();
  state.instances.forEach((i, n) => {
    const option = document.createElement("option");
    option.value = n;
    option.textContent = `${i.seriesNumber ?? ""} ${text(i.seriesDescription) || i.modality} — ${i.frames.length} frame${i.frames.length === 1 ? "" : "s"}`.trim();
    select.append(option);
  });
  $("frames-viewer").hidden = state.instances.length === 0;
  if (state.instances.length > 0) loadFrames(0);
}

// The vector the slider and the cine run along: the first of these that varies; every other varying vector (an energy
// window, a detector) is held at a value chosen in its own list.
const CINE_ORDER = ["timeSlot", "timeSlice", "angularView", "slice", "phase", "rrInterval", "rotation", "detector", "energyWindow"];
const VECTOR_NAMES = { energyWindow: "window", detector: "detector", phase: "phase", rotation: "rotation", rrInterval: "R-R interval",
  timeSlot: "time slot", slice: "slice", angularView: "view", timeSlice: "time slice" };

async function loadFrames(n) {
  stopCine();
  const instance = state.instances[n];
  // Only the latest request is shown: a slow answer for the previous study or instance must not replace it.
  const token = state.framesToken = (state.framesToken || 0) + 1;
  const buffer = littleEndian(await api("GET", `/api/studies/${state.study}/instances/${instance.sopInstanceUid}/frames`));
  if (token !== state.framesToken || state.instances[n] !== instance) return;
  const pixels = new Float32Array(buffer);
  const first = instance.frames[0];
  const varying = Object.keys(first).filter((k) => instance.frames.some((f) => f[k] !== first[k]));
  const cineKey = CINE_ORDER.find((k) => varying.includes(k));
  state.frames = { instance, pixels, max: 0, varying, cineKey, held: {}, subset: [], index: 0, size: instance.rows * instance.columns };
  const fixed = $("frames-fixed");
  fixed.replaceChildren();
  for (const key of varying.filter((k) => k !== cineKey)) {
    const values = [...new Set(instance.frames.map((f) => f[key]))].sort((a, b) => a - b);
    state.frames.held[key] = values[0];
    const label = document.createElement("label");
    label.textContent = `${VECTOR_NAMES[key] ?? key} `;
    const select = document.createElement("select");
    select.id = `frames-${key}`;
    for (const v of values) { const o = document.createElement("option"); o.value = v; o.textContent = v; select.append(o); }
    select.addEventListener("change", () => { state.frames.held[key] = Number(select.value); selectFrames(); });
    label.append(select);
    fixed.append(label);
  }
  const canvas = $("frames-canvas");
  const scale = Math.max(1, Math.round(256 / instance.columns));
  canvas.width = instance.columns;
  canvas.height = instance.rows;
  canvas.style.width = `${instance.columns * scale}px`;
  canvas.style.height = `${instance.rows * scale}px`;
  selectFrames();
}

// The frames with the held vectors' values, in file order; the slider keeps its position where it can.
function selectFrames() {
  const f = state.frames;
  f.subset = f.instance.frames.map((frame, i) => i).filter((i) => Object.entries(f.held).every(([k, v]) => f.instance.frames[i][k] === v));
  // One scale along the cine (the frames shown together), so motion and count changes are seen, not rescaled away.
  f.max = 0;
  for (const i of f.subset) for (const v of f.pixels.subarray(i * f.size, (i + 1) * f.size)) if (v > f.max) f.max = v;
  $("frames-index").max = Math.max(0, f.subset.length - 1);
  $("frames-play").disabled = f.subset.length < 2;
  if (f.subset.length === 0) {
    stopCine();
    $("frames-label").textContent = "no frame has these values";
    drawMontage();
    return;
  }
  drawFrame(Math.min(Math.max(0, f.index), f.subset.length - 1));
  drawMontage();
}

// The montage: every frame along the slider's vector (the other vectors held as chosen) side by side on the cine's one
// scale, each labelled with its value; it takes the single frame's place while ticked.
function drawMontage() {
  const f = state.frames;
  const on = $("frames-montage").checked && !!f;
  $("frames-grid").hidden = !on;
  $("frames-canvas").hidden = on;
  if (!on) return;
  const grid = $("frames-grid");
  grid.replaceChildren();
  const width = f.subset.length > 16 ? 80 : 128;
  for (const frame of f.subset) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = f.cineKey ? `${VECTOR_NAMES[f.cineKey] ?? f.cineKey} ${f.instance.frames[frame][f.cineKey]}` : `frame ${frame + 1}`;
    const canvas = document.createElement("canvas");
    canvas.width = f.instance.columns;
    canvas.height = f.instance.rows;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${Math.round(width * f.instance.rows / f.instance.columns)}px`;
    canvas.dataset.frame = frame;
    paint(canvas, f.pixels.subarray(frame * f.size, (frame + 1) * f.size), f.instance.columns, f.instance.rows, f.max);
    figure.append(caption, canvas);
    grid.append(figure);
  }
}

function drawFrame(index) {
  const f = state.frames;
  if (!f || index < 0 || index >= f.subset.length) return;
  f.index = index;
  $("frames-index").value = index;
  const frame = f.subset[index];
  const vectors = f.instance.frames[frame];
  $("frames-label").textContent = `frame ${index + 1}/${f.subset.length}` + f.varying.map((k) => ` · ${VECTOR_NAMES[k] ?? k} ${vectors[k]}`).join("");
  const canvas = $("frames-canvas");
  canvas.dataset.frame = frame;
  paint(canvas, f.pixels.subarray(frame * f.size, (frame + 1) * f.size), f.instance.columns, f.instance.rows, f.max);
}

function toggleCine() {
  if (state.cine) { stopCine(); return; }
  $("frames-play").textContent = "Pause";
  state.cine = setInterval(() => drawFrame((state.frames.index + 1) % state.frames.subset.length), 125);
}

function stopCine() {
  clearInterval(state.cine);
  state.cine = null;
  $("frames-play").textContent = "Play";
}

async function recompute() {
  $("recompute").disabled = true;
  $("roi-state").textContent = "recomputing…";
  $("study-error").textContent = "";
  try {
    const lung = state.lung;
    const rois = lung ? { rows: lung.rows, columns: lung.columns, rightSpans: maskToSpans(lung.right, lung), leftSpans: maskToSpans(lung.left, lung) }
      : state.rois.map(({ edited, ...roi }) => roi);
    const report = await api("POST", `/api/studies/${state.study}/rois`, { rois });
    showResult(await api("GET", `/api/studies/${state.study}/result`));
    showReport(report);
    $("roi-state").textContent = "recomputed";
  } catch (e) {
    $("study-error").textContent = e.message;
    $("recompute").disabled = false;
    $("roi-state").textContent = "";
  }
}

// A technologist or physician may run a study's processing again (after a failure, or to redo a draft's analysis); a signed
// report is amended instead.
function showRerun() {
  $("rerun").hidden = !["technologist", "physician"].includes(state.session?.role) || state.report?.status === "signed";
}

async function rerun() {
  const uid = state.study;
  const typed = typedText();
  const unsaved = state.edited || statementsChanged() || (state.report && (typed.indication !== text(state.report.indication) || typed.impression !== text(state.report.impression)));
  if (unsaved && !confirm("Rerun the processing? Unsaved ROI edits and typed text on this page are discarded (saved ones are kept).")) return;
  $("rerun").disabled = true;
  $("study-error").textContent = "";
  $("roi-state").textContent = "reprocessing…";
  try {
    const job = await api("POST", `/api/studies/${uid}/process`);
    // The study may have been left meanwhile: only the one reprocessed is reloaded.
    if (state.study !== uid) return;
    await openStudy(uid);
    if (job.status !== "done") $("study-error").textContent = `processing ${job.status}: ${text(job.message)}`;
  } catch (e) {
    if (state.study === uid) $("study-error").textContent = e.message;
  } finally {
    $("rerun").disabled = false;
    if ($("roi-state").textContent === "reprocessing…") $("roi-state").textContent = "";
  }
}

async function saveText() {
  await change("PUT", `/api/studies/${state.study}/report`, typedText());
}

async function sign() {
  if (state.edited) { $("study-error").textContent = "Recompute the edited ROIs before signing."; return; }
  // What is signed is what the physician sees: text typed but not saved is saved first, and a failed save signs nothing.
  if ($("indication").value !== text(state.report.indication) || $("impression").value !== text(state.report.impression) || statementsChanged()) {
    if (!await change("PUT", `/api/studies/${state.study}/report`, typedText())) return;
  }
  // Missing documentation is a soft stop: the physician sees what is missing and signs knowingly (the report lists it). The
  // acknowledgement names what was shown; if the node finds more missing meanwhile, it says so and the physician is asked again.
  let missing = state.report.documentationCheck?.missing || [];
  for (let attempt = 0; attempt < 3; attempt++) {
    if (missing.length > 0 && !window.confirm(`The documentation check lists missing elements:\n\n${missing.join("\n")}\n\nSign anyway? The signed report will list them.`)) return;
    $("study-error").textContent = "";
    try {
      showReport(await api("POST", `/api/studies/${state.study}/report/sign`, missing.length > 0 ? { acknowledgedMissing: missing } : undefined));
      break;
    } catch (e) {
      $("study-error").textContent = e.message;
      if (e.data?.code !== "documentation-incomplete") break;
      missing = e.data.missing;
      try { showReport(await api("GET", `/api/studies/${state.study}/report`)); }
      catch (reload) { $("study-error").textContent = reload.message; break; }
      $("study-error").textContent = "The documentation check changed meanwhile: see what is missing now.";
    }
  }
  drawRois();
}

async function amend() {
  await change("POST", `/api/studies/${state.study}/report/amend`, { reason: $("amend-reason").value });
  $("amend-reason").value = "";
  drawRois();
}

// True when the change was accepted (the report shown is the new one); false with the reason shown.
async function change(method, path, body) {
  $("study-error").textContent = "";
  try { showReport(await api(method, path, body)); return true; }
  catch (e) { $("study-error").textContent = e.message; return false; }
}

start();
